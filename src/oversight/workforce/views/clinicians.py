"""The clinician register (issue 13, Deliver 1): the list (paged, sortable, filterable, with its CSV) for
those who see professional concerns or professional standards; one clinician's register entry; adding and
correcting entries for those who manage the register. Adding a clinician is also the first step of
raising a professional concern about someone not yet recorded, for those who manage concerns.

A clinician is in scope when the organisation holding their record, or their designated body, is in
the reader's scope; out of scope is a 403. Every list view, entry view and download is audited."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import NoReverseMatch, reverse
from django.utils import timezone

from oversight.accounts.access import can, organisations_in_scope, scope_ids
from oversight.accounts.decorators import capability_required
from oversight.accounts.roles import Capability as C
from oversight.audit import auditor
from oversight.audit.exports import audited_csv
from oversight.audit.listing import audited_page
from oversight.organisations.models import OrganisationKind

from ..forms import ClinicianFilterForm, ClinicianForm, RegisterChoices
from ..models import Clinician
from ..presenters import CLINICIAN_COLUMNS, CSV_HEADER, clinician_row, csv_row, summary_rows
from ..selectors import (
    clinicians_in_scope,
    in_scope,
    organisations_of,
    people_in_scope,
    register_list,
    responsible_officers_in_scope,
)
from ..services import add_clinician, update_clinician

READ = (C.VIEW_PROFESSIONAL_CONCERNS, C.VIEW_PROFESSIONAL_STANDARDS)
ENTRY = (*READ, C.MANAGE_CLINICIAN_REGISTER)
ADD = (C.MANAGE_CLINICIAN_REGISTER, C.MANAGE_PROFESSIONAL_CONCERNS)
PAGE_SIZE = 50
# Organisations that hold clinicians' records (a site's clinicians are recorded at its trust; the sites
# are offered as places worked at).
HOLDERS = (OrganisationKind.TRUST,)
PLACES = (OrganisationKind.TRUST, OrganisationKind.SITE)


def _breadcrumbs(*extra: dict) -> list[dict]:
    return [{"text": "Workforce", "href": reverse("workforce:index")}, *extra]


def _clinicians_crumb() -> dict:
    return {"text": "Clinicians", "href": reverse("workforce:clinician-list")}


def _url(name: str, **kwargs) -> str:
    try:
        return reverse(name, kwargs=kwargs)
    except NoReverseMatch:
        return ""


def register_choices(user) -> RegisterChoices:
    """The register fields' choices: organisations and people in the user's register scope."""
    places = organisations_in_scope(user, C.MANAGE_CLINICIAN_REGISTER)
    return RegisterChoices(
        designated_bodies=places.filter(kind=OrganisationKind.TRUST).order_by("name"),
        responsible_officers=responsible_officers_in_scope(user, C.MANAGE_CLINICIAN_REGISTER),
        people=people_in_scope(user, C.MANAGE_CLINICIAN_REGISTER),
        worked_at=places.filter(kind__in=PLACES).order_by("name"),
    )


def _save_data(form: ClinicianForm) -> dict:
    data = form.service_data()
    if "organisations_worked_at" in data:
        data["organisations_worked_at"] = list(data["organisations_worked_at"])
    return data


# -------------------------------------------------------------------------------------------- list ----


def _listed(request):
    clinicians = clinicians_in_scope(request.user, *READ)
    places = organisations_of(clinicians)
    form = ClinicianFilterForm(request.GET or None, organisations=places, designated_bodies=places)
    filters, sort = form.chosen()
    return form, register_list(request.user, READ, filters, sort)


@capability_required(*READ)
def clinician_list(request):
    form, clinicians = _listed(request)
    listed = audited_page(request, clinicians, object_type="workforce.Clinician",
                          what=lambda count: f"Clinician register: {count} clinicians",
                          reason="Clinician register list.", per_page=PAGE_SIZE)
    page = listed.page
    user = request.user
    rows = [clinician_row(c, sees_performance=can(user, C.VIEW_CLINICIAN_PERFORMANCE, c),
                          sees_record=in_scope(user, c, C.VIEW_DOCTOR_RECORD)) for c in page]
    return render(request, "workforce/clinician_list.jinja", {
        "page_title": "Clinicians", "columns": CLINICIAN_COLUMNS, "rows": rows, "form": form, "pages": listed.pages,
        "count": page.paginator.count, "query": listed.query,
        "page_number": page.number, "page_count": page.paginator.num_pages,
        "can_manage": bool(scope_ids(user, C.MANAGE_PROFESSIONAL_CONCERNS) or scope_ids(user, C.MANAGE_CLINICIAN_REGISTER)),
        "can_import": bool(scope_ids(user, C.MANAGE_CLINICIAN_REGISTER)),
        "breadcrumbs": _breadcrumbs(),
    })


@capability_required(*READ)
def clinician_list_csv(request):
    _form, clinicians = _listed(request)
    clinicians = clinicians.select_related("responsible_officer").prefetch_related("organisations_worked_at")
    rows = [csv_row(c) for c in clinicians]
    return audited_csv(request, filename=f"clinician-register-{timezone.localdate():%Y%m%d}.csv", header=CSV_HEADER,
                       rows=rows, object_type="workforce.Clinician", what=f"Clinician register: {len(rows)} clinicians")


# ------------------------------------------------------------------------------------- one clinician ----


def _entry(request, pk) -> Clinician:
    clinician = get_object_or_404(Clinician.objects.select_related(
        "organisation", "designated_body", "responsible_officer", "line_manager"), pk=pk)
    if not in_scope(request.user, clinician, *ENTRY):
        raise PermissionDenied("This clinician's organisation is not in your scope.")
    return clinician


@capability_required(*ENTRY)
def clinician_detail(request, pk):
    clinician = _entry(request, pk)
    user = request.user
    manages = in_scope(user, clinician, C.MANAGE_CLINICIAN_REGISTER)
    sees_standards = in_scope(user, clinician, C.VIEW_PROFESSIONAL_STANDARDS)
    reason = ("Responsible Officer's oversight" if sees_standards else
              "managing the clinician register" if manages else "professional concerns")
    auditor.view(clinician, reason=f"Clinician register entry: {reason}")
    links = []
    if sees_standards or manages:
        links.append({"text": "Employment checks and training", "href": reverse("workforce:clinician-checks", args=[pk])})
    if clinician.is_doctor and sees_standards:
        links.append({"text": "Revalidation", "href": _url("professional_standards:doctor-revalidation", pk=pk)})
    if clinician.is_doctor and in_scope(user, clinician, C.VIEW_DOCTOR_RECORD):
        links.append({"text": "Whole professional record", "href": _url("professional_standards:record", pk=pk)})
    if can(user, C.VIEW_CLINICIAN_PERFORMANCE, clinician):
        links.append({"text": "Clinical performance", "href": reverse("clinical_performance:record", kwargs={"pk": pk})})
    if in_scope(user, clinician, C.MANAGE_PROFESSIONAL_CONCERNS):
        links.append({"text": "Record a professional concern",
                      "href": reverse("governance:concern-new") + f"?clinician={pk}"})
    return render(request, "workforce/clinician_detail.jinja", {
        "page_title": clinician.name, "clinician": clinician, "rows": summary_rows(clinician),
        "links": [link for link in links if link["href"]],
        "edit": reverse("workforce:clinician-edit", args=[pk]) if manages else "",
        "breadcrumbs": _breadcrumbs(_clinicians_crumb()),
    })


@capability_required(*ADD)
def clinician_new(request):
    """Add a clinician. Those who manage the register give the whole entry; those who only manage concerns
    the short form. Then on to raise the concern (the concern form's "add them first" link), unless the
    register's own "Add a clinician" (``?then=register``) asked to see the entry saved."""
    user = request.user
    registers = bool(scope_ids(user, C.MANAGE_CLINICIAN_REGISTER))
    capability = C.MANAGE_CLINICIAN_REGISTER if registers else C.MANAGE_PROFESSIONAL_CONCERNS
    organisations = organisations_in_scope(user, capability).filter(kind__in=HOLDERS).order_by("name")
    form = ClinicianForm(request.POST or None, organisations=organisations,
                         register=register_choices(user) if registers else None)
    then = request.POST.get("then") or request.GET.get("then", "")
    if request.method == "POST" and form.is_valid():
        try:
            clinician = add_clinician(**_save_data(form))
        except ValidationError as error:
            form.add_service_error(error)
        else:
            messages.success(request, f"{clinician.name} added")
            if then != "register" and can(user, C.MANAGE_PROFESSIONAL_CONCERNS, clinician):
                # Added from the concern form (or by someone who only manages concerns): go straight on to it.
                return redirect(reverse("governance:concern-new") + f"?clinician={clinician.pk}")
            return redirect("workforce:clinician", pk=clinician.pk)
    return render(request, "workforce/clinician_form.jinja", {
        "page_title": "Add a clinician", "form": form, "cancel": reverse("workforce:clinician-list"), "then": then,
        "breadcrumbs": _breadcrumbs(_clinicians_crumb()),
    })


@capability_required(C.MANAGE_CLINICIAN_REGISTER)
def clinician_edit(request, pk):
    clinician = _entry(request, pk)
    user = request.user
    if not in_scope(user, clinician, C.MANAGE_CLINICIAN_REGISTER):
        raise PermissionDenied("Only those who manage the clinician register for this clinician's organisation may correct it.")
    organisations = (organisations_in_scope(user, C.MANAGE_CLINICIAN_REGISTER).filter(kind__in=HOLDERS)
                     | type(clinician.organisation).objects.filter(pk=clinician.organisation_id)).distinct().order_by("name")
    form = ClinicianForm(request.POST or None, organisations=organisations, register=register_choices(user),
                         instance=clinician)
    if request.method == "POST" and form.is_valid():
        try:
            update_clinician(clinician, user, **_save_data(form))
        except ValidationError as error:
            form.add_service_error(error)
        else:
            messages.success(request, f"{clinician.name}'s register entry saved")
            return redirect("workforce:clinician", pk=clinician.pk)
    detail = reverse("workforce:clinician", args=[pk])
    return render(request, "workforce/clinician_form.jinja", {
        "page_title": f"Correct {clinician.name}'s register entry", "form": form, "cancel": detail, "then": "",
        "breadcrumbs": _breadcrumbs(_clinicians_crumb(), {"text": clinician.name, "href": detail}),
    })
