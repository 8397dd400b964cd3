"""What every governance case shares: a readable reference, themes, patient details kept
confidential, and a timeline of steps (who, when, note)."""

from __future__ import annotations

import random
import secrets

from django.conf import settings
from django.db import models
from django.utils import timezone

from oversight.audit.governed import GovernedRecord
from oversight.core.models import BaseModel

# No 0/O or 1/I: references are read out on the telephone.
_REFERENCE_ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"


def new_reference(prefix: str, rng: random.Random | None = None) -> str:
    """A short, hard-to-guess case reference such as INC-7KM3Q9TX (40 bits). Bulk imports pass a
    ``random.Random`` seeded from ``secrets`` rather than asking the operating system eight times a row."""
    if rng is None:
        return f"{prefix}-{''.join(secrets.choice(_REFERENCE_ALPHABET) for _ in range(8))}"
    return f"{prefix}-{''.join(rng.choices(_REFERENCE_ALPHABET, k=8))}"


class Theme(BaseModel):
    """A tag that links cases with something in common (e.g. "Falls", "Sepsis", "Communication")."""

    name = models.CharField(max_length=80, unique=True)

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


PATIENT_FIELDS = ("patient_nhs_number", "patient_name", "patient_date_of_birth")


class PatientDetails(models.Model):
    """Confidential patient identifiers: shown only to roles with a need to know, with a reason
    logged each time; never in lists, exports or the audit trail's change list."""

    patient_nhs_number = models.CharField("NHS number", max_length=10, blank=True)
    patient_name = models.CharField("Patient's name", max_length=200, blank=True)
    patient_date_of_birth = models.DateField("Patient's date of birth", null=True, blank=True)

    class Meta:
        abstract = True

    @property
    def has_patient_details(self) -> bool:
        return bool(self.patient_nhs_number or self.patient_name or self.patient_date_of_birth)


class ImportBatch(GovernedRecord):
    """One bulk import of historical cases (its creation is the audit entry for every row in it)."""

    organisation = models.ForeignKey("organisations.Organisation", null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    kind = models.CharField(max_length=20)  # incidents | complaints
    file_name = models.CharField(max_length=255)
    sha256 = models.CharField(max_length=64)
    rows = models.PositiveIntegerField()
    mapping_name = models.CharField(max_length=200)
    imported_by_label = models.CharField(max_length=200)

    class Meta:
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"{self.rows} {self.kind} from {self.file_name}"

    def audit_description(self) -> str:
        # The file is named by its fingerprint: a file's name can carry a patient's.
        return f"Import of {self.rows} {self.kind} (file {self.sha256[:12]})"


class CaseStep(GovernedRecord):
    """One entry in a case's timeline."""

    action = models.CharField(max_length=40)
    note = models.TextField(blank=True)
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    recorded_by_label = models.CharField(max_length=200)
    recorded_at = models.DateTimeField(default=timezone.now)

    class Meta:
        abstract = True
        ordering = ["recorded_at"]

    # What one entry in the timeline is called: a concern moves through stages, other cases steps.
    audit_step_word = "step"

    def audit_description(self) -> str:
        # The step's kind only: its note is free text.
        return f"{self.case.audit_description()}: {self.audit_step_word} recorded ({self.get_action_display()})"

    def audit_organisation_code(self) -> str:
        return self.case.organisation.ods_code
