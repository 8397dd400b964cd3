"""A clinician's employment checks and training over the API, with the pages' access and audit: read by
those who see professional standards or manage the register for the clinician's organisation (or
designated body); training recorded by those who manage the register. Errors name the field (422)."""

from __future__ import annotations

from datetime import date
from uuid import UUID

from django.core.exceptions import PermissionDenied
from django.core.exceptions import ValidationError as RuleError
from django.shortcuts import get_object_or_404
from django.utils import timezone
from ninja import Field, Schema, Status
from ninja.errors import ValidationError

from oversight.accounts.roles import Capability as C
from oversight.audit import auditor

from ..checks import check_states
from ..forms.checks import TrainingForm
from ..models import Clinician
from ..services import record_training
from ..views.checks import DUE_SOON_DAYS, in_scope
from . import router


def _errors(items) -> ValidationError:
    return ValidationError([{"loc": ["body", "payload"] if field == "__all__" else ["body", "payload", field],
                             "msg": str(message), "type": "value_error"} for field, message in items])


def _clinician(request, clinician_id: UUID, *, manage: bool = False) -> tuple[Clinician, str]:
    clinician = get_object_or_404(Clinician.objects.select_related("organisation"), pk=clinician_id)
    if manage:
        if not in_scope(request.user, C.MANAGE_CLINICIAN_REGISTER, clinician):
            raise PermissionDenied("Only those who manage the clinician register for the clinician's organisation may "
                                   "record their training.")
        return clinician, "managing the clinician register"
    if in_scope(request.user, C.VIEW_PROFESSIONAL_STANDARDS, clinician):
        return clinician, "Responsible Officer's oversight"
    if in_scope(request.user, C.MANAGE_CLINICIAN_REGISTER, clinician):
        return clinician, "managing the clinician register"
    raise PermissionDenied("This clinician's organisation is not in your scope.")


def _state(state) -> dict:
    return {"kind": state.kind, "code": state.code, "label": state.label, "status": state.status,
            "expires_on": state.expires_on, "detail": state.detail}


def _training(record) -> dict:
    return {"id": str(record.pk), "subject": record.subject, "label": record.subject_label, "level": record.level,
            "completed_on": record.completed_on, "expires_on": record.expires_on}


@router.get("/clinicians/{clinician_id}/checks", summary="A clinician's DBS checks, training and indemnity, with each one's status")
def clinician_checks(request, clinician_id: UUID, due_soon_days: int = DUE_SOON_DAYS):
    clinician, reason = _clinician(request, clinician_id)
    if not 0 <= due_soon_days <= 730:
        raise ValidationError([{"loc": ["query", "due_soon_days"], "msg": "Give 0 to 730 days", "type": "value_error"}])
    auditor.view(clinician, reason=f"Employment checks and training through the API: {reason}")
    today = timezone.localdate()
    states = check_states([clinician], today, due_soon_days)[clinician.pk]
    return {
        "clinician": {"id": str(clinician.pk), "name": clinician.name, "registration": clinician.registration_label,
                      "organisation": clinician.organisation.ods_code, "staff_group": clinician.staff_group},
        "on": today, "due_soon_days": due_soon_days, "states": [_state(s) for s in states],
        "dbs_checks": [{"id": str(c.pk), "level": c.level, "issued_on": c.issued_on, "on_update_service": c.on_update_service,
                        "update_service_counts": c.update_service_counts, "recheck_due_on": c.recheck_due_on}
                       for c in clinician.dbs_checks.all()],
        "training": [_training(r) for r in clinician.training_records.all()],
        "indemnity": [{"id": str(c.pk), "provider": c.provider, "kind": c.kind, "starts_on": c.starts_on,
                       "expires_on": c.expires_on} for c in clinician.indemnity_covers.all()],
    }


class TrainingIn(Schema):
    subject: str = Field(description="A subject's code in workforce/rules/training.toml, like safeguarding_children")
    level: int | None = Field(None, description="For subjects taught at levels (safeguarding 1 to 5)")
    completed_on: date
    evidence_note: str = ""


@router.post("/clinicians/{clinician_id}/training", response={201: dict},
             summary="Record training a clinician has completed (its expiry worked out from the subject's renewal period)")
def add_training(request, clinician_id: UUID, payload: TrainingIn):
    clinician, _reason = _clinician(request, clinician_id, manage=True)
    form = TrainingForm({"subject": payload.subject, "level": "" if payload.level is None else str(payload.level),
                         "completed_on": payload.completed_on.isoformat(), "evidence_note": payload.evidence_note})
    if not form.is_valid():
        raise _errors((field, message) for field, messages in form.errors.items() for message in messages)
    try:
        record = record_training(clinician=clinician, **form.cleaned_data)
    except RuleError as error:
        raise _errors((field, message) for field, messages in error.message_dict.items() for message in messages) from None
    return Status(201, _training(record))
