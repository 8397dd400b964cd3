"""Incident pages: the public report form, the list, the case page and each workflow step."""

from __future__ import annotations

from contextlib import nullcontext

from django.contrib.auth.decorators import login_not_required
from django.db.models import Q
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse, reverse_lazy
from django.utils import timezone

from oversight.accounts.access import organisations_in_scope, scope_ids
from oversight.accounts.decorators import capability_required
from oversight.accounts.roles import Capability as C
from oversight.audit.auditor import record
from oversight.audit.context import acting_as, system_actor
from oversight.audit.models import AuditAction
from oversight.nhs_number import format_nhs_number

from ..access import get_incident, incidents_for
from ..configuration import label
from ..forms.common import ReasonForm, StaffForm
from ..forms.incidents import (
    STEP_FORMS,
    IncidentFilterForm,
    IncidentReportForm,
    IncidentReviewForm,
    ThemesForm,
)
from ..models import IncidentStatus
from ..models.incidents import STEP_LABELS
from ..presenters.common import row
from ..presenters.incidents import INCIDENT_COLUMNS, IncidentPresenter, incident_row
from ..rate_limits import count_report, limit_reached, report_limits
from ..services import incidents as service
from ..services.staff import numbers_text
from .common import GOVERNANCE, csv_download, done, form_page, not_now, run_service

INCIDENTS = {"text": "Incidents", "href": reverse_lazy("governance:incident-list")}
LIST_LIMIT = 500


@login_not_required
def report_incident(request):
    """Anyone can report, signed in or not: no training needed."""
    form = IncidentReportForm(request.POST or None, initial={"place": request.GET.get("organisation", "")},
                              name_staff=request.user.is_authenticated)
    if request.method == "POST" and form.is_valid():
        limits = report_limits(request, service.accountable_trust(form.cleaned_data["place"]))
        reached = limit_reached(limits)
        if reached is not None:
            return render(request, "governance/too_many_reports.jinja",
                          {"page_title": "Too many reports: try again later", "wait": reached.wait}, status=429)
        # A report from someone not signed in is written by a named system actor.
        actor = nullcontext() if request.user.is_authenticated else acting_as(system_actor("anonymous-incident-report"))
        with actor:
            incident = run_service(form, lambda data: service.report_incident(
                place=data["place"], user=request.user, staff_numbers=data.get("staff_registration_numbers"),
                **form.incident_fields()))
        if incident:
            count_report(limits)
            request.session["reported_incident"] = incident.reference
            return redirect("governance:report-incident-done")
    return form_page(
        request, form, title="Report a patient safety incident", submit="Send report", breadcrumbs=[],
        intro=[("Tell us about something that went wrong, or nearly did, in the care of a patient. You do not "
                "need to sign in and you can stay anonymous."),
               "Reports are used to learn and make care safer, not to blame. Call 999 if someone is in danger now."],
    )


@login_not_required
def report_incident_done(request):
    reference = request.session.pop("reported_incident", "")
    return render(request, "governance/report_done.jinja", {"page_title": "Report sent", "reference": reference})


def _filtered(request):
    organisations = organisations_in_scope(request.user, C.VIEW_CASES).order_by("name")
    form = IncidentFilterForm(request.GET or None, organisations=organisations)
    incidents = incidents_for(request.user).select_related("organisation", "site")
    if form.is_valid():
        data = form.cleaned_data
        if data["q"]:
            incidents = incidents.filter(Q(reference__icontains=data["q"]) | Q(description__icontains=data["q"]) |
                                         Q(location__icontains=data["q"]) | Q(external_reference__iexact=data["q"]))
        for field in ("status", "physical_harm", "event_type"):
            if data[field]:
                incidents = incidents.filter(**{field: data[field]})
        if data["organisation"]:
            incidents = incidents.filter(Q(organisation__ods_code=data["organisation"]) | Q(site__ods_code=data["organisation"]))
        if data["theme"]:
            incidents = incidents.filter(themes__name__iexact=data["theme"])
        if data["reported_from"]:
            incidents = incidents.filter(reported_at__date__gte=data["reported_from"])
        if data["reported_to"]:
            incidents = incidents.filter(reported_at__date__lte=data["reported_to"])
        if data["notifiable"]:
            incidents = incidents.filter(is_notifiable=True)
    return form, incidents.order_by("-reported_at")


@capability_required(C.VIEW_CASES)
def incident_list(request):
    form, incidents = _filtered(request)
    total = incidents.count()
    rows = [incident_row(i) for i in incidents[:LIST_LIMIT]]
    return render(request, "governance/incident_list.jinja", {
        "page_title": "Incidents", "form": form, "rows": rows, "columns": INCIDENT_COLUMNS, "total": total,
        "limit": LIST_LIMIT, "query": request.GET.urlencode(), "breadcrumbs": [GOVERNANCE],
        "can_import": bool(scope_ids(request.user, C.MANAGE_CASES)),
    })


@capability_required(C.VIEW_CASES)
def incident_csv(request):
    _, incidents = _filtered(request)
    header = ["reference", "organisation", "site", "location", "event_type", "occurred_on", "reported_at", "physical_harm",
              "psychological_harm", "never_event", "duty_of_candour_applies", "requires_psii", "status", "learning_response",
              "themes", "external_reference"]
    rows = (
        [i.reference, i.organisation.ods_code, i.site.ods_code if i.site else "", i.location,
         label("lfpse_event_types", i.event_type), i.occurred_on.isoformat(), timezone.localtime(i.reported_at).isoformat(),
         label("physical_harm", i.physical_harm), label("psychological_harm", i.psychological_harm),
         label("never_events", i.never_event, ""), "yes" if i.is_notifiable else "no", "yes" if i.requires_psii else "no",
         i.get_status_display(), label("learning_responses", i.learning_response, ""),
         "; ".join(t.name for t in i.themes.all()), i.external_reference]
        for i in incidents.prefetch_related("themes").iterator(chunk_size=2000)
    )
    return csv_download(request, "incidents.csv", header, rows, "incidents CSV (no patient details)")


