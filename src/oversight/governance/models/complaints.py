"""NHS complaints under the 2009 Complaints Regulations (SI 2009/309; docs/rules/complaints.md)."""

from __future__ import annotations

from datetime import date

from django.db import models

from oversight.audit.governed import GovernedQuerySet, GovernedRecord
from oversight.deadlines import ClockReading

from ..configuration import DeadlineNotWorkedOut, clock_or_unknown, due_or_none
from .common import PATIENT_FIELDS, CaseStep, PatientDetails, Theme

ACKNOWLEDGEMENT_RULE = "complaint_acknowledgement"
RESPONSE_RULE = "complaint_response"
TIME_LIMIT_RULE = "complaint_time_limit"


class ComplaintStatus(models.TextChoices):
    RECEIVED = "received", "Received"
    ACKNOWLEDGED = "acknowledged", "Acknowledged"
    INVESTIGATING = "investigating", "Under investigation"
    RESPONDED = "responded", "Response sent"
    CLOSED = "closed", "Closed"


class ComplaintOutcome(models.TextChoices):
    UPHELD = "upheld", "Upheld"
    PARTLY_UPHELD = "partly_upheld", "Partly upheld"
    NOT_UPHELD = "not_upheld", "Not upheld"
    WITHDRAWN = "withdrawn", "Withdrawn by the complainant"


class OmbudsmanOutcome(models.TextChoices):
    PENDING = "pending", "Being considered by the Ombudsman"
    NOT_INVESTIGATED = "not_investigated", "Not taken forward for investigation"
    UPHELD = "upheld", "Upheld"
    PARTLY_UPHELD = "partly_upheld", "Partly upheld"
    NOT_UPHELD = "not_upheld", "Not upheld"


class ComplainantRelationship(models.TextChoices):
    PATIENT = "patient", "The patient"
    RELATIVE = "relative", "A relative or carer"
    REPRESENTATIVE = "representative", "A representative (for example an advocate or MP)"
    OTHER = "other", "Someone else affected"


class ComplaintQuerySet(GovernedQuerySet):
    def open(self):
        return self.exclude(status=ComplaintStatus.CLOSED)


