"""Incidents and the Duty of Candour over the API."""

from __future__ import annotations

from datetime import date, time
from uuid import UUID

from django.http import Http404
from ninja import Query, Schema, Status
from ninja.errors import ValidationError
from pydantic import Field

from oversight.accounts.access import require, scope_ids
from oversight.accounts.roles import Capability as C
from oversight.audit.auditor import record
from oversight.audit.models import AuditAction

from ..access import get_incident, incidents_for
from ..forms.candour import STEP_FORMS as CANDOUR_FORMS
from ..forms.common import ReasonForm
from ..forms.incidents import STEP_FORMS, IncidentReportForm
from ..services import incidents as service
from ..services.candour import RECORDERS
from . import router
from .schemas import MAX_OFFSET, IncidentOut, IncidentSummaryOut, PatientDetailsIn, PatientDetailsOut
from .validation import apply, validated, yes_no

RENAME = {"place": "organisation"}


class IncidentIn(Schema):
    organisation: str
    event_type: str = "incident"
    occurred_on: date
    occurred_time: time | None = None
    location: str = ""
    description: str
    immediate_actions: str = ""
    physical_harm: str
    psychological_harm: str = "none"
    prolonged_psychological_harm: bool | None = None
    never_event: str = ""
    patient_involved: bool = True
    staff_involved: bool = False
    patient_nhs_number: str = ""
    patient_name: str = ""
    patient_date_of_birth: date | None = None
    themes: list[str] = Field(default_factory=list)
    # GMC, NMC or HCPC numbers of the staff involved, from the trust's clinician register.
    staff_registration_numbers: list[str] = Field(default_factory=list)


class IncidentFilters(Schema):
    status: str | None = None
    physical_harm: str | None = None
    organisation: str | None = None
    notifiable: bool | None = None
    reported_from: date | None = None
    reported_to: date | None = None
    limit: int = 500  # more than 5,000 is read as 5,000
    # A negative offset cannot be sliced and a huge one overflows the database's integers: refuse both.
    offset: int = Field(0, ge=0, le=MAX_OFFSET)


class StepIn(Schema):
    note: str = ""
    learning_response: str | None = None
    title: str | None = None
    summary: str | None = None
    event_type: str | None = None
    physical_harm: str | None = None
    psychological_harm: str | None = None
    prolonged_psychological_harm: bool | None = None
    never_event: str | None = None
    death_due_to_problems_in_care: bool | None = None
    themes: str | None = None


class CandourStepIn(Schema):
    notified_on: date | None = None
    relevant_person: str | None = None
    notified_by: str | None = None
    apology_given: bool | None = None
    note: str = ""
    recorded_on: date | None = None
    contact_attempts: str | None = None
    sent_on: date | None = None
    further_enquiries: str | None = None
    completed_on: date | None = None
    awareness_date: date | None = None


@router.get("/incidents", response=list[IncidentSummaryOut], summary="Incidents in your scope (no patient details)")
def list_incidents(request, filters: Query[IncidentFilters]):
    require(request.user, C.VIEW_CASES)
    incidents = incidents_for(request.user).select_related("organisation", "site")
    for field in ("status", "physical_harm"):
        if getattr(filters, field):
            incidents = incidents.filter(**{field: getattr(filters, field)})
    if filters.organisation:
        incidents = incidents.filter(organisation__ods_code=filters.organisation.upper())
    if filters.notifiable is not None:
        incidents = incidents.filter(is_notifiable=filters.notifiable)
    if filters.reported_from:
        incidents = incidents.filter(reported_at__date__gte=filters.reported_from)
    if filters.reported_to:
        incidents = incidents.filter(reported_at__date__lte=filters.reported_to)
    limit = max(1, min(filters.limit, 5000))
    return [IncidentSummaryOut.build(i) for i in incidents.order_by("-reported_at")[filters.offset:filters.offset + limit]]


