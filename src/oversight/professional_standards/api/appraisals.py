"""Appraisal over the API: a doctor's appraisals (for the Responsible Officer's team, the doctor's appraiser and
the doctor, as the page; each read recorded with its reason), allocating the appraiser, recording the meeting
and sign-off, and approving a missed appraisal (MANAGE_APPRAISAL for the doctor). The same services and rules
as the pages (views/appraisals.py); a refusal comes back as a 422 naming its field."""

from __future__ import annotations

from datetime import date
from uuid import UUID

from django.core.exceptions import PermissionDenied
from django.core.exceptions import ValidationError as RuleRefused
from django.shortcuts import get_object_or_404
from django.utils import timezone
from ninja import Field, Schema
from ninja.errors import ValidationError

from oversight.accounts.access import require
from oversight.accounts.roles import Capability as C
from oversight.audit import auditor
from oversight.workforce.models import Clinician

from .. import access
from .. import appraisals as rules_of
from ..models import Appraisal, DoctorRevalidation
from ..presenters.appraisals import appraisers_for
from ..services import appraisals as service
from . import router

MANAGE = C.MANAGE_APPRAISAL


def _unprocessable(error: RuleRefused) -> ValidationError:
    items = error.message_dict.items() if hasattr(error, "error_dict") else [("__all__", error.messages)]
    return ValidationError([{"loc": ["body", "payload"] if name == "__all__" else ["body", "payload", name],
                             "msg": message, "type": "value_error"} for name, messages in items for message in messages])


def _run(call):
    try:
        return call()
    except RuleRefused as error:
        raise _unprocessable(error) from None


def _doctor(request, pk: UUID) -> Clinician:
    require(request.user, MANAGE)
    clinician = get_object_or_404(Clinician.objects.select_related("organisation", "designated_body"), pk=pk)
    if not access.may(request.user, MANAGE, clinician):
        raise PermissionDenied("This doctor is not connected to a designated body in your scope.")
    return clinician


def _appraisal(request, pk: UUID) -> Appraisal:
    appraisal = get_object_or_404(Appraisal.objects.select_related("clinician", "appraiser"), pk=pk)
    _doctor(request, appraisal.clinician_id)
    return appraisal


def appraisal_out(a: Appraisal, today: date) -> dict:
    category = rules_of.category_of(a, today=today)
    return {
        "id": str(a.pk), "appraisal_year": a.appraisal_year, "year": a.year_label, "due_month": f"{a.due_on:%Y-%m}",
        "appraiser": a.appraiser.display_name if a.appraiser_id else None,
        "conflict_of_interest_declared": a.conflict_of_interest_note or None,
        "meeting_on": a.meeting_on, "signed_off_on": a.signed_off_on,
        "category": category, "category_meaning": rules_of.category_label(category) if category else None,
        "status": rules_of.year_status(a, today), "outputs": a.outputs or None, "pdp_agreed": a.pdp_agreed,
        "supporting_information": {item.field: (item.on if item.on else item.present)
                                   for item in rules_of.supporting_information(a)},
        "declared_issues": a.declared_issues, "on_track": a.on_track,
        "missed_approved": a.missed_approved, "missed_reason": a.missed_reason or None, "missed_approved_on": a.missed_approved_on,
    }


@router.get("/doctors/{doctor_id}/appraisals", summary="A doctor's appraisals by year, with categories and feedback in the cycle")
def doctor_appraisals(request, doctor_id: UUID):
    clinician = get_object_or_404(Clinician.objects.select_related("organisation", "designated_body"), pk=doctor_id)
    reason = access.may_see_appraisals(request.user, clinician)
    if not reason:
        raise PermissionDenied("Only the doctor, their appraiser and the Responsible Officer may see a doctor's appraisals.")
    auditor.view(clinician, reason=f"Doctor's appraisals through the API: {reason}")
    today = timezone.localdate()
    appraisals = list(Appraisal.objects.filter(clinician=clinician).select_related("appraiser").order_by("-appraisal_year"))
    state = rules_of.appraisal_state(appraisals, today)
    revalidation = DoctorRevalidation.objects.filter(clinician=clinician).first()
    end = getattr(revalidation, "submission_due_on", None)
    feedback = rules_of.cycle_feedback(clinician, getattr(revalidation, "cycle_started_on", None),
                                       min(end, today) if end else today, appraisals=appraisals)
    return {"id": str(clinician.pk), "gmc_number": clinician.registration_number, "why_you_may_see": reason,
            "state": {"status": state.status, "due_month": f"{state.due_on:%Y-%m}" if state.due_on else None, "label": state.label},
            "cycle_feedback": {"cycle_start": feedback.cycle_start, "cycle_end": feedback.cycle_end,
                               "colleague_feedback_on": feedback.colleague_on, "patient_feedback_on": feedback.patient_on,
                               "colleague_met": feedback.colleague_met, "patient_met": feedback.patient_met},
            "appraisals": [appraisal_out(a, today) for a in appraisals]}


class AllocateIn(Schema):
    appraisal_year: int = Field(description="The year the appraisal year starts in: 2025 is 2025/26")
    appraiser_id: int | None = Field(None, description="The appraiser's user id; left out, the year is only scheduled")
    due_on: date | None = Field(None, description="Any day of the due month; left out, the month already set or last year's")
    conflict_note: str = ""


@router.post("/doctors/{doctor_id}/appraisals/allocate", summary="Schedule an appraisal year and allocate its appraiser")
def allocate(request, doctor_id: UUID, payload: AllocateIn):
    clinician = _doctor(request, doctor_id)
    if payload.appraiser_id is None:
        done = _run(lambda: service.schedule_appraisal(clinician, payload.appraisal_year, payload.due_on, request.user))
    else:
        # The page's choices, said once: appraisers for an organisation in the caller's scope.
        appraiser = appraisers_for(request.user).filter(pk=payload.appraiser_id).first()
        if appraiser is None:
            raise _unprocessable(RuleRefused({"appraiser": "Choose an appraiser for an organisation you manage appraisal for"}))
        done = _run(lambda: service.allocate_appraiser(clinician, appraiser, payload.appraisal_year, request.user,
                                                       payload.conflict_note, due_on=payload.due_on))
    return appraisal_out(done, timezone.localdate())


class RecordIn(Schema):
    meeting_on: date | None = None
    signed_off_on: date | None = None
    outputs: str = ""
    pdp_agreed: bool = False
    si_cpd: bool = False
    si_quality_improvement: bool = False
    si_significant_events: bool = False
    colleague_feedback_on: date | None = None
    patient_feedback_on: date | None = None
    si_complaints_and_compliments: bool = False
    declared_issues: bool | None = None
    on_track: bool | None = None


@router.post("/appraisals/{appraisal_id}/record", summary="Record an appraisal's meeting, sign-off and supporting information")
def record(request, appraisal_id: UUID, payload: RecordIn):
    appraisal = _appraisal(request, appraisal_id)
    done = _run(lambda: service.record_appraisal(appraisal, request.user, **payload.dict()))
    return appraisal_out(done, timezone.localdate())


class MissedIn(Schema):
    reason: str = Field(description="parental_leave, sickness, sabbatical, break_in_practice, newly_connected or other")
    note: str = ""


@router.post("/appraisals/{appraisal_id}/missed", summary="Approve a missed appraisal, with its reason")
def approve_missed(request, appraisal_id: UUID, payload: MissedIn):
    appraisal = _appraisal(request, appraisal_id)
    done = _run(lambda: service.approve_missed(appraisal, payload.reason, payload.note, request.user))
    return appraisal_out(done, timezone.localdate())
