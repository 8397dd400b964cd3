"""Revalidation over the API: the Responsible Officer's dashboard rows, a doctor's revalidation, making and
submitting a recommendation, and an Employer Liaison contact. The same services, rules and access as the
pages (views/revalidation.py): reading needs VIEW_PROFESSIONAL_STANDARDS, recommending
MAKE_REVALIDATION_RECOMMENDATIONS, for doctors access.py gives the caller (else 403); every rule the service
refuses comes back as a 422 naming its field; reading one doctor is recorded like the page."""

from __future__ import annotations

from datetime import date
from uuid import UUID

from django.core.exceptions import PermissionDenied
from django.core.exceptions import ValidationError as RuleRefused
from django.shortcuts import get_object_or_404
from django.utils import timezone
from ninja import Field, Query, Schema, Status
from ninja.errors import ValidationError

from oversight.accounts.access import require
from oversight.accounts.roles import Capability as C
from oversight.audit import auditor
from oversight.audit.auditor import filters_reason
from oversight.audit.models import AuditAction
from oversight.workforce.models import Clinician

from .. import access
from ..models import Recommendation
from ..presenters.dashboard import filter_states, load_states
from ..revalidation import STATES, DoctorState
from ..services import revalidation as service
from . import router

MAKE = C.MAKE_REVALIDATION_RECOMMENDATIONS
MAX_LIMIT = 1000


def unprocessable(error: RuleRefused) -> ValidationError:
    items = error.message_dict.items() if hasattr(error, "error_dict") else [("__all__", error.messages)]
    return ValidationError([{"loc": ["body", "payload"] if name == "__all__" else ["body", "payload", name],
                             "msg": message, "type": "value_error"} for name, messages in items for message in messages])


def _run(call):
    try:
        return call()
    except RuleRefused as error:
        raise unprocessable(error) from None


def _doctor(request, pk: UUID, capability: str) -> Clinician:
    require(request.user, capability)
    clinician = get_object_or_404(Clinician.objects.select_related("organisation", "designated_body"), pk=pk)
    if not access.may(request.user, capability, clinician):
        raise PermissionDenied("This doctor is not connected to a designated body in your scope.")
    return clinician


def _recommendation_out(r: Recommendation) -> dict:
    return {"id": str(r.pk), "kind": r.kind, "status": r.status, "submission_due_on": r.submission_due_on,
            "deferral_reason": r.deferral_reason or None, "defer_to": r.defer_to,
            "criteria": {name: getattr(r, name) for name in service.CRITERIA} if r.kind == "defer" else None,
            "local_processes_exhausted": r.local_processes_exhausted, "els_contact": str(r.els_contact_id) if r.els_contact_id else None,
            "submitted_at": r.submitted_at, "batch": str(r.batch_id) if r.batch_id else None,
            "gmc_outcome": r.gmc_outcome or None, "gmc_outcome_on": r.gmc_outcome_on}


def _state_out(state: DoctorState) -> dict:
    c = state.clinician
    return {"id": str(c.pk), "name": c.name, "gmc_number": c.registration_number, "organisation": c.organisation.ods_code,
            "designated_body": (c.designated_body or c.organisation).ods_code, "grade": c.grade or None,
            "submission_due_on": state.submission_due_on, "under_notice": state.under_notice, "on_hold": state.on_hold,
            "states": state.states, "deferrals_this_cycle": state.deferral_count, "ready": state.ready.ready,
            "ready_unmet": state.ready.unmet, "els_needed": state.els_needed,
            "appraisal": state.appraisal.status or None, "appraisal_due_on": state.appraisal.due_on,
            "checks": [{"label": ch.label, "expires_on": ch.expires_on, "status": ch.status} for ch in state.checks],
            "open_concerns": state.open_concerns}


class DashboardFilters(Schema):
    state: str | None = Field(None, description=f"One of {', '.join(STATES)}")
    organisation: str | None = Field(None, description="ODS code of the doctor's organisation or designated body")
    grade: str | None = None
    month: str | None = Field(None, description="Submission month, YYYY-MM")
    limit: int = Field(200, ge=1, le=MAX_LIMIT)
    offset: int = Field(0, ge=0)


