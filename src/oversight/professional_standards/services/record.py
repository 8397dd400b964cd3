"""The whole record's writers: a note of what Oversight does not hold as a case (a claim, an inquest,
information from another setting...), and the Responsible Officer's restriction of an item from the
doctor's own view, with its reason, and lifting it. Every write goes through the Auditor inside the
service's transaction; a refusal is a ValidationError naming its field."""

from __future__ import annotations

from datetime import date

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from oversight.audit import auditor
from oversight.workforce.models import Clinician

from ..models import RecordItemKind, RecordNote, RecordNoteKind, RecordRestriction


def _label(user) -> str:
    return user.display_name if user is not None and getattr(user, "is_authenticated", False) else "Oversight"


def _user(user):
    return user if user is not None and getattr(user, "is_authenticated", False) else None


@transaction.atomic
def add_note(clinician: Clinician, user, *, kind: str, occurred_on: date, summary: str, setting: str = "",
             reference: str = "", outcome: str = "", closed_on: date | None = None) -> RecordNote:
    problems = {}
    if kind not in RecordNoteKind.values:
        problems["kind"] = "Choose what kind of note this is"
    if occurred_on and occurred_on > timezone.localdate():
        problems["occurred_on"] = "The date must be today or in the past"
    if closed_on and occurred_on and closed_on < occurred_on:
        problems["closed_on"] = "The date closed must be on or after the date"
    if closed_on and closed_on > timezone.localdate():
        problems["closed_on"] = "The date closed must be today or in the past"
    if not (summary or "").strip():
        problems["summary"] = "Enter what happened"
    if problems:
        raise ValidationError(problems)
    note = RecordNote(clinician=clinician, kind=kind, occurred_on=occurred_on, summary=summary.strip(),
                      setting=setting.strip(), reference=reference.strip(), outcome=outcome.strip(), closed_on=closed_on,
                      recorded_by=_user(user), recorded_by_label=_label(user))
    note.full_clean()
    auditor.create(note)
    return note


@transaction.atomic
def restrict_item(clinician: Clinician, user, *, item_kind: str, item_id: str, reason: str) -> RecordRestriction:
    """Withhold one item of the doctor's record from their own view (the caller has checked the item is
    on the record the RO sees)."""
    if item_kind not in RecordItemKind.values:
        raise ValidationError({"item_kind": "Choose an item of the record"})
    if not (reason or "").strip():
        raise ValidationError({"reason": "Enter why the doctor may not see this yet"})
    if RecordRestriction.objects.filter(clinician=clinician, item_kind=item_kind, item_id=str(item_id)).exists():
        raise ValidationError({"item_id": "This item is already withheld from the doctor's own view"})
    restriction = RecordRestriction(clinician=clinician, item_kind=item_kind, item_id=str(item_id), reason=reason.strip(),
                                    restricted_by=_user(user), restricted_by_label=_label(user))
    restriction.full_clean()
    auditor.create(restriction)
    return restriction


@transaction.atomic
def lift_restriction(restriction: RecordRestriction, user, *, reason: str = "") -> None:
    """Let the doctor see the item again: the restriction is deleted, its deletion recorded."""
    auditor.delete(restriction, reason=reason.strip() or "Restriction lifted: the doctor may now see the item")
