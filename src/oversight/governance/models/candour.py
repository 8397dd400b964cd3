"""The statutory Duty of Candour (Regulation 20) for one notifiable safety incident."""

from __future__ import annotations

from datetime import date

from django.db import models

from oversight.audit.governed import GovernedRecord
from oversight.deadlines import ClockReading

from ..configuration import DeadlineNotWorkedOut, clock_or_unknown, deadline_policy, due_or_none
from .incidents import Incident

NOTIFICATION_RULE = "duty_of_candour_notification"
WRITTEN_RULE = "duty_of_candour_written_follow_up"


class RelevantPerson(models.TextChoices):
    PATIENT = "patient", "The patient"
    FAMILY = "family", "A family member"
    CARER = "carer", "A carer"
    REPRESENTATIVE = "representative", "A person acting lawfully on the patient's behalf"


class DutyOfCandourNotification(GovernedRecord):
    """The tracker: in-person notification with apology, written follow-up, further enquiries and
    the outcome letter, each with its date; due dates come from the deadline policy."""

    audit_redacted_fields = ("notification_note", "contact_attempts")

    incident = models.OneToOneField(Incident, on_delete=models.CASCADE, related_name="candour")
    awareness_date = models.DateField(help_text="The day the organisation became aware of the notifiable incident (day 0)")
    relevant_person = models.CharField(max_length=20, choices=RelevantPerson.choices, blank=True)
    notified_on = models.DateField("In-person notification", null=True, blank=True)
    notified_by = models.CharField(max_length=200, blank=True)
    apology_given = models.BooleanField(default=False)
    notification_note = models.TextField(blank=True)
    unable_to_contact = models.BooleanField("Could not contact, or the person declined to speak", default=False)
    contact_attempts = models.TextField(blank=True)
    unable_to_contact_on = models.DateField("Attempts recorded on", null=True, blank=True)
    written_follow_up_on = models.DateField("Written notification", null=True, blank=True)
    further_enquiries = models.TextField(blank=True)
    further_enquiries_completed_on = models.DateField(null=True, blank=True)
    outcome_letter_on = models.DateField("Outcome letter", null=True, blank=True)

    def __str__(self) -> str:
        return f"Duty of Candour for {self.incident.reference}"

    @property
    def organisation(self):
        return self.incident.organisation

    @property
    def organisation_id(self):
        return self.incident.organisation_id

    def audit_description(self) -> str:
        return f"Duty of Candour tracker for incident {self.incident.reference}"

    def audit_organisation_code(self) -> str:
        return self.incident.organisation.ods_code

    # --- deadlines -------------------------------------------------------------------------------

    # None (a clock: DeadlineNotWorkedOut) when the dates are outside what the calendar covers.

    def notification_due(self) -> date | None:
        return due_or_none(NOTIFICATION_RULE, self.awareness_date)

    def written_follow_up_start(self) -> date | None:
        """Day 0 of the written follow-up: the rule's anchor (the notification, by default)."""
        if deadline_policy().rule(WRITTEN_RULE).anchor == "awareness":
            return self.awareness_date
        return self.notified_on

    def written_follow_up_due(self) -> date | None:
        start = self.written_follow_up_start()
        return due_or_none(WRITTEN_RULE, start) if start else None

    def notification_clock(self, today: date) -> ClockReading | DeadlineNotWorkedOut:
        done = self.notified_on or (self.unable_to_contact_on if self.unable_to_contact else None)
        return clock_or_unknown(NOTIFICATION_RULE, self.awareness_date, now=today, completed=done)

    def written_follow_up_clock(self, today: date) -> ClockReading | DeadlineNotWorkedOut | None:
        start = self.written_follow_up_start()
        if start is None:
            return None
        return clock_or_unknown(WRITTEN_RULE, start, now=today, completed=self.written_follow_up_on)

    @property
    def is_complete(self) -> bool:
        """Every step done, or the attempts to contact recorded (Regulation 20(5))."""
        if self.unable_to_contact and self.contact_attempts:
            return True
        return bool(self.notified_on and self.apology_given and self.written_follow_up_on and self.outcome_letter_on)