@router.get("/revalidation/dashboard", summary="The Responsible Officer's dashboard: each doctor's state")
def dashboard(request, filters: Query[DashboardFilters]):
    require(request.user, C.VIEW_PROFESSIONAL_STANDARDS)
    if filters.state and filters.state not in STATES:
        raise ValidationError([{"loc": ["query", "state"], "msg": f"State is one of {', '.join(STATES)}", "type": "value_error"}])
    states = filter_states(load_states(access.doctors_for(request.user), timezone.localdate()),
                           state=filters.state or "", organisation=(filters.organisation or "").strip().upper(),
                           grade=filters.grade or "", month=filters.month or "")
    states.sort(key=lambda s: (s.submission_due_on or date.max, s.clinician.name))
    auditor.record(AuditAction.VIEW, object_type="workforce.Clinician",
                   object_repr=f"Responsible Officer's dashboard of {len(states)} doctors through the API",
                   reason=f"The Responsible Officer's dashboard. {filters_reason(request.GET)}")
    return {"count": len(states), "results": [_state_out(s) for s in states[filters.offset:filters.offset + filters.limit]]}


@router.get("/doctors/{doctor_id}/revalidation", summary="A doctor's GMC state and recommendations")
def doctor_revalidation(request, doctor_id: UUID):
    clinician = _doctor(request, doctor_id, C.VIEW_PROFESSIONAL_STANDARDS)
    auditor.view(clinician, reason="Doctor's revalidation through the API: Responsible Officer's oversight of revalidation")
    state = load_states(Clinician.objects.filter(pk=clinician.pk), timezone.localdate())[0]
    return {**_state_out(state),
            "recommendations": [_recommendation_out(r) for r in Recommendation.objects.filter(clinician=clinician)
                                .order_by("-created_at")]}


class RecommendationIn(Schema):
    kind: str = Field(description="revalidate, defer or non_engagement")
    submit: bool = Field(False, description="Submit it now (it can then never be changed); otherwise a draft")
    deferral_reason: str = ""
    criterion_engaging: bool = False
    criterion_informed_not_possible: bool = False
    criterion_legitimate_reason: bool = False
    criterion_missing_identified: bool = False
    criterion_period_sufficient: bool = False
    missing_information: str = ""
    defer_to: date | None = None
    local_processes_exhausted: bool = False
    comments: str = ""


@router.post("/doctors/{doctor_id}/recommendations", response={201: dict},
             summary="Make a recommendation (a draft, or submitted at once), the GMC's rules enforced")
def make_recommendation(request, doctor_id: UUID, payload: RecommendationIn):
    clinician = _doctor(request, doctor_id, MAKE)
    data = payload.dict(exclude={"kind", "submit"})
    made = _run(lambda: service.make_recommendation(clinician, request.user, kind=payload.kind, submit_now=payload.submit,
                                                    **data))
    return Status(201, _recommendation_out(made))


@router.post("/recommendations/{recommendation_id}/submit", summary="Submit a draft recommendation to the GMC")
def submit_recommendation(request, recommendation_id: UUID):
    require(request.user, MAKE)
    recommendation = get_object_or_404(Recommendation.objects.select_related("clinician"), pk=recommendation_id)
    _doctor(request, recommendation.clinician_id, MAKE)
    return _recommendation_out(_run(lambda: service.submit(recommendation, request.user)))


class ElsContactIn(Schema):
    contacted_on: date
    adviser_name: str
    summary: str


@router.post("/doctors/{doctor_id}/els-contacts", response={201: dict},
             summary="Record a contact with the GMC's Employer Liaison Service")
def record_els_contact(request, doctor_id: UUID, payload: ElsContactIn):
    clinician = _doctor(request, doctor_id, MAKE)
    contact = _run(lambda: service.record_els_contact(clinician, request.user, **payload.dict()))
    return Status(201, {"id": str(contact.pk), "contacted_on": contact.contacted_on})
