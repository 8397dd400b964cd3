"""Appraisal pages: the doctors in scope for one appraisal year (filters, sorting, pages, CSV); one doctor's
appraisals by year, for the Responsible Officer and medical director, the doctor's appraiser and the doctor
(access.may_see_appraisals says who and why; each opening is recorded with that reason); allocating the
appraiser and scheduling the year, recording the meeting and sign-off, and approving a missed appraisal
(MANAGE_APPRAISAL for the doctor); the appraiser's list of appraisees; and the doctor's own appraisals.
A doctor out of the user's scope is refused (403). The rules are the service's."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone

from oversight.accounts.access import can
from oversight.accounts.decorators import capability_required
from oversight.accounts.roles import Capability as C
from oversight.audit import auditor
from oversight.audit.exports import audited_csv
from oversight.audit.listing import audited_page
from oversight.audit.models import AuditAction
from oversight.workforce.models import Clinician

from .. import access
from ..forms.appraisals import AllocateForm, AppraisalFilterForm, MissedForm, RecordForm
from ..models import Appraisal
from ..presenters.appraisals import (
    APPRAISEE_COLUMNS,
    COLUMNS,
    CSV_HEADER,
    PAGE_SIZE,
    YEAR_COLUMNS,
    AppraisalListPresenter,
    DoctorAppraisalsPresenter,
    appraisee_rows,
    appraisers_for,
    doctor_appraisals_url,
    load_year,
)
from ..services import appraisals as service

MANAGE = C.MANAGE_APPRAISAL
SEE = (C.VIEW_PROFESSIONAL_STANDARDS, C.VIEW_APPRAISEE_APPRAISALS, C.VIEW_OWN_RECORD)


def breadcrumbs(*extra) -> list[dict]:
    return [{"text": "Professional standards", "href": reverse("professional_standards:index")}, *extra]


def _list_crumb() -> dict:
    return {"text": "Appraisals", "href": reverse("professional_standards:appraisals")}


def doctor_for(request, pk, capability: str = MANAGE) -> Clinician:
    clinician = get_object_or_404(Clinician.objects.select_related("organisation", "designated_body"), pk=pk)
    if not access.may(request.user, capability, clinician):
        raise PermissionDenied("This doctor is not connected to a designated body in your scope.")
    return clinician


def appraisal_for(request, pk) -> Appraisal:
    appraisal = get_object_or_404(Appraisal.objects.select_related("clinician", "appraiser"), pk=pk)
    doctor_for(request, appraisal.clinician_id)
    return appraisal


def _form_page(request, form, *, title: str, clinician, submit: str = "Save", intro=()):
    return render(request, "professional_standards/appraisal_form.jinja", {
        "page_title": title, "form": form, "submit": submit, "caption": f"{clinician.name} ({clinician.registration_label})",
        "intro": list(intro), "cancel": doctor_appraisals_url(clinician),
        "breadcrumbs": breadcrumbs(_list_crumb(), {"text": clinician.name, "href": doctor_appraisals_url(clinician)}),
    })


def _posted(request):
    """The submitted data, bound even when empty (an empty form must show its errors, not a blank form)."""
    return request.POST if request.method == "POST" else None


def _run(form, call):
    try:
        return call()
    except ValidationError as error:
        form.add_service_error(error)
        return None


# --------------------------------------------------------------------------------- the list ----


def _list(request):
    doctors = access.doctors_for(request.user)
    form = AppraisalFilterForm(request.GET or None, appraisers=appraisers_for(request.user, C.VIEW_PROFESSIONAL_STANDARDS))
    filters = form.values()
    presenter = AppraisalListPresenter(load_year(doctors, int(filters["year"]), timezone.localdate()), filters)
    return form, presenter


@capability_required(C.VIEW_PROFESSIONAL_STANDARDS)
def appraisals(request):
    form, presenter = _list(request)
    listed = audited_page(request, presenter.rows_chosen, object_type="professional_standards.Appraisal",
                          what=f"Appraisals {presenter.year_label} of {presenter.total} doctors",
                          reason="Appraisal list: Responsible Officer's oversight of appraisal.", per_page=PAGE_SIZE)
    return render(request, "professional_standards/appraisals.jinja", {
        "page_title": f"Appraisals {presenter.year_label}", "form": form, "appraisals": presenter, "page": listed.page,
        "rows": presenter.rows(listed.page.object_list), "columns": COLUMNS, "query": listed.query,
        "breadcrumbs": breadcrumbs(),
    })


@capability_required(C.VIEW_PROFESSIONAL_STANDARDS)
def appraisals_csv(request):
    _form, presenter = _list(request)
    rows = presenter.csv_rows()
    return audited_csv(request, filename=f"appraisals-{presenter.year}-{timezone.localdate():%Y%m%d}.csv", header=CSV_HEADER,
                       rows=rows, object_type="professional_standards.Appraisal",
                       what=f"Appraisals {presenter.year_label} of {len(rows)} doctors")


# ------------------------------------------------------------------------------ one doctor ----


def _doctor_page(request, clinician: Clinician, reason: str, *, title: str | None = None, crumbs=None):
    auditor.view(clinician, reason=f"Doctor's appraisals: {reason}")
    presenter = DoctorAppraisalsPresenter(clinician, timezone.localdate(), may_manage=access.may(request.user, MANAGE, clinician))
    return render(request, "professional_standards/appraisal_doctor.jinja", {
        "page_title": title or presenter.title, "doctor": presenter, "reason": reason, "year_columns": YEAR_COLUMNS,
        "breadcrumbs": crumbs if crumbs is not None else breadcrumbs(
            *([_list_crumb()] if can(request.user, C.VIEW_PROFESSIONAL_STANDARDS) else [])),
    })


@capability_required(*SEE)
def doctor_appraisals(request, pk):
    clinician = get_object_or_404(Clinician.objects.select_related("organisation", "designated_body"), pk=pk)
    reason = access.may_see_appraisals(request.user, clinician)
    if not reason:
        raise PermissionDenied("Only the doctor, their appraiser and the Responsible Officer may see a doctor's appraisals.")
    return _doctor_page(request, clinician, reason)


@capability_required(C.VIEW_OWN_RECORD)
def my_appraisals(request):
    clinician = access.own_doctor(request.user)
    if clinician is None or not clinician.is_doctor:
        return render(request, "professional_standards/appraisal_unlinked.jinja", {
            "page_title": "My appraisals", "breadcrumbs": breadcrumbs()})
    return _doctor_page(request, clinician, "The doctor's own record", title="My appraisals", crumbs=breadcrumbs())


@capability_required(C.VIEW_APPRAISEE_APPRAISALS)
def my_appraisees(request):
    rows = appraisee_rows(access.appraisees_of(request.user), timezone.localdate())
    auditor.record(AuditAction.VIEW, object_type="workforce.Clinician", object_repr=f"Appraisees of the appraiser ({len(rows)})",
                   reason="The appraiser's list of appraisees")
    return render(request, "professional_standards/appraisal_appraisees.jinja", {
        "page_title": "My appraisees", "rows": rows, "columns": APPRAISEE_COLUMNS, "breadcrumbs": breadcrumbs(),
    })


# -------------------------------------------------------------------------------- the forms ----


@capability_required(MANAGE)
def allocate(request, pk):
    clinician = doctor_for(request, pk)
    form = AllocateForm(_posted(request), appraisers=appraisers_for(request.user), initial={
        "appraisal_year": request.GET.get("year") or "", "appraiser": str(clinician.appraiser_id or "")})
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        appraiser = form.chosen_appraiser
        if appraiser is None:
            done = _run(form, lambda: service.schedule_appraisal(clinician, form.year, data["due_on"], request.user))
            message = "Appraisal year scheduled"
        else:
            done = _run(form, lambda: service.allocate_appraiser(clinician, appraiser, form.year, request.user,
                                                                 data["conflict_of_interest_note"], due_on=data["due_on"]))
            message = f"Appraiser allocated: {appraiser.display_name}"
        if done is not None:
            messages.success(request, f"{message} for {done.year_label}")
            return redirect(doctor_appraisals_url(clinician))
    return _form_page(request, form, title="Allocate an appraiser", clinician=clinician, intro=[
        "Choose the appraisal year, its due month and the appraiser. An appraiser who is the doctor's line manager, whom "
        "the doctor appraised this year or last, or who has appraised the doctor for the most consecutive years the rules "
        "allow, is refused."])


@capability_required(MANAGE)
def record(request, pk):
    appraisal = appraisal_for(request, pk)
    clinician = appraisal.clinician
    form = RecordForm(_posted(request), initial=RecordForm.initial_of(appraisal))
    done = None
    if request.method == "POST" and form.is_valid():
        done = _run(form, lambda: service.record_appraisal(appraisal, request.user, **form.service_data()))
    if done is not None:
        messages.success(request, f"Appraisal {appraisal.year_label} recorded")
        return redirect(doctor_appraisals_url(clinician))
    return _form_page(request, form, title=f"Record the {appraisal.year_label} appraisal", clinician=clinician, intro=[
        f"Due in {appraisal.due_on:%B %Y}. The outputs are signed off on or after the meeting; a meeting counts for this "
        f"year only within its dates."])


@capability_required(MANAGE)
def missed(request, pk):
    appraisal = appraisal_for(request, pk)
    clinician = appraisal.clinician
    form = MissedForm(_posted(request))
    done = None
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        done = _run(form, lambda: service.approve_missed(appraisal, data["missed_reason"], data["missed_note"], request.user))
    if done is not None:
        messages.success(request, f"Missed appraisal {appraisal.year_label} approved")
        return redirect(doctor_appraisals_url(clinician))
    return _form_page(request, form, title=f"Approve the missed {appraisal.year_label} appraisal", clinician=clinician,
                      submit="Approve", intro=[
                          "A missed year with reasonable mitigation agreed with the Responsible Officer (for example "
                          "parental leave or sickness) need not be caught up, and counts as approved (category 2)."])
