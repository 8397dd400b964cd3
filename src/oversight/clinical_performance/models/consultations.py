"""Consultations imported from the clinical system (Adastra, Cleric or an EMIS-style export): the
cases clinician audits sample from. A case reference is the clinical system's own case number, never
a patient identifier; nothing here names or identifies a patient (docs/clinical-audit.md)."""

from __future__ import annotations

from django.db import models

from oversight.audit.governed import GovernedRecord

from .shifts import ImportedFile


class ContactType(models.TextChoices):
    TELEPHONE = "telephone", "Telephone"
    FACE_TO_FACE_BASE = "face_to_face_base", "Face to face at a base"
    HOME_VISIT = "home_visit", "Home visit"
    VIDEO = "video", "Video"


class ConsultationImport(ImportedFile):
    """One file of consultations from the clinical system."""

    what = "consultations"

    export_shape = models.CharField(max_length=40)  # the mapping used: adastra, cleric, emis

    class Meta(ImportedFile.Meta):
        pass

    def __str__(self) -> str:
        return f"{super().__str__()} ({self.export_shape})"


class Consultation(GovernedRecord):
    organisation = models.ForeignKey("organisations.Organisation", on_delete=models.PROTECT, related_name="+")
    source = models.ForeignKey(ConsultationImport, on_delete=models.PROTECT, related_name="consultations")
    case_reference = models.CharField(max_length=40)
    clinician = models.ForeignKey("workforce.Clinician", on_delete=models.PROTECT, related_name="consultations")
    role = models.CharField(max_length=80)  # the role the clinician worked in: GP, advanced nurse practitioner, ...
    consulted_at = models.DateTimeField()
    service = models.CharField(max_length=120)
    contact_type = models.CharField(max_length=20, choices=ContactType.choices)
    disposition = models.CharField(max_length=120)

    class Meta:
        ordering = ["-consulted_at"]
        constraints = [
            models.UniqueConstraint(fields=["organisation", "case_reference", "clinician", "consulted_at"],
                                    name="one_consultation_per_case_clinician_and_time"),
        ]
        indexes = [models.Index(fields=["organisation", "consulted_at"])]

    def __str__(self) -> str:
        return f"Case {self.case_reference}"

    def audit_description(self) -> str:
        return f"Consultation case {self.case_reference}"
