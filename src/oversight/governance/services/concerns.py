"""Professional concerns: raise, move through the configured stages, close with an outcome."""

from __future__ import annotations

from datetime import date

from django.core.exceptions import ValidationError
from django.db import transaction

from oversight.audit import auditor
from oversight.workforce.models import Clinician
from oversight.workforce.services import add_clinician  # noqa: F401 - workforce writes clinicians; named here for callers

from ..configuration import reference_set
from ..models import ProfessionalConcern, ProfessionalConcernStep, new_reference
from .common import acting_user, actor_label, not_before, not_in_future, today

FIRST_STAGE = "raised"


def _step(concern: ProfessionalConcern, stage: str, user, note: str = "") -> None:
    auditor.create(ProfessionalConcernStep(
        concern=concern, action=stage, note=note, recorded_by=acting_user(user), recorded_by_label=actor_label(user)
    ))


def is_closing_stage(stage: str) -> bool:
    stages = reference_set("professional_concern_stages")
    return stage in stages and bool(stages.get(stage).get("is_closed"))


@transaction.atomic
def raise_concern(*, clinician: Clinician, user, raised_on: date, source: str, category: str, summary: str,
                  restrictions: str = "") -> ProfessionalConcern:
    not_in_future(raised_on, "raised_on", "The date raised")
    concern = ProfessionalConcern(
        reference=new_reference("PC"), organisation=clinician.organisation, clinician=clinician, raised_on=raised_on,
        source=source, category=category, summary=summary, restrictions=restrictions, stage=FIRST_STAGE,
    )
    auditor.create(concern)
    _step(concern, FIRST_STAGE, user)
    return concern


@transaction.atomic
def move_to_stage(concern: ProfessionalConcern, user, *, stage: str, note: str = "", outcome: str = "",
                  restrictions: str | None = None, on: date | None = None) -> ProfessionalConcern:
    if stage not in reference_set("professional_concern_stages"):
        raise ValidationError({"stage": "Choose a stage from the list"})
    if concern.is_closed:
        raise ValidationError({"stage": f"{concern.reference} is closed"})
    if stage == concern.stage:
        raise ValidationError({"stage": "The concern is already at this stage"})
    closing = is_closing_stage(stage)
    if closing and not outcome.strip():
        raise ValidationError({"outcome": "Record the outcome before closing the concern"})
    on = on or today()
    not_in_future(on, "on", "The date")
    not_before(on, concern.raised_on, "on", "The date", "the date raised")
    concern.stage = stage
    if outcome:
        concern.outcome = outcome
    if restrictions is not None:
        concern.restrictions = restrictions
    concern.closed_on = on if closing else None
    auditor.update(concern)
    _step(concern, stage, user, note)
    return concern
