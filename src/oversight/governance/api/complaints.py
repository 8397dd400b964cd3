"""Complaints over the API."""

from __future__ import annotations

from datetime import date
from uuid import UUID

from django.http import Http404
from ninja import Query, Schema, Status
from ninja.errors import ValidationError
from pydantic import Field

from oversight.accounts.access import require, scope_ids
from oversight.accounts.roles import Capability as C
from oversight.audit.auditor import record
from oversight.audit.models import AuditAction

from ..access import complaints_for, get_complaint
from ..forms.common import ReasonForm
from ..forms.complaints import STEP_FORMS, ComplaintForm
from ..services import complaints as service
from . import router
from .schemas import MAX_OFFSET, ComplaintOut, PatientDetailsIn, PatientDetailsOut
from .validation import apply, validated

RENAME = {"place": "organisation"}


class ComplaintIn(Schema):
    organisation: str
    channel: str
    received_on: date
    events_on: date
    became_aware_on: date | None = None
    summary: str
    complainant_name: str
    complainant_contact: str = ""
    complainant_relationship: str
    time_limit_note: str = ""
    patient_nhs_number: str = ""
    patient_name: str = ""
    patient_date_of_birth: date | None = None
    themes: list[str] = Field(default_factory=list)
    # GMC, NMC or HCPC numbers of the staff the complaint is about, from the trust's clinician register.
    staff_registration_numbers: list[str] = Field(default_factory=list)


class ComplaintStepIn(Schema):
    note: str = ""
    acknowledged_on: date | None = None
    agreed_date: date | None = None
    agreed_on: date | None = None
    sent_on: date | None = None
    reason: str | None = None
    expected_response_on: date | None = None
    signed_by: str | None = None
    outcome: str | None = None
    referred_on: date | None = None
    reference: str | None = None


class ComplaintFilters(Schema):
    status: str | None = None
    organisation: str | None = None
    limit: int = 500  # more than 5,000 is read as 5,000
    # A negative offset cannot be sliced and a huge one overflows the database's integers: refuse both.
    offset: int = Field(0, ge=0, le=MAX_OFFSET)


@router.get("/complaints", response=list[ComplaintOut], summary="Complaints in your scope (no complainant or patient details)")
def list_complaints(request, filters: Query[ComplaintFilters]):
    require(request.user, C.VIEW_CASES)
    complaints = complaints_for(request.user).select_related("organisation", "site").prefetch_related("themes")
    if filters.status:
        complaints = complaints.filter(status=filters.status)
    if filters.organisation:
        complaints = complaints.filter(organisation__ods_code=filters.organisation.upper())
    limit = max(1, min(filters.limit, 5000))
    return [ComplaintOut.build(c) for c in complaints.order_by("-received_on")[filters.offset:filters.offset + limit]]


@router.post("/complaints", response={201: ComplaintOut}, summary="Record a complaint")
def create_complaint(request, payload: ComplaintIn):
    require(request.user, C.MANAGE_CASES)
    data = payload.dict()
    data["place"] = data.pop("organisation").upper()
    data["themes"] = ", ".join(data["themes"])
    data["staff_registration_numbers"] = "; ".join(data["staff_registration_numbers"])
    form = validated(ComplaintForm, data, RENAME, places_within=scope_ids(request.user, C.MANAGE_CASES))
    complaint = apply(form, lambda d: service.register_complaint(
        place=d["place"], user=request.user, themes=d["themes"], time_limit_note=d["time_limit_note"],
        staff_numbers=d["staff_registration_numbers"], **form.complaint_fields()), RENAME)
    return Status(201, ComplaintOut.build(complaint))


@router.get("/complaints/{complaint_id}", response=ComplaintOut)
def get_complaint_endpoint(request, complaint_id: UUID):
    return ComplaintOut.build(get_complaint(request.user, complaint_id))


@router.post("/complaints/{complaint_id}/patient-details", response=PatientDetailsOut,
             summary="See the complainant's and patient's details: the reason is recorded in the audit trail")
def complaint_patient_details(request, complaint_id: UUID, payload: PatientDetailsIn):
    complaint = get_complaint(request.user, complaint_id, C.VIEW_PATIENT_DETAILS)
    form = validated(ReasonForm, payload.dict())  # the page's question and checks: a 422 names the field
    record(AuditAction.VIEW, complaint, reason=form.reason_text())
    return PatientDetailsOut(patient_name=complaint.patient_name, patient_nhs_number=complaint.patient_nhs_number,
                             patient_date_of_birth=complaint.patient_date_of_birth,
                             complainant_name=complaint.complainant_name, complainant_contact=complaint.complainant_contact)


@router.post("/complaints/{complaint_id}/steps/{step}", response=ComplaintOut,
             summary="Record a step: acknowledged, investigating, agreed_date, holding_letter, responded, "
                     "phso_referral, phso_outcome, closed")
def complaint_step(request, complaint_id: UUID, step: str, payload: ComplaintStepIn):
    complaint = get_complaint(request.user, complaint_id, C.MANAGE_CASES)
    if step not in STEP_FORMS:
        raise Http404(f"No step {step!r}; steps are {', '.join(STEP_FORMS)}")
    if step not in service.allowed_steps(complaint):
        raise ValidationError([{"loc": ["path", "step"], "type": "value_error",
                                "msg": f"{complaint.reference} is {complaint.get_status_display().lower()}: {step} cannot be recorded now"}])
    form = validated(STEP_FORMS[step], payload.dict())
    apply(form, lambda d: service.apply_step(complaint, step, request.user, d))
    return ComplaintOut.build(get_complaint(request.user, complaint_id))
