"""The incident workflow under PSIRF: reported → reviewed → learning response chosen → response
under way → learning shared → closed. Each step is recorded (who, when, note)."""

from __future__ import annotations

from datetime import date

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from oversight.audit import auditor
from oversight.organisations.models import Organisation, OrganisationKind

from ..models import Incident, IncidentStatus, IncidentStep, SharedLearning, new_reference
from ..models.incidents import STEP_LABELS
from . import candour, staff
from .common import acting_user, actor_label, set_themes, today

S = IncidentStatus
NO_FURTHER_RESPONSE = "no_further_response"
PSII = "psii"

NEXT_STEPS: dict[str, tuple[str, ...]] = {
    S.REPORTED: (S.REVIEWED,),
    S.REVIEWED: (S.RESPONSE_CHOSEN,),
    S.RESPONSE_CHOSEN: (S.RESPONSE_UNDER_WAY, S.CLOSED),
    S.RESPONSE_UNDER_WAY: (S.LEARNING_SHARED,),
    S.LEARNING_SHARED: (S.CLOSED,),
    S.CLOSED: (),
}

# Fields the reviewer confirms or corrects at review.
REVIEW_FIELDS = (
    "event_type", "physical_harm", "psychological_harm", "prolonged_psychological_harm", "never_event",
    "death_due_to_problems_in_care",
)


def next_steps(incident: Incident) -> list[str]:
    steps = list(NEXT_STEPS[incident.status])
    if incident.status == S.RESPONSE_CHOSEN:
        # Only "no further learning response" goes straight to closed.
        steps = [S.CLOSED] if incident.learning_response == NO_FURTHER_RESPONSE else [S.RESPONSE_UNDER_WAY]
    return steps


def accountable_trust(place: Organisation) -> Organisation:
    """The organisation a report about ``place`` (a trust or one of its sites) belongs to."""
    node = place
    while node is not None and node.kind == OrganisationKind.SITE:
        node = node.parent
    return node or place


def record_step(incident: Incident, action: str, user, note: str = "") -> IncidentStep:
    step = IncidentStep(
        incident=incident, action=action, note=note, recorded_by=acting_user(user), recorded_by_label=actor_label(user)
    )
    auditor.create(step)
    return step


@transaction.atomic
def report_incident(*, place: Organisation, user=None, themes: str = "", staff_numbers: list[str] | None = None,
                    **fields) -> Incident:
    """A new report from anyone (signed in or not). ``place`` is the trust or site where it happened;
    ``staff_numbers``: the registration numbers of the staff involved, from the trust's register."""
    incident = Incident(
        reference=new_reference("INC"),
        organisation=accountable_trust(place),
        site=place if place.kind == OrganisationKind.SITE else None,
        reported_by=acting_user(user),
        **fields,
    )
    _check_dates(incident)
    auditor.create(incident)
    if themes:
        set_themes(incident, themes)
    record_step(incident, S.REPORTED, user, "Reported anonymously" if not acting_user(user) and not incident.reporter_name else "")
    if staff_numbers:
        set_staff_involved(incident, user, staff_numbers)
    candour.ensure_tracker(incident)
    return incident


@transaction.atomic
def set_staff_involved(incident: Incident, user, numbers: list[str]) -> Incident:
    """Name the staff involved by registration number (the trust's register); the change is a step."""
    staff.set_staff(incident, "incident", numbers, lambda action, note: record_step(incident, action, user, note))
    return incident


def _check_dates(incident: Incident) -> None:
    reported_on = timezone.localdate(incident.reported_at)
    if incident.occurred_on > today():
        raise ValidationError({"occurred_on": "The date it happened must be today or in the past"})
    if incident.occurred_on > reported_on:
        raise ValidationError({"occurred_on": "The date it happened must be on or before the date it was reported"})


