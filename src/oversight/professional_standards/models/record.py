"""A doctor's whole record (issue 13): what Oversight does not hold as a case of its own (claims,
inquests, information from other settings, compliments, GMC conditions), and what the Responsible
Officer withholds from the doctor's own view of their record."""

from __future__ import annotations

from django.conf import settings
from django.db import models

from oversight.audit.governed import GovernedRecord


class RecordNoteKind(models.TextChoices):
    CLAIM = "claim", "Clinical negligence claim"
    INQUEST = "inquest", "Inquest"
    OTHER_SETTING = "other_setting", "Information from another setting"
    COMPLIMENT = "compliment", "Compliment"
    GMC_CONDITIONS = "gmc_conditions", "GMC conditions or undertakings"
    LOCAL_RESTRICTION = "local_restriction", "Local restriction on practice"


class RecordNote(GovernedRecord):
    audit_redacted_fields = ("summary", "outcome")

    clinician = models.ForeignKey("workforce.Clinician", on_delete=models.PROTECT, related_name="record_notes")
    kind = models.CharField(max_length=30, choices=RecordNoteKind.choices)
    setting = models.CharField("Where", max_length=200, blank=True,
                               help_text="The organisation or setting, for example an independent hospital")
    reference = models.CharField("Their reference", max_length=50, blank=True)
    occurred_on = models.DateField("Date")
    summary = models.TextField("What happened")
    outcome = models.TextField(blank=True)
    closed_on = models.DateField(null=True, blank=True)
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    recorded_by_label = models.CharField(max_length=200)

    class Meta:
        ordering = ["-occurred_on"]

    def __str__(self) -> str:
        return self.get_kind_display()

    def audit_description(self) -> str:
        return f"{self.get_kind_display()} note on {self.clinician.audit_description()}"

    def audit_organisation_code(self) -> str:
        return self.clinician.organisation.ods_code


class RecordItemKind(models.TextChoices):
    INCIDENT = "incident", "Incident"
    COMPLAINT = "complaint", "Complaint"
    CONCERN = "concern", "Professional concern"
    NOTE = "note", "Note"
    AUDIT = "audit", "Audit result"


class RecordRestriction(GovernedRecord):
    """One item of a doctor's record the Responsible Officer withholds from the doctor's own view."""

    audit_redacted_fields = ("reason",)

    clinician = models.ForeignKey("workforce.Clinician", on_delete=models.PROTECT, related_name="record_restrictions")
    item_kind = models.CharField(max_length=20, choices=RecordItemKind.choices)
    item_id = models.CharField(max_length=64)
    reason = models.TextField("Why the doctor may not see it yet")
    restricted_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    restricted_by_label = models.CharField(max_length=200)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["clinician", "item_kind", "item_id"], name="one_restriction_per_record_item")]

    def __str__(self) -> str:
        return f"Restricted {self.get_item_kind_display().lower()}"

    def audit_description(self) -> str:
        return f"Restriction of a {self.get_item_kind_display().lower()} from {self.clinician.audit_description()}'s own view"

    def audit_organisation_code(self) -> str:
        return self.clinician.organisation.ods_code
