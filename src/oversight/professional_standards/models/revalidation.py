"""Revalidation: each doctor's GMC state (submission date, notice, on hold), the Responsible Officer's
recommendations with the GMC's rules (rules §6, "Recommendations to the GMC"), the Employer Liaison
Service contacts some recommendations need first, and the batches submitted together.

GMC Connect cannot be reached from Oversight: a submitted recommendation is one the RO has made in GMC
Connect from Oversight's export; the GMC's list is imported back."""

from __future__ import annotations

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models

from oversight.audit.governed import GovernedRecord


class DoctorRevalidation(GovernedRecord):
    """A doctor's state at the GMC, as GMC Connect lists it (imported) or the RO's office records it."""

    clinician = models.OneToOneField("workforce.Clinician", on_delete=models.PROTECT, related_name="revalidation")
    submission_due_on = models.DateField("GMC submission date", null=True, blank=True)
    under_notice = models.BooleanField("Under notice", default=False)
    # A GMC fitness to practise investigation: the GMC issues no notice and accepts no recommendation.
    on_hold = models.BooleanField("On hold at the GMC", default=False)
    cycle_started_on = models.DateField("Current revalidation cycle started", null=True, blank=True)
    last_revalidated_on = models.DateField(null=True, blank=True)
    last_gmc_list_on = models.DateField("Last GMC Connect list imported", null=True, blank=True)
    # Raised a public-interest concern (whistleblowing): a deferral or non-engagement needs ELS contact first.
    raised_public_interest_concern = models.BooleanField(default=False)

    class Meta:
        ordering = ["submission_due_on"]

    def __str__(self) -> str:
        return f"Revalidation of {self.clinician.registration_label}"

    def audit_description(self) -> str:
        return f"Revalidation state of {self.clinician.audit_description()}"

    def audit_organisation_code(self) -> str:
        return self.clinician.organisation.ods_code


class RecommendationKind(models.TextChoices):
    # Exactly three (rules §6): a closed list.
    REVALIDATE = "revalidate", "Revalidate"
    DEFER = "defer", "Defer"
    NON_ENGAGEMENT = "non_engagement", "Non-engagement"


class RecommendationStatus(models.TextChoices):
    DRAFT = "draft", "Draft"
    SUBMITTED = "submitted", "Submitted to the GMC"


class DeferralReason(models.TextChoices):
    INSUFFICIENT_EVIDENCE = "insufficient_evidence", "Insufficient evidence for a recommendation to revalidate"
    ONGOING_PROCESS = "ongoing_process", "The doctor is subject to an ongoing local process"


class GmcOutcome(models.TextChoices):
    PENDING = "", "Awaiting the GMC"
    APPROVED = "approved", "Approved by the GMC"
    NOT_APPROVED = "not_approved", "Not approved by the GMC"


# The five deferral criteria, all of which must apply (rules §6, "Defer", confirmed): (field, wording).
DEFERRAL_CRITERIA = (
    ("criterion_engaging", "The doctor is engaging with the local processes that support revalidation, and will continue to"),
    ("criterion_informed_not_possible", "An informed recommendation is not possible on the information available"),
    ("criterion_legitimate_reason", "There is a legitimate reason why the doctor needs more time"),
    ("criterion_missing_identified", "The missing information or outcome is identified, with where and when it will come from"),
    ("criterion_period_sufficient", "The deferral period is long enough"),
)


class ElsContact(GovernedRecord):
    """A contact with the GMC's Employer Liaison Service, recorded before the recommendations that need one."""

    audit_redacted_fields = ("summary",)

    clinician = models.ForeignKey("workforce.Clinician", on_delete=models.PROTECT, related_name="els_contacts")
    contacted_on = models.DateField("Date of contact")
    adviser_name = models.CharField("Employer Liaison Adviser", max_length=200)
    summary = models.TextField("What was discussed and agreed")
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    recorded_by_label = models.CharField(max_length=200)

    class Meta:
        ordering = ["-contacted_on"]

    def __str__(self) -> str:
        return f"Employer Liaison contact on {self.contacted_on:%d %B %Y}"

    def audit_description(self) -> str:
        return f"Employer Liaison Service contact about {self.clinician.audit_description()}"

    def audit_organisation_code(self) -> str:
        return self.clinician.organisation.ods_code


