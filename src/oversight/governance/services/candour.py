"""Recording the Duty of Candour steps (Regulation 20) for a notifiable safety incident."""

from __future__ import annotations

from datetime import date

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from oversight.audit import auditor

from ..models import DutyOfCandourNotification, Incident, IncidentStep
from .common import acting_user, actor_label, not_before, not_in_future

STEPS = ("notification", "unable_to_contact", "written_follow_up", "further_enquiries", "outcome_letter")
STEP_TITLES = {
    "notification": "In-person notification with apology",
    "unable_to_contact": "Could not contact the relevant person",
    "written_follow_up": "Written notification",
    "further_enquiries": "Further enquiries",
    "outcome_letter": "Outcome letter",
}


def ensure_tracker(incident: Incident) -> DutyOfCandourNotification | None:
    """A notifiable incident gets a tracker, counting from the day the organisation became aware
    (the day it was reported). A tracker stays if the harm is later downgraded: what was done is kept."""
    tracker = DutyOfCandourNotification.objects.filter(incident=incident).first()
    if tracker is None and incident.is_notifiable:
        tracker = DutyOfCandourNotification(incident=incident, awareness_date=timezone.localdate(incident.reported_at))
        auditor.create(tracker)
    return tracker


def _step(tracker: DutyOfCandourNotification, step: str, user, note: str = "") -> None:
    auditor.create(IncidentStep(
        incident=tracker.incident, action=f"candour_{step}", note=note,
        recorded_by=acting_user(user), recorded_by_label=actor_label(user),
    ))


def _check_date(value: date, field: str, what: str, after: date | None, after_what: str) -> None:
    not_in_future(value, field, what)
    not_before(value, after, field, what, after_what)


@transaction.atomic
def record_notification(tracker, user, *, notified_on: date, relevant_person: str, notified_by: str,
                        apology_given: bool, note: str = "") -> DutyOfCandourNotification:
    _check_date(notified_on, "notified_on", "The date of the notification", tracker.awareness_date, "the awareness date")
    if not apology_given:
        raise ValidationError({"apology_given": "Regulation 20 requires an apology with the notification: confirm it was given"})
    tracker.notified_on, tracker.relevant_person, tracker.notified_by = notified_on, relevant_person, notified_by
    tracker.apology_given, tracker.notification_note = apology_given, note
    auditor.update(tracker)
    _step(tracker, "notification", user, f"Notified in person on {notified_on:%d %B %Y} by {notified_by}")
    return tracker


@transaction.atomic
def record_unable_to_contact(tracker, user, *, recorded_on: date, contact_attempts: str) -> DutyOfCandourNotification:
    _check_date(recorded_on, "unable_to_contact_on", "The date", tracker.awareness_date, "the awareness date")
    if not contact_attempts.strip():
        raise ValidationError({"contact_attempts": "Describe the attempts made to contact the relevant person"})
    tracker.unable_to_contact, tracker.unable_to_contact_on, tracker.contact_attempts = True, recorded_on, contact_attempts
    auditor.update(tracker)
    _step(tracker, "unable_to_contact", user, "Attempts to contact recorded (Regulation 20(5))")
    return tracker


@transaction.atomic
def record_written_follow_up(tracker, user, *, sent_on: date, note: str = "") -> DutyOfCandourNotification:
    if tracker.notified_on is None:
        raise ValidationError({"sent_on": "Record the in-person notification first: the written notification follows it"})
    _check_date(sent_on, "sent_on", "The date the letter was sent", tracker.notified_on, "the in-person notification")
    tracker.written_follow_up_on = sent_on
    auditor.update(tracker)
    _step(tracker, "written_follow_up", user, note)
    return tracker


@transaction.atomic
def record_further_enquiries(tracker, user, *, further_enquiries: str, completed_on: date | None = None) -> DutyOfCandourNotification:
    if not further_enquiries.strip():
        raise ValidationError({"further_enquiries": "Describe the further enquiries"})
    _check_date(completed_on, "completed_on", "The date the enquiries finished", tracker.awareness_date, "the awareness date")
    tracker.further_enquiries, tracker.further_enquiries_completed_on = further_enquiries, completed_on
    auditor.update(tracker)
    _step(tracker, "further_enquiries", user, "Enquiries complete" if completed_on else "Enquiries recorded")
    return tracker


@transaction.atomic
def record_outcome_letter(tracker, user, *, sent_on: date, note: str = "") -> DutyOfCandourNotification:
    if tracker.written_follow_up_on is None:
        raise ValidationError({"sent_on": "Record the written notification first"})
    _check_date(sent_on, "sent_on", "The date the letter was sent", tracker.written_follow_up_on, "the written notification")
    tracker.outcome_letter_on = sent_on
    auditor.update(tracker)
    _step(tracker, "outcome_letter", user, note)
    return tracker


@transaction.atomic
def change_awareness_date(tracker, user, *, awareness_date: date, note: str) -> DutyOfCandourNotification:
    _check_date(awareness_date, "awareness_date", "The awareness date", tracker.incident.occurred_on, "the date it happened")
    if tracker.notified_on and awareness_date > tracker.notified_on:
        raise ValidationError({"awareness_date": "The awareness date cannot be after the in-person notification"})
    tracker.awareness_date = awareness_date
    auditor.update(tracker)
    _step(tracker, "awareness_date", user, note)
    return tracker


# Each step with the cleaned data of its form (the pages and the API share this).
RECORDERS = {
    "notification": lambda t, u, d: record_notification(
        t, u, notified_on=d["notified_on"], relevant_person=d["relevant_person"], notified_by=d["notified_by"],
        apology_given=d["apology_given"], note=d["note"]),
    "unable_to_contact": lambda t, u, d: record_unable_to_contact(
        t, u, recorded_on=d["recorded_on"], contact_attempts=d["contact_attempts"]),
    "written_follow_up": lambda t, u, d: record_written_follow_up(t, u, sent_on=d["sent_on"], note=d["note"]),
    "further_enquiries": lambda t, u, d: record_further_enquiries(
        t, u, further_enquiries=d["further_enquiries"], completed_on=d["completed_on"]),
    "outcome_letter": lambda t, u, d: record_outcome_letter(t, u, sent_on=d["sent_on"], note=d["note"]),
    "awareness_date": lambda t, u, d: change_awareness_date(t, u, awareness_date=d["awareness_date"], note=d["note"]),
}