class Complaint(PatientDetails, GovernedRecord):
    audit_redacted_fields = (*PATIENT_FIELDS, "complainant_name", "complainant_contact")

    reference = models.CharField(max_length=20, unique=True)
    organisation = models.ForeignKey("organisations.Organisation", on_delete=models.PROTECT, related_name="+")
    site = models.ForeignKey("organisations.Organisation", null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    channel = models.CharField(max_length=20)
    received_on = models.DateField(db_index=True)
    events_on = models.DateField("When the events happened")
    became_aware_on = models.DateField("When the complainant became aware, if later", null=True, blank=True)
    complainant_name = models.CharField(max_length=200, blank=True)
    complainant_contact = models.CharField(max_length=300, blank=True)
    complainant_relationship = models.CharField(max_length=20, choices=ComplainantRelationship.choices, blank=True)
    summary = models.TextField("What the complaint is about")
    # The 12-month time limit (a warning, not a bar): whether it was exceeded at intake and why the
    # complaint is still being considered.
    outside_time_limit = models.BooleanField(default=False)
    time_limit_note = models.TextField(blank=True)
    acknowledged_on = models.DateField(null=True, blank=True)
    agreed_response_date = models.DateField(null=True, blank=True)
    response_date_agreed_on = models.DateField(null=True, blank=True)
    response_sent_on = models.DateField(null=True, blank=True)
    response_signed_by = models.CharField(max_length=200, blank=True)
    outcome = models.CharField(max_length=20, choices=ComplaintOutcome.choices, blank=True)
    phso_referred_on = models.DateField("Referred to the Ombudsman", null=True, blank=True)
    phso_reference = models.CharField(max_length=50, blank=True)
    phso_outcome = models.CharField(max_length=20, choices=OmbudsmanOutcome.choices, blank=True)
    status = models.CharField(max_length=20, choices=ComplaintStatus.choices, default=ComplaintStatus.RECEIVED, db_index=True)
    # The clinicians the complaint is about (issue 13), linked to the register for the doctor's whole record.
    clinicians_named = models.ManyToManyField("workforce.Clinician", blank=True, related_name="complaints",
                                              verbose_name="Staff the complaint is about")
    themes = models.ManyToManyField(Theme, blank=True, related_name="complaints")
    external_reference = models.CharField(max_length=50, blank=True, db_index=True)
    import_batch = models.ForeignKey("governance.ImportBatch", null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    closed_at = models.DateTimeField(null=True, blank=True)

    objects = ComplaintQuerySet.as_manager()

    class Meta:
        ordering = ["-received_on"]
        indexes = [models.Index(fields=["organisation", "received_on"])]
        # One case per reference in the source system per organisation: a second import of the same
        # export is refused by the database itself, whatever races the importer's own check.
        constraints = [models.UniqueConstraint(fields=["organisation", "external_reference"],
                                               condition=~models.Q(external_reference=""),
                                               name="complaint_one_per_external_reference")]

    def __str__(self) -> str:
        return self.reference

    @property
    def is_closed(self) -> bool:
        return self.status == ComplaintStatus.CLOSED

    # --- deadlines -------------------------------------------------------------------------------

    # Each deadline is None (a clock: DeadlineNotWorkedOut) when the dates are outside what the
    # calendar covers, so one implausible record cannot take a list or a report down.

    def acknowledgement_due(self) -> date | None:
        return due_or_none(ACKNOWLEDGEMENT_RULE, self.received_on)

    def original_response_due(self) -> date | None:
        return due_or_none(RESPONSE_RULE, self.received_on)

    def _agreed(self) -> dict:
        if self.agreed_response_date and self.response_date_agreed_on:
            return {"agreed_date": self.agreed_response_date, "agreed_on": self.response_date_agreed_on}
        return {}

    def response_due(self) -> date | None:
        """Six months from receipt, or the date agreed with the complainant before that lapsed."""
        return due_or_none(RESPONSE_RULE, self.received_on, **self._agreed())

    def acknowledgement_clock(self, today: date) -> ClockReading | DeadlineNotWorkedOut:
        return clock_or_unknown(ACKNOWLEDGEMENT_RULE, self.received_on, now=today, completed=self.acknowledged_on)

    def response_clock(self, today: date) -> ClockReading | DeadlineNotWorkedOut:
        return clock_or_unknown(RESPONSE_RULE, self.received_on, now=today, completed=self.response_sent_on,
                                **self._agreed())


def time_limit_ends(events_on: date, became_aware_on: date | None = None) -> date | None:
    """The last day to complain: 12 months from the events, or from awareness if later (None when
    the dates are outside what the calendar covers)."""
    start = max(events_on, became_aware_on) if became_aware_on else events_on
    return due_or_none(TIME_LIMIT_RULE, start)


class ComplaintStep(CaseStep):
    complaint = models.ForeignKey(Complaint, on_delete=models.CASCADE, related_name="steps")

    class Meta(CaseStep.Meta):
        pass

    @property
    def case(self):
        return self.complaint

    def get_action_display(self) -> str:
        return COMPLAINT_STEP_LABELS.get(self.action, self.action)


COMPLAINT_STEP_LABELS = {
    "received": "Complaint received",
    "acknowledged": "Acknowledged",
    "investigating": "Investigation started",
    "agreed_date": "Response date agreed with the complainant",
    "holding_letter": "Holding letter sent",
    "responded": "Response sent",
    "phso_referral": "Referred to the Parliamentary and Health Service Ombudsman",
    "phso_outcome": "Ombudsman's decision recorded",
    "closed": "Closed",
    "themes": "Themes changed",
    "dates_corrected": "Dates corrected",
    "staff": "Staff the complaint is about changed",
}


class HoldingLetter(GovernedRecord):
    """A letter telling the complainant why the response is late and when to expect it."""

    complaint = models.ForeignKey(Complaint, on_delete=models.CASCADE, related_name="holding_letters")
    sent_on = models.DateField()
    reason = models.TextField()
    expected_response_on = models.DateField(null=True, blank=True)

    class Meta:
        ordering = ["sent_on"]

    def audit_description(self) -> str:
        return f"{self.complaint.audit_description()}: holding letter sent {self.sent_on:%d %B %Y}"

    def audit_organisation_code(self) -> str:
        return self.complaint.organisation.ods_code
