"""Shifts: the hours a clinician worked, from the rota export or entered by hand. They give cases per
clinician hour (productivity, §7) and the "many hours" risk rule of audit sampling (BrisDoc [S134])."""

from __future__ import annotations

from django.db import models

from oversight.audit.governed import GovernedRecord


class ImportedFile(GovernedRecord):
    """One imported file of rows (its creation is the audit entry for every row in it)."""

    what = "rows"  # what the file holds, in the description

    organisation = models.ForeignKey("organisations.Organisation", on_delete=models.PROTECT, related_name="+")
    sha256 = models.CharField(max_length=64)
    rows = models.PositiveIntegerField()
    imported_by_label = models.CharField(max_length=200)

    class Meta:
        abstract = True
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"{self.rows} {self.what}"

    def audit_description(self) -> str:
        # The file by its fingerprint, never its name: a file's name can carry anything.
        return f"Import of {self.rows} {self.what} (file {self.sha256[:12]})"


class ShiftImport(ImportedFile):
    """One rota file."""

    what = "shifts"

    class Meta(ImportedFile.Meta):
        pass


class Shift(GovernedRecord):
    organisation = models.ForeignKey("organisations.Organisation", on_delete=models.PROTECT, related_name="+")
    clinician = models.ForeignKey("workforce.Clinician", on_delete=models.PROTECT, related_name="shifts")
    starts_at = models.DateTimeField()
    ends_at = models.DateTimeField()
    service = models.CharField(max_length=120)
    site = models.CharField(max_length=120, blank=True)  # the base or hub as the rota names it
    role = models.CharField(max_length=80)  # the role worked: GP, advanced nurse practitioner, paramedic, ...
    source = models.ForeignKey(ShiftImport, null=True, blank=True, on_delete=models.PROTECT, related_name="shifts")

    class Meta:
        ordering = ["-starts_at"]
        constraints = [
            models.CheckConstraint(condition=models.Q(ends_at__gt=models.F("starts_at")), name="shift_ends_after_it_starts"),
        ]
        indexes = [models.Index(fields=["clinician", "starts_at"]), models.Index(fields=["organisation", "starts_at"])]

    def __str__(self) -> str:
        return f"Shift {self.starts_at:%Y-%m-%d %H:%M} to {self.ends_at:%Y-%m-%d %H:%M}"

    def audit_description(self) -> str:
        return f"Shift of clinician {self.clinician.registration_label} from {self.starts_at:%Y-%m-%d %H:%M}"

    @property
    def hours(self) -> float:
        return (self.ends_at - self.starts_at).total_seconds() / 3600