def _require_next(incident: Incident, to: str) -> None:
    if to not in next_steps(incident):
        allowed = ", ".join(STEP_LABELS[s].lower() for s in next_steps(incident)) or "nothing (it is closed)"
        raise ValidationError(
            f"{incident.reference} is {incident.get_status_display().lower()}: it can move to {allowed}, "
            f"not to {STEP_LABELS[to].lower()}"
        )


def _move(incident: Incident, to: str, user, note: str) -> Incident:
    _require_next(incident, to)
    incident.status = to
    if to == S.CLOSED:
        incident.closed_at = timezone.now()
    auditor.update(incident)
    record_step(incident, to, user, note)
    return incident


@transaction.atomic
def review(incident: Incident, user, note: str = "", themes: str | None = None, **confirmed) -> Incident:
    """Confirm or correct the event type, harm levels, Never Event and death flag."""
    _require_next(incident, S.REVIEWED)
    for field in REVIEW_FIELDS:
        if field in confirmed:
            setattr(incident, field, confirmed[field])
    _move(incident, S.REVIEWED, user, note)
    if themes is not None:
        set_themes(incident, themes)
    candour.ensure_tracker(incident)
    return incident


def check_learning_response(incident: Incident, response: str) -> None:
    """PSIRF's national requirement: a Never Event, or a death thought more likely than not due to
    problems in care, requires a PSII, and no other response will do."""
    decision = incident.psii_decision()
    if decision.required and response != PSII:
        raise ValidationError(
            {"learning_response": f"This incident requires a patient safety incident investigation (PSII): "
             f"{'; '.join(decision.reasons)}. Choose PSII."}
        )


@transaction.atomic
def choose_learning_response(incident: Incident, user, response: str, note: str = "") -> Incident:
    _require_next(incident, S.RESPONSE_CHOSEN)
    check_learning_response(incident, response)
    incident.learning_response = response
    return _move(incident, S.RESPONSE_CHOSEN, user, note)


@transaction.atomic
def start_response(incident: Incident, user, note: str = "") -> Incident:
    return _move(incident, S.RESPONSE_UNDER_WAY, user, note)


@transaction.atomic
def share_learning(incident: Incident, user, title: str, summary: str, note: str = "", shared_on: date | None = None) -> SharedLearning:
    _move(incident, S.LEARNING_SHARED, user, note)
    learning = SharedLearning(
        organisation=incident.organisation, incident=incident, title=title, summary=summary,
        shared_on=shared_on or today(), shared_by_label=actor_label(user),
    )
    auditor.create(learning)
    learning.themes.set(incident.themes.all())
    return learning


@transaction.atomic
def close(incident: Incident, user, note: str = "") -> Incident:
    tracker = getattr(incident, "candour", None)
    if incident.is_notifiable and tracker is not None and not tracker.is_complete:
        raise ValidationError(
            "Complete the Duty of Candour first: the in-person notification with an apology, the written notification "
            "and the outcome letter (or record the attempts to contact the relevant person)."
        )
    return _move(incident, S.CLOSED, user, note)


def apply_step(incident: Incident, step: str, user, data: dict):
    """Record ``step`` with the cleaned data of its form (the pages and the API share this)."""
    if step == S.REVIEWED:
        fields = {k: v for k, v in data.items() if k in REVIEW_FIELDS}
        return review(incident, user, note=data.get("note", ""), themes=data.get("themes"), **fields)
    if step == S.RESPONSE_CHOSEN:
        return choose_learning_response(incident, user, data["learning_response"], data.get("note", ""))
    if step == S.LEARNING_SHARED:
        return share_learning(incident, user, data["title"], data["summary"], data.get("note", ""))
    if step == S.RESPONSE_UNDER_WAY:
        return start_response(incident, user, data.get("note", ""))
    if step == S.CLOSED:
        return close(incident, user, data.get("note", ""))
    raise ValidationError(f"No step {step!r}")


@transaction.atomic
def update_themes(incident: Incident, user, themes: str) -> Incident:
    set_themes(incident, themes)
    record_step(incident, "themes", user, ", ".join(t.name for t in incident.themes.all()) or "No themes")
    return incident
