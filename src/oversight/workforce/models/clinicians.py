"""Clinicians: the minimal record that professional concerns link to. A clinician is a name, a
profession, a professional registration number checked against the format its regulator uses, and
the organisation that holds the record.
"""

from __future__ import annotations

import re

from django.core.exceptions import ValidationError
from django.db import models

from oversight.audit.governed import GovernedRecord


class Regulator(models.TextChoices):
    GMC = "gmc", "General Medical Council (GMC)"
    NMC = "nmc", "Nursing and Midwifery Council (NMC)"
    HCPC = "hcpc", "Health and Care Professions Council (HCPC)"


class Profession(models.TextChoices):
    DOCTOR = "doctor", "Doctor"
    NURSE = "nurse", "Nurse"
    MIDWIFE = "midwife", "Midwife"
    NURSING_ASSOCIATE = "nursing_associate", "Nursing associate"
    PARAMEDIC = "paramedic", "Paramedic"
    PHYSIOTHERAPIST = "physiotherapist", "Physiotherapist"
    OCCUPATIONAL_THERAPIST = "occupational_therapist", "Occupational therapist"
    RADIOGRAPHER = "radiographer", "Radiographer"
    OPERATING_DEPARTMENT_PRACTITIONER = "operating_department_practitioner", "Operating department practitioner"
    OTHER_ALLIED_HEALTH_PROFESSIONAL = "other_ahp", "Other allied health professional"


REGULATOR_OF: dict[str, str] = {
    Profession.DOCTOR: Regulator.GMC,
    Profession.NURSE: Regulator.NMC,
    Profession.MIDWIFE: Regulator.NMC,
    Profession.NURSING_ASSOCIATE: Regulator.NMC,
}

# Registration number formats. GMC: a 7-digit reference number. NMC: the PIN, two digits, a letter,
# four digits and a letter (e.g. 12A3456E). HCPC: a profession prefix of two or three letters and
# digits (e.g. PA12345, ODP12345). The NMC and HCPC shapes are from general knowledge (UNCONFIRMED
# against the regulators' own specifications): see docs/governance.md.
REGISTRATION_FORMATS: dict[str, tuple[re.Pattern, str]] = {
    Regulator.GMC: (re.compile(r"\d{7}"), "a GMC number is 7 digits, like 1234567"),
    Regulator.NMC: (re.compile(r"\d{2}[A-Z]\d{4}[A-Z]"), "an NMC PIN is 2 digits, a letter, 4 digits and a letter, like 12A3456E"),
    Regulator.HCPC: (re.compile(r"[A-Z]{2,3}\d{4,6}"), "an HCPC number is 2 or 3 letters then 4 to 6 digits, like PA12345"),
}


def regulator_for(profession: str) -> str:
    return REGULATOR_OF.get(profession, Regulator.HCPC)


def normalise_registration_number(value: str) -> str:
    return re.sub(r"[\s-]", "", value or "").upper()


def registration_problem(profession: str, number: str) -> str | None:
    """What is wrong with a registration number for this profession, or None if it looks right."""
    regulator = regulator_for(profession)
    pattern, explanation = REGISTRATION_FORMATS[regulator]
    if not number:
        return f"Enter the {Regulator(regulator).label} registration number"
    if not pattern.fullmatch(number):
        return f"Enter a valid registration number: {explanation}"
    return None


class Clinician(GovernedRecord):
    name = models.CharField(max_length=200)
    profession = models.CharField(max_length=40, choices=Profession.choices)
    registration_number = models.CharField(
        max_length=12, help_text="GMC number for doctors, NMC PIN for nurses and midwives, HCPC number for allied health professionals"
    )
    organisation = models.ForeignKey("organisations.Organisation", on_delete=models.PROTECT, related_name="+")
    # The clinician's own sign-in, so they can see their own audits and write their reflections; and
    # their appraiser, who sees the same record for the appraisal. Both optional: most clinicians on
    # the register are not users of Oversight.
    user = models.OneToOneField(
        "accounts.User", null=True, blank=True, on_delete=models.SET_NULL, related_name="clinician_record"
    )
    appraiser = models.ForeignKey(
        "accounts.User", null=True, blank=True, on_delete=models.SET_NULL, related_name="appraisees"
    )

    class Meta:
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(fields=["organisation", "registration_number"], name="one_clinician_per_registration_and_org")
        ]

    def __str__(self) -> str:
        return f"{self.name} ({self.get_profession_display()}, {self.registration_label})"

    def audit_description(self) -> str:
        # The registration number, not the name: a clinician with a concern is confidential.
        return f"Clinician {self.registration_label}"

    @property
    def regulator(self) -> str:
        return regulator_for(self.profession)

    @property
    def registration_label(self) -> str:
        return f"{self.regulator.upper()} {self.registration_number}"

    def clean(self):
        super().clean()
        self.registration_number = normalise_registration_number(self.registration_number)
        problem = registration_problem(self.profession, self.registration_number)
        if problem:
            raise ValidationError({"registration_number": problem})
