"""Each doctor's whole record (issue 13, Deliver 5).

- ``record``: for the Responsible Officer and the medical director (VIEW_DOCTOR_RECORD, the doctor in their
  scope, else 403). Need to know: the page first asks why, and each view is recorded in the audit trail with
  that reason. The reason travels with the filters and the download (a GET form), so every page shown and
  every file downloaded is logged with its own reason.
- ``record_csv``: the same record as CSV (audited; coded summaries only, no patient identifiers).
- ``record_note_new`` and ``record_restrict``: a note of a claim, an inquest or information from another
  setting; withholding an item from the doctor's own view, and lifting that. For those who may see the record
  and manage concerns (VIEW_DOCTOR_RECORD and MANAGE_PROFESSIONAL_CONCERNS: the RO and the medical director).
- ``my_record``: the doctor's own record (VIEW_OWN_RECORD), less what the RO withholds and less concerns not
  yet past the "raised" stage; each view logged.

Appraisers do not see the whole record: their appraisees' appraisal information only (the appraisal pages).
docs/doctor-record.md."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse

from oversight.accounts.decorators import capability_required
from oversight.accounts.roles import Capability as C
from oversight.audit import auditor
from oversight.audit.exports import audited_csv
from oversight.workforce.models import Clinician

from .. import access
from ..forms.record import LiftForm, RecordFilterForm, RecordNoteForm, RecordReasonForm, RestrictForm
from ..models import RecordItemKind, RecordRestriction
from ..presenters import record as present
from ..record import find_item, own_record, whole_record
from ..services import record as service
from .dashboard import breadcrumbs

VIEW = C.VIEW_DOCTOR_RECORD
MANAGE = C.MANAGE_PROFESSIONAL_CONCERNS
TEMPLATES = "professional_standards/"


def doctor_for(request, pk, *capabilities: str) -> Clinician:
    """The doctor, if the user holds every one of ``capabilities`` for them (403 otherwise)."""
    clinician = get_object_or_404(Clinician.objects.select_related("organisation", "designated_body"), pk=pk)
    if not all(access.may(request.user, capability, clinician) for capability in capabilities or (VIEW,)):
        raise PermissionDenied("This doctor is not connected to a designated body in your scope.")
    return clinician


def _may_manage(request, clinician) -> bool:
    return access.may(request.user, VIEW, clinician) and access.may(request.user, MANAGE, clinician)


def _reason_form(request) -> RecordReasonForm:
    return RecordReasonForm(request.GET if "reason" in request.GET else None)


def _reason_query(form: RecordReasonForm) -> str:
    from django.http import QueryDict

    query = QueryDict(mutable=True)
    query["reason"] = form.cleaned_data["reason"]
    if form.cleaned_data.get("detail"):
        query["detail"] = form.cleaned_data["detail"]
    return query.urlencode()


def _record_url(clinician) -> str:
    return reverse("professional_standards:record", args=[clinician.pk])


def _crumbs(clinician=None):
    extra = [{"text": "Dashboard", "href": reverse("professional_standards:dashboard")}]
    if clinician is not None:
        extra.append({"text": clinician.name, "href": _record_url(clinician)})
    return breadcrumbs(*extra)


@capability_required(VIEW)
def record(request, pk):
    clinician = doctor_for(request, pk, VIEW)
    reason = _reason_form(request)
    if not reason.is_valid():
        return render(request, TEMPLATES + "record_reason.jinja", {
            "page_title": "Why do you need to see this record?", "caption": f"{clinician.name} ({clinician.registration_label})",
            "form": reason, "clinician": clinician, "breadcrumbs": _crumbs(),
        })
    auditor.view(clinician, reason=f"Doctor's whole record: {reason.reason_text()}")
    full = whole_record(request.user, clinician)
    filters = RecordFilterForm(request.GET)
    shown = full
    if filters.is_valid():
        data = filters.cleaned_data
        shown = full.filtered([data["kind"]] if data.get("kind") else None, data.get("first"), data.get("last"))
    reason_query = _reason_query(reason)
    return render(request, TEMPLATES + "record.jinja", {
        "page_title": f"{clinician.name}: whole record", "clinician": clinician, "record": shown,
        "counts": present.counts(full), "groups": present.groups(shown, may_restrict=_may_manage(request, clinician)),
        "columns": present.RO_COLUMNS if _may_manage(request, clinician) else present.COLUMNS,
        "summary": present.summary_rows(full), "filters": filters, "reason": reason, "reason_text": reason.reason_text(),
        "csv_url": f"{reverse('professional_standards:record-csv', args=[clinician.pk])}?{request.GET.urlencode()}",
        "change_reason_url": _record_url(clinician), "reason_query": reason_query,
        "may_manage": _may_manage(request, clinician), "own": False, "breadcrumbs": _crumbs(),
        "revalidation_url": reverse("professional_standards:doctor-revalidation", args=[clinician.pk]),
    })


@capability_required(VIEW)
def record_csv(request, pk):
    clinician = doctor_for(request, pk, VIEW)
    reason = _reason_form(request)
    if not reason.is_valid():
        return redirect(_record_url(clinician))
    auditor.view(clinician, reason=f"Doctor's whole record (download): {reason.reason_text()}")
    record_ = whole_record(request.user, clinician)
    filters = RecordFilterForm(request.GET)
    if filters.is_valid():
        data = filters.cleaned_data
        record_ = record_.filtered([data["kind"]] if data.get("kind") else None, data.get("first"), data.get("last"))
    return audited_csv(request, filename=f"record-{clinician.registration_number}.csv", header=present.CSV_HEADER,
                       rows=present.csv_rows(record_), object_type="workforce.Clinician",
                       what=f"Whole record of {clinician.registration_label}")


@capability_required(VIEW)
def record_note_new(request, pk):
    clinician = doctor_for(request, pk, VIEW, MANAGE)
    form = RecordNoteForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            service.add_note(clinician, request.user, **form.cleaned_data)
        except ValidationError as error:
            form.add_service_error(error)
        else:
            messages.success(request, "Note added to the doctor's record")
            return redirect(_record_url(clinician))
    return render(request, TEMPLATES + "record_form.jinja", {
        "page_title": "Add a note to the doctor's record", "caption": f"{clinician.name} ({clinician.registration_label})",
        "intro": ["For what Oversight does not hold as a case: a clinical negligence claim, an inquest, information "
                  "from another setting where the doctor works, a compliment, GMC conditions or a local restriction."],
        "form": form, "submit": "Add the note", "cancel": _record_url(clinician), "breadcrumbs": _crumbs(clinician),
    })


@capability_required(VIEW)
def record_restrict(request, pk, kind, item_id):
    clinician = doctor_for(request, pk, VIEW, MANAGE)
    if kind not in RecordItemKind.values:
        raise Http404("No such kind of record item")
    record_ = whole_record(request.user, clinician)
    item = find_item(record_, kind, item_id)
    if item is None:
        raise Http404("This item is not on the doctor's record")
    restriction = RecordRestriction.objects.filter(clinician__in=record_.rows, item_kind=kind, item_id=str(item_id)).first()
    form = (LiftForm if restriction else RestrictForm)(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            if restriction:
                service.lift_restriction(restriction, request.user, reason=form.cleaned_data.get("reason", ""))
                messages.success(request, f"The doctor can now see {item.reference or 'this item'} in their own record")
            else:
                service.restrict_item(clinician, request.user, item_kind=kind, item_id=item_id,
                                      reason=form.cleaned_data["reason"])
                messages.success(request, f"{item.reference or 'The item'} is withheld from the doctor's own view")
        except ValidationError as error:
            form.add_service_error(error)
        else:
            return redirect(_record_url(clinician))
    title = "Show this item to the doctor again" if restriction else "Withhold this item from the doctor's own view"
    return render(request, TEMPLATES + "record_form.jinja", {
        "page_title": title, "caption": f"{clinician.name} ({clinician.registration_label})",
        "intro": [f"{item.kind_label} {item.reference}: {item.summary} ({item.status})."] + (
            [f"Withheld by {restriction.restricted_by_label}."] if restriction else
            ["The doctor will not see this item in their own record until you show it again. "
             "Everyone else who may see the whole record still sees it."]),
        "form": form, "submit": "Show it to the doctor" if restriction else "Withhold it",
        "cancel": _record_url(clinician), "breadcrumbs": _crumbs(clinician),
    })


@capability_required(C.VIEW_OWN_RECORD)
def my_record(request):
    clinician = access.own_doctor(request.user)
    if clinician is None:
        return render(request, TEMPLATES + "my_record_unlinked.jinja", {
            "page_title": "My professional record", "breadcrumbs": breadcrumbs()})
    auditor.view(clinician, reason="Doctor's whole record: The doctor's own record")
    full = own_record(request.user, clinician)
    filters = RecordFilterForm(request.GET or None)
    shown = full
    if request.GET and filters.is_valid():
        data = filters.cleaned_data
        shown = full.filtered([data["kind"]] if data.get("kind") else None, data.get("first"), data.get("last"))
    return render(request, TEMPLATES + "my_record.jinja", {
        "page_title": "My professional record", "clinician": clinician, "record": shown, "counts": present.counts(full),
        "groups": present.groups(shown), "columns": present.COLUMNS, "summary": present.summary_rows(full),
        "filters": filters, "own": True, "breadcrumbs": breadcrumbs(),
    })