class RecommendationBatch(GovernedRecord):
    """Recommendations submitted together (GMC Connect takes one or more doctors at once)."""

    designated_body = models.ForeignKey("organisations.Organisation", on_delete=models.PROTECT, related_name="+")
    submitted_at = models.DateTimeField()
    submitted_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    submitted_by_label = models.CharField(max_length=200)
    size = models.PositiveIntegerField()

    class Meta:
        ordering = ["-submitted_at"]

    def __str__(self) -> str:
        return f"{self.size} recommendations submitted {self.submitted_at:%d %B %Y}"

    def audit_description(self) -> str:
        return f"Batch of {self.size} revalidation recommendations"

    def audit_organisation_code(self) -> str:
        return self.designated_body.ods_code


class Recommendation(GovernedRecord):
    audit_redacted_fields = ("missing_information", "comments")

    clinician = models.ForeignKey("workforce.Clinician", on_delete=models.PROTECT, related_name="recommendations")
    kind = models.CharField(max_length=20, choices=RecommendationKind.choices)
    status = models.CharField(max_length=20, choices=RecommendationStatus.choices, default=RecommendationStatus.DRAFT)
    # The GMC submission date this recommendation answers (the doctor's date when it was made).
    submission_due_on = models.DateField("GMC submission date")
    deferral_reason = models.CharField(max_length=30, choices=DeferralReason.choices, blank=True)
    criterion_engaging = models.BooleanField(default=False)
    criterion_informed_not_possible = models.BooleanField(default=False)
    criterion_legitimate_reason = models.BooleanField(default=False)
    criterion_missing_identified = models.BooleanField(default=False)
    criterion_period_sufficient = models.BooleanField(default=False)
    missing_information = models.TextField("What is missing, and where and when it will come from", blank=True)
    defer_to = models.DateField("New submission date", null=True, blank=True)
    local_processes_exhausted = models.BooleanField("All reasonable local processes are exhausted", default=False)
    comments = models.TextField(blank=True)
    # The Employer Liaison contact that allowed it, where the rules need one (rules §6, [S109]).
    els_contact = models.ForeignKey(ElsContact, null=True, blank=True, on_delete=models.PROTECT, related_name="recommendations")
    prepared_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    prepared_by_label = models.CharField(max_length=200)
    submitted_at = models.DateTimeField(null=True, blank=True)
    submitted_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    submitted_by_label = models.CharField(max_length=200, blank=True)
    batch = models.ForeignKey(RecommendationBatch, null=True, blank=True, on_delete=models.PROTECT, related_name="recommendations")
    gmc_outcome = models.CharField(max_length=20, choices=GmcOutcome.choices, blank=True)
    gmc_outcome_on = models.DateField(null=True, blank=True)

    class Meta:
        ordering = ["-submission_due_on"]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} ({self.get_status_display().lower()})"

    @property
    def is_submitted(self) -> bool:
        return self.status == RecommendationStatus.SUBMITTED

    # What may still be recorded once the recommendation is submitted: the GMC's answer only.
    AFTER_SUBMISSION = frozenset({"gmc_outcome", "gmc_outcome_on", "updated_at", "created_at"})

    def changed_after_submission(self) -> list[str]:
        """The fields changed since it was loaded, if it was loaded as submitted (which nothing may change)."""
        loaded = getattr(self, "_audit_loaded", {})
        if loaded.get("status") != RecommendationStatus.SUBMITTED:
            return []
        return [f.name for f in self._meta.concrete_fields
                if f.attname in loaded and f.name not in self.AFTER_SUBMISSION and loaded[f.attname] != getattr(self, f.attname)]

    def clean(self):
        super().clean()
        changed = self.changed_after_submission()
        if changed:
            raise ValidationError({name if name != "status" else "__all__": (
                f"This {self.get_kind_display().lower()} recommendation was submitted to the GMC: nothing can be changed "
                f"once submitted") for name in changed})

    def audit_description(self) -> str:
        return f"Revalidation recommendation ({self.get_kind_display().lower()}) for {self.clinician.audit_description()}"

    def audit_organisation_code(self) -> str:
        return self.clinician.organisation.ods_code
