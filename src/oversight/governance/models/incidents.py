"""Patient safety incidents, reported in LFPSE terms and responded to under PSIRF."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone

from oversight.audit.governed import GovernedQuerySet, GovernedRecord
from oversight.reference import Decision, duty_of_candour_applies, requires_psii

from ..configuration import reference_directory
from .common import PATIENT_FIELDS, CaseStep, PatientDetails, Theme

PROLONGED_PSYCHOLOGICAL_HARM_DAYS = 28  # Regulation 20: at least 28 days continuously (docs/rules/harm-and-duty-of-candour.md)


class IncidentStatus(models.TextChoices):
    REPORTED = "reported", "Reported"
    REVIEWED = "reviewed", "Reviewed"
    RESPONSE_CHOSEN = "response_chosen", "Learning response chosen"
    RESPONSE_UNDER_WAY = "response_under_way", "Learning response under way"
    LEARNING_SHARED = "learning_shared", "Learning shared"
    CLOSED = "closed", "Closed"


class IncidentQuerySet(GovernedQuerySet):
    def open(self):
        return self.exclude(status=IncidentStatus.CLOSED)

    def in_organisations(self, ids):
        return self.filter(organisation_id__in=ids)


class Incident(PatientDetails, GovernedRecord):
    audit_redacted_fields = (*PATIENT_FIELDS, "reporter_name", "reporter_contact")

    reference = models.CharField(max_length=20, unique=True)
    organisation = models.ForeignKey("organisations.Organisation", on_delete=models.PROTECT, related_name="+")
    site = models.ForeignKey("organisations.Organisation", null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    location = models.CharField("Ward, department or place", max_length=200, blank=True)
    event_type = models.CharField(max_length=40)
    occurred_on = models.DateField()
    occurred_time = models.TimeField(null=True, blank=True)
    reported_at = models.DateTimeField(default=timezone.now, db_index=True)
    description = models.TextField("What happened")
    immediate_actions = models.TextField("Immediate actions taken", blank=True)
    physical_harm = models.CharField(max_length=40)
    psychological_harm = models.CharField(max_length=40)
    # Has the psychological harm lasted, or is it likely to last, 28 days or more? None: not known yet.
    prolonged_psychological_harm = models.BooleanField(null=True, blank=True)
    patient_involved = models.BooleanField(default=True)
    staff_involved = models.BooleanField(default=False)
    # The clinicians named as staff involved (issue 13): what links an incident to each doctor's whole
    # record for the Responsible Officer. Not their names in free text: a link to the register.
    clinicians_involved = models.ManyToManyField("workforce.Clinician", blank=True, related_name="incidents",
                                                 verbose_name="Staff involved")
    never_event = models.CharField(max_length=40, blank=True)
    death_due_to_problems_in_care = models.BooleanField(
        "Death thought more likely than not due to problems in care", default=False
    )
    # Derived from the fields above by apply_national_rules(); stored so lists and metrics can filter.
    is_notifiable = models.BooleanField("Notifiable under the Duty of Candour", default=False, db_index=True)
    requires_psii = models.BooleanField("Requires a PSII", default=False)
    status = models.CharField(max_length=30, choices=IncidentStatus.choices, default=IncidentStatus.REPORTED, db_index=True)
    learning_response = models.CharField(max_length=40, blank=True)
    reporter_name = models.CharField(max_length=200, blank=True)
    reporter_contact = models.CharField(max_length=200, blank=True)
    reported_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    themes = models.ManyToManyField(Theme, blank=True, related_name="incidents")
    external_reference = models.CharField(max_length=50, blank=True, db_index=True)
    import_batch = models.ForeignKey("governance.ImportBatch", null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    closed_at = models.DateTimeField(null=True, blank=True)

    objects = IncidentQuerySet.as_manager()

    class Meta:
        ordering = ["-reported_at"]
        indexes = [models.Index(fields=["organisation", "reported_at"])]
        # One case per reference in the source system per organisation: a second import of the same
        # export is refused by the database itself, whatever races the importer's own check.
        constraints = [models.UniqueConstraint(fields=["organisation", "external_reference"],
                                               condition=~models.Q(external_reference=""),
                                               name="incident_one_per_external_reference")]

    def __str__(self) -> str:
        return self.reference

    @property
    def reported_on(self):
        return timezone.localdate(self.reported_at)

    @property
    def is_closed(self) -> bool:
        return self.status == IncidentStatus.CLOSED

    def psii_decision(self) -> Decision:
        return requires_psii(
            never_event=self.never_event or None,
            death_more_likely_than_not_due_to_problems_in_care=self.death_due_to_problems_in_care,
            directory=reference_directory(),
        )

    def candour_decision(self) -> Decision:
        days = None
        if self.prolonged_psychological_harm is not None:
            days = PROLONGED_PSYCHOLOGICAL_HARM_DAYS if self.prolonged_psychological_harm else 0
        return duty_of_candour_applies(
            physical_harm=self.physical_harm or None,
            psychological_harm=self.psychological_harm or None,
            psychological_harm_days=days,
            directory=reference_directory(),
        )

    def apply_national_rules(self) -> None:
        """Work out whether the Duty of Candour applies and whether a PSII is required."""
        self.is_notifiable = self.candour_decision().required
        self.requires_psii = self.psii_decision().required

    def save(self, *args, **kwargs):
        self.apply_national_rules()
        super().save(*args, **kwargs)


class IncidentStep(CaseStep):
    incident = models.ForeignKey(Incident, on_delete=models.CASCADE, related_name="steps")

    class Meta(CaseStep.Meta):
        pass

    @property
    def case(self):
        return self.incident

    def get_action_display(self) -> str:
        return STEP_LABELS.get(self.action, self.action)


STEP_LABELS = {
    **dict(IncidentStatus.choices),
    "themes": "Themes changed",
    "candour_notification": "Duty of Candour: in-person notification with apology",
    "candour_unable_to_contact": "Duty of Candour: attempts to contact recorded",
    "candour_written_follow_up": "Duty of Candour: written notification sent",
    "candour_further_enquiries": "Duty of Candour: further enquiries",
    "candour_outcome_letter": "Duty of Candour: outcome letter sent",
    "candour_awareness_date": "Duty of Candour: awareness date changed",
    "staff": "Staff involved changed",
}
