"""Recording a clinician's DBS check, training and indemnity. Each write is audited; the recheck and
expiry dates are computed here from ``rules/training.toml`` and stored, so what was in date at any
past month end follows from the records (docs/employment-checks.md).

Dates may be given as dates or as ISO text ("2026-04-01", the API's and an import's shape); a date
that cannot be read, a date in the future where only the past makes sense, or dates in the wrong
order raise ``ValidationError`` naming the field.
"""

from __future__ import annotations

from datetime import date

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from oversight.audit import auditor

from ..checks import training_rules
from ..models import DbsCheck, IndemnityCover, IndemnityKind, PerformersListStatus, TrainingRecord
from ..models.checks import STATE_SCHEMES, normalise_certificate_number

ON_PERFORMERS_LIST = (PerformersListStatus.INCLUDED, PerformersListStatus.INCLUDED_WITH_CONDITIONS)


def _date(field: str, value, *, required: bool = True, not_after: date | None = None, words: str = "") -> date | None:
    """``value`` as a date, or a ValidationError naming ``field``."""
    words = words or field.replace("_", " ")
    if value in (None, ""):
        if required:
            raise ValidationError({field: f"Enter the {words}"})
        return None
    if isinstance(value, str):
        try:
            value = date.fromisoformat(value.strip())
        except ValueError:
            raise ValidationError({field: f"Enter the {words} as a real date, like 2026-04-01"}) from None
    if not isinstance(value, date):
        raise ValidationError({field: f"Enter the {words} as a date, like 2026-04-01"})
    if not_after is not None and value > not_after:
        raise ValidationError({field: f"The {words} must be today or in the past"})
    return value


def _today() -> date:
    return timezone.localdate()


@transaction.atomic
def record_dbs_check(*, clinician, level: str, certificate_number: str, issued_on, on_update_service: bool = False,
                     update_service_joined_on=None) -> DbsCheck:
    today = _today()
    issued = _date("issued_on", issued_on, not_after=today, words="date of issue")
    joined = _date("update_service_joined_on", update_service_joined_on, required=False, not_after=today,
                   words="date the certificate joined the Update Service")
    number = normalise_certificate_number(certificate_number)
    check = DbsCheck(clinician=clinician, level=level, certificate_number=number, issued_on=issued,
                     on_update_service=bool(on_update_service), update_service_joined_on=joined)
    if number and DbsCheck.objects.filter(clinician=clinician, certificate_number=number).exists():
        raise ValidationError({"certificate_number": "This certificate is already recorded for this clinician"})
    check.full_clean()
    check.recheck_due_on = training_rules().dbs.recheck_due(
        issued, update_service=check.update_service_counts,
        performers_list=clinician.performers_list_status in ON_PERFORMERS_LIST)
    auditor.create(check)
    return check


@transaction.atomic
def record_training(*, clinician, subject: str, completed_on, level: int | None = None, evidence_note: str = "") -> TrainingRecord:
    rules = training_rules()
    known = rules.subjects.get(subject)
    if known is None:
        raise ValidationError({"subject": "Choose a training subject from the list"})
    completed = _date("completed_on", completed_on, not_after=_today(), words="date the training was completed")
    if known.levels and level in (None, ""):
        raise ValidationError({"level": f"Choose the level of {known.label.lower()} completed"})
    if level not in (None, ""):
        try:
            level = int(level)
        except (TypeError, ValueError):
            raise ValidationError({"level": "Enter the level as a number, like 3"}) from None
        if level not in known.levels:
            shown = ", ".join(str(n) for n in known.levels)
            raise ValidationError({"level": f"{known.label} is taught at level {shown}" if known.levels
                                   else f"{known.label} has no levels: leave the level blank"})
    else:
        level = None
    record = TrainingRecord(clinician=clinician, subject=subject, level=level, completed_on=completed,
                            expires_on=rules.expiry(subject, completed), evidence_note=(evidence_note or "").strip())
    record.full_clean()
    auditor.create(record)
    return record


@transaction.atomic
def record_indemnity(*, clinician, provider: str, starts_on, expires_on=None, kind: str = "", reference: str = "") -> IndemnityCover:
    starts = _date("starts_on", starts_on, words="date cover starts")
    ends = _date("expires_on", expires_on, required=False, words="date cover ends")
    if not kind:
        kind = IndemnityKind.STATE_BACKED if provider in STATE_SCHEMES else IndemnityKind.MEMBERSHIP
    cover = IndemnityCover(clinician=clinician, provider=provider, kind=kind, reference=reference or "", starts_on=starts,
                           expires_on=ends)
    cover.full_clean()
    auditor.create(cover)
    return cover
