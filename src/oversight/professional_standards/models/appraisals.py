"""Medical appraisal: one record per doctor per appraisal year (April to March), with the appraiser,
the meeting and sign-off dates, the outputs, the six types of supporting information (rules §6), and
an approved missed appraisal with its reason."""

from __future__ import annotations

from django.conf import settings
from django.db import models

from oversight.audit.governed import GovernedRecord


class MissedReason(models.TextChoices):
    """Reasonable mitigation the Responsible Officer may agree (rules §6, "Annual appraisal")."""

    PARENTAL_LEAVE = "parental_leave", "Parental leave"
    SICKNESS = "sickness", "Sickness absence"
    SABBATICAL = "sabbatical", "Sabbatical or career break"
    BREAK_IN_PRACTICE = "break_in_practice", "Break in practice"
    NEWLY_CONNECTED = "newly_connected", "Newly connected: information not yet transferred"
    OTHER = "other", "Other reason agreed with the Responsible Officer"


# The six types of supporting information (AoMRC Medical Appraisal Template 2022, rules §6), as
# (field, label). Colleague and patient feedback are dated: each is needed once per revalidation cycle.
SUPPORTING_INFORMATION = (
    ("si_cpd", "Continuing professional development"),
    ("si_quality_improvement", "Quality improvement activity"),
    ("si_significant_events", "Significant events"),
    ("colleague_feedback_on", "Colleague feedback"),
    ("patient_feedback_on", "Patient feedback"),
    ("si_complaints_and_compliments", "Complaints and compliments"),
)


class Appraisal(GovernedRecord):
    audit_redacted_fields = ("outputs", "missed_note", "conflict_of_interest_note")

    clinician = models.ForeignKey("workforce.Clinician", on_delete=models.PROTECT, related_name="appraisals")
    # The year the appraisal year starts in: 2025 is 2025/26 (1 April 2025 to 31 March 2026).
    appraisal_year = models.PositiveSmallIntegerField()
    due_on = models.DateField("Due month", help_text="The first day of the month the appraisal is due")
    appraiser = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                                  related_name="appraisals_given")
    conflict_of_interest_note = models.TextField("Conflict of interest declared", blank=True)
    meeting_on = models.DateField("Appraisal meeting", null=True, blank=True)
    signed_off_on = models.DateField("Outputs signed off", null=True, blank=True)
    outputs = models.TextField("Summary of appraisal outputs", blank=True)
    pdp_agreed = models.BooleanField("Personal development plan agreed", default=False)
    si_cpd = models.BooleanField("Continuing professional development", default=False)
    si_quality_improvement = models.BooleanField("Quality improvement activity", default=False)
    si_significant_events = models.BooleanField("Significant events", default=False)
    colleague_feedback_on = models.DateField("Colleague feedback (MSF)", null=True, blank=True)
    patient_feedback_on = models.DateField("Patient feedback", null=True, blank=True)
    si_complaints_and_compliments = models.BooleanField("Complaints and compliments", default=False)
    # For the "ready to recommend" rule (rules §6, SOAR's example): None is "not recorded".
    declared_issues = models.BooleanField("The doctor declared issues (health, probity, governance)", null=True, blank=True)
    on_track = models.BooleanField("The appraiser judges the doctor on track for revalidation", null=True, blank=True)
    missed_approved = models.BooleanField("Missed appraisal approved by the Responsible Officer", default=False)
    missed_reason = models.CharField(max_length=30, choices=MissedReason.choices, blank=True)
    missed_note = models.TextField(blank=True)
    missed_approved_on = models.DateField(null=True, blank=True)

    class Meta:
        ordering = ["clinician", "-appraisal_year"]
        constraints = [models.UniqueConstraint(fields=["clinician", "appraisal_year"], name="one_appraisal_per_doctor_and_year")]

    def __str__(self) -> str:
        return f"Appraisal {self.year_label}"

    @property
    def year_label(self) -> str:
        return f"{self.appraisal_year}/{(self.appraisal_year + 1) % 100:02d}"

    def audit_description(self) -> str:
        return f"Appraisal {self.year_label} of {self.clinician.audit_description()}"

    def audit_organisation_code(self) -> str:
        return self.clinician.organisation.ods_code
