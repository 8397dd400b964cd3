"""Professional concerns about doctors and other clinicians: confidential cases for the
Responsible Officer and medical directors."""

from __future__ import annotations

from django.db import models

from oversight.audit.governed import GovernedRecord

from .common import CaseStep


class ConcernSource(models.TextChoices):
    COLLEAGUE = "colleague", "A colleague"
    COMPLAINT = "complaint", "A patient or relative (complaint)"
    INCIDENT = "incident", "A patient safety incident"
    DATA = "data", "Audit, outcomes or other data"
    EXTERNAL = "external", "An external body (for example the GMC, NMC, HCPC or police)"
    SELF = "self", "The clinician themselves"
    OTHER = "other", "Other"


class ConcernCategory(models.TextChoices):
    CONDUCT = "conduct", "Conduct"
    CAPABILITY = "capability", "Capability (clinical performance)"
    HEALTH = "health", "Health"
    MIXED = "mixed", "More than one, or not yet known"


class ProfessionalConcern(GovernedRecord):
    audit_redacted_fields = ("summary", "outcome", "restrictions")

    reference = models.CharField(max_length=20, unique=True)
    organisation = models.ForeignKey("organisations.Organisation", on_delete=models.PROTECT, related_name="+")
    clinician = models.ForeignKey("workforce.Clinician", on_delete=models.PROTECT, related_name="concerns")
    raised_on = models.DateField()
    source = models.CharField(max_length=20, choices=ConcernSource.choices)
    category = models.CharField(max_length=20, choices=ConcernCategory.choices)
    summary = models.TextField("What the concern is")
    stage = models.CharField(max_length=40)
    restrictions = models.TextField("Restrictions on practice or exclusion, if any", blank=True)
    outcome = models.TextField(blank=True)
    closed_on = models.DateField(null=True, blank=True)

    class Meta:
        ordering = ["-raised_on"]

    def __str__(self) -> str:
        return self.reference

    @property
    def is_closed(self) -> bool:
        return self.closed_on is not None


class ProfessionalConcernStep(CaseStep):
    concern = models.ForeignKey(ProfessionalConcern, on_delete=models.CASCADE, related_name="steps")
    audit_redacted_fields = ("note",)
    audit_step_word = "stage"

    class Meta(CaseStep.Meta):
        pass

    @property
    def case(self):
        return self.concern

    def get_action_display(self) -> str:
        from ..configuration import label

        return label("professional_concern_stages", self.action)