@router.post("/incidents", response={201: IncidentOut}, summary="Report an incident")
def create_incident(request, payload: IncidentIn):
    require(request.user, C.MANAGE_CASES)
    data = payload.dict()
    data["place"] = data.pop("organisation").upper()
    data["prolonged_psychological_harm"] = yes_no(data["prolonged_psychological_harm"], "unknown")
    data["patient_involved"], data["staff_involved"] = yes_no(data["patient_involved"]), yes_no(data["staff_involved"])
    themes = ", ".join(data.pop("themes"))
    data["staff_registration_numbers"] = "; ".join(data["staff_registration_numbers"])
    form = validated(IncidentReportForm, data, RENAME, places_within=scope_ids(request.user, C.MANAGE_CASES))
    incident = apply(form, lambda d: service.report_incident(place=d["place"], user=request.user, themes=themes,
                                                             staff_numbers=d["staff_registration_numbers"],
                                                             **form.incident_fields()), RENAME)
    return Status(201, IncidentOut.build(incident))


@router.get("/incidents/{incident_id}", response=IncidentOut)
def get_incident_endpoint(request, incident_id: UUID):
    return IncidentOut.build(get_incident(request.user, incident_id))


@router.post("/incidents/{incident_id}/patient-details", response=PatientDetailsOut,
             summary="See the patient's details: give a reason, which is recorded in the audit trail")
def incident_patient_details(request, incident_id: UUID, payload: PatientDetailsIn):
    incident = get_incident(request.user, incident_id, C.VIEW_PATIENT_DETAILS)
    form = validated(ReasonForm, payload.dict())  # the page's question and checks: a 422 names the field
    record(AuditAction.VIEW, incident, reason=form.reason_text())
    return PatientDetailsOut(patient_name=incident.patient_name, patient_nhs_number=incident.patient_nhs_number,
                             patient_date_of_birth=incident.patient_date_of_birth)


@router.post("/incidents/{incident_id}/steps/{step}", response=IncidentOut,
             summary="Move an incident on: reviewed, response_chosen, response_under_way, learning_shared, closed")
def incident_step(request, incident_id: UUID, step: str, payload: StepIn):
    incident = get_incident(request.user, incident_id, C.MANAGE_CASES)
    if step not in STEP_FORMS:
        raise Http404(f"No step {step!r}; steps are {', '.join(STEP_FORMS)}")
    data = payload.dict()
    if step == "reviewed":
        current = STEP_FORMS[step].initial_for(incident)
        data["prolonged_psychological_harm"] = yes_no(data["prolonged_psychological_harm"]) or current["prolonged_psychological_harm"]
        data = {**current, **{k: v for k, v in data.items() if v is not None}}
    kwargs = {"incident": incident} if step == "response_chosen" else {}
    form = validated(STEP_FORMS[step], data, **kwargs)
    if step not in service.next_steps(incident):
        message = f"{incident.reference} is {incident.get_status_display().lower()}: it cannot move to {step}"
        raise ValidationError([{"loc": ["path", "step"], "msg": message, "type": "value_error"}])
    apply(form, lambda d: service.apply_step(incident, step, request.user, form.step_data()))
    return IncidentOut.build(get_incident(request.user, incident_id))


@router.post("/incidents/{incident_id}/duty-of-candour/{step}", response=IncidentOut,
             summary="Record a Duty of Candour step: notification, unable_to_contact, written_follow_up, "
                     "further_enquiries, outcome_letter, awareness_date")
def candour_step(request, incident_id: UUID, step: str, payload: CandourStepIn):
    incident = get_incident(request.user, incident_id, C.MANAGE_CASES)
    tracker = getattr(incident, "candour", None)
    if tracker is None or step not in RECORDERS:
        raise Http404("No such Duty of Candour step for this incident")
    form = validated(CANDOUR_FORMS[step], payload.dict())
    apply(form, lambda d: RECORDERS[step](tracker, request.user, d))
    return IncidentOut.build(get_incident(request.user, incident_id))