@capability_required(C.VIEW_CASES)
def incident_detail(request, pk):
    incident = get_incident(request.user, pk)
    presenter = IncidentPresenter(incident, request.user, timezone.localdate())
    return render(request, "governance/incident_detail.jinja", {
        "page_title": presenter.title, "incident": presenter, "breadcrumbs": [GOVERNANCE, INCIDENTS],
    })


@capability_required(C.VIEW_PATIENT_DETAILS)
def incident_patient(request, pk):
    incident = get_incident(request.user, pk, C.VIEW_PATIENT_DETAILS)
    return patient_details_page(request, incident, reverse("governance:incident-detail", args=[pk]), [GOVERNANCE, INCIDENTS])


def patient_details_page(request, case, back: str, breadcrumbs: list):
    """Ask why, log the reason with the view in the audit trail, then show the details (this once)."""
    form = ReasonForm(request.POST or None)
    shown = None
    if request.method == "POST" and form.is_valid():
        record(AuditAction.VIEW, case, reason=form.reason_text())
        shown = patient_rows(case)
    return render(request, "governance/patient_details.jinja", {
        "page_title": "Patient details", "caption": case.reference, "form": form, "case": case, "shown": shown,
        "back": back, "breadcrumbs": breadcrumbs,
    })


def patient_rows(case) -> list[dict]:
    rows = []
    if hasattr(case, "complainant_name"):
        rows += [row("Complainant", case.complainant_name), row("Complainant's contact details", case.complainant_contact)]
    if hasattr(case, "reporter_name"):
        rows += [row("Reported by", case.reporter_name, "Anonymous"), row("Reporter's contact", case.reporter_contact)]
    number = format_nhs_number(case.patient_nhs_number) if case.patient_nhs_number else ""
    rows += [row("Patient's name", case.patient_name), row("NHS number", number),
             row("Date of birth", case.patient_date_of_birth)]
    return rows


@capability_required(C.MANAGE_CASES)
def incident_step(request, pk, step):
    incident = get_incident(request.user, pk, C.MANAGE_CASES)
    if step not in STEP_FORMS:
        raise Http404("No such step")
    kwargs = {"incident": incident} if step == IncidentStatus.RESPONSE_CHOSEN else {}
    initial = IncidentReviewForm.initial_for(incident) if step == IncidentStatus.REVIEWED else None
    form = STEP_FORMS[step](request.POST or None, initial=initial, **kwargs)
    back = reverse("governance:incident-detail", args=[pk])
    if step not in service.next_steps(incident):
        return not_now(request, f"{incident.reference} is {incident.get_status_display().lower()}: "
                                f"'{STEP_LABELS[step]}' cannot be recorded now", back)
    if request.method == "POST" and form.is_valid() and run_service(
            form, lambda data: service.apply_step(incident, step, request.user, form.step_data())):
            return done(request, f"{STEP_LABELS[step]}: recorded for {incident.reference}", back)
    psii = incident.psii_decision()
    warning = ""
    if step == IncidentStatus.RESPONSE_CHOSEN and psii.required:
        warning = f"This incident requires a patient safety incident investigation (PSII): {'; '.join(psii.reasons)}."
    return form_page(request, form, title=STEP_LABELS[step], caption=f"Incident {incident.reference}", warning=warning,
                     cancel=back, breadcrumbs=[GOVERNANCE, INCIDENTS, {"text": incident.reference, "href": back}])


@capability_required(C.MANAGE_CASES)
def incident_themes(request, pk):
    incident = get_incident(request.user, pk, C.MANAGE_CASES)
    form = ThemesForm(request.POST or None, initial={"themes": ", ".join(t.name for t in incident.themes.all())})
    back = reverse("governance:incident-detail", args=[pk])
    if request.method == "POST" and form.is_valid() and run_service(
            form, lambda data: service.update_themes(incident, request.user, data["themes"])):
            return done(request, "Themes saved", back)
    return form_page(request, form, title="Themes", caption=f"Incident {incident.reference}", cancel=back,
                     intro=["Themes link cases with something in common, for the learning library and reports."])



@capability_required(C.MANAGE_CASES)
def incident_staff(request, pk):
    """Name the staff involved, by registration number, from the trust's clinician register."""
    incident = get_incident(request.user, pk, C.MANAGE_CASES)
    form = StaffForm(request.POST or None, label="Registration numbers of the staff involved",
                     initial={"staff_registration_numbers": numbers_text(incident, "incident")})
    back = reverse("governance:incident-detail", args=[pk]) + "#staff"
    if request.method == "POST" and form.is_valid() and run_service(
            form, lambda data: service.set_staff_involved(incident, request.user, data["staff_registration_numbers"])):
        return done(request, "Staff involved saved", back)
    return form_page(request, form, title="Staff involved", caption=f"Incident {incident.reference}", cancel=back,
                     breadcrumbs=[GOVERNANCE, INCIDENTS, {"text": incident.reference, "href": back}],
                     intro=[f"The staff named here are linked to their record on the clinician register of "
                            f"{incident.organisation.name}, for their Responsible Officer."])
