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


class StaffGroup(models.TextChoices):
    """ESR's staff groups, the ones compliance is reported by (checks and training per staff group)."""

    MEDICAL_AND_DENTAL = "medical_and_dental", "Medical and dental"
    NURSING_AND_MIDWIFERY = "nursing_and_midwifery", "Nursing and midwifery registered"
    ALLIED_HEALTH_PROFESSIONALS = "allied_health_professionals", "Allied health professionals"


STAFF_GROUP_OF: dict[str, str] = {
    Profession.DOCTOR: StaffGroup.MEDICAL_AND_DENTAL,
    Profession.NURSE: StaffGroup.NURSING_AND_MIDWIFERY,
    Profession.MIDWIFE: StaffGroup.NURSING_AND_MIDWIFERY,
    Profession.NURSING_ASSOCIATE: StaffGroup.NURSING_AND_MIDWIFERY,
}


class LicenceStatus(models.TextChoices):
    """A doctor's GMC status: registered with a licence to practise, registered without one, or not known."""

    LICENSED = "licensed", "Registered with a licence to practise"
    REGISTERED_WITHOUT_LICENCE = "registered_without_licence", "Registered without a licence to practise"
    NOT_KNOWN = "not_known", "Not known"


class Grade(models.TextChoices):
    CONSULTANT = "consultant", "Consultant"
    SAS = "sas", "Specialty and specialist (SAS) doctor"
    GP = "gp", "General practitioner"
    LOCUM = "locum", "Locum doctor"
    RESIDENT = "resident", "Resident doctor (in training)"
    LOCALLY_EMPLOYED = "locally_employed", "Locally employed doctor"
    OTHER = "other", "Other"


class PerformersListStatus(models.TextChoices):
    """A GP's inclusion on the National Performers List (Performers Lists Regulations 2013, rules §6)."""

    NOT_APPLICABLE = "", "Not applicable"
    APPLIED = "applied", "Applied to join"
    INCLUDED = "included", "Included"
    INCLUDED_WITH_CONDITIONS = "included_with_conditions", "Included with conditions"
    SUSPENDED = "suspended", "Suspended"
    REMOVED = "removed", "Removed"


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
    # The register (issue 13): what the Responsible Officer's systems hold for each doctor (rules §6,
    # "RO dashboard: minimum data fields"). Most fields are doctors' only; blank for other professions.
    employee_number = models.CharField("ESR employee number", max_length=20, blank=True)
    email = models.EmailField(blank=True)
    licence_status = models.CharField("Licence to practise", max_length=30, choices=LicenceStatus.choices,
                                      blank=True)
    on_gp_register = models.BooleanField("On the GP Register", default=False)
    on_specialist_register = models.BooleanField("On the Specialist Register", default=False)
    specialty = models.CharField(max_length=100, blank=True)
    grade = models.CharField(max_length=30, choices=Grade.choices, blank=True)
    designated_body = models.ForeignKey("organisations.Organisation", null=True, blank=True, on_delete=models.PROTECT,
                                        related_name="+", help_text="The doctor's designated body for revalidation")
    responsible_officer = models.ForeignKey("accounts.User", null=True, blank=True, on_delete=models.SET_NULL,
                                            related_name="connected_doctors")
    connection_started_on = models.DateField("Connection start date", null=True, blank=True)
    connection_ended_on = models.DateField("Connection end date", null=True, blank=True)
    # Who manages the doctor day to day: an appraiser may not be the doctor's line manager.
    line_manager = models.ForeignKey("accounts.User", null=True, blank=True, on_delete=models.SET_NULL,
                                     related_name="line_reports")
    organisations_worked_at = models.ManyToManyField("organisations.Organisation", blank=True,
                                                     related_name="clinicians_working_here",
                                                     help_text="Every organisation and site the clinician works at")
    performers_list_status = models.CharField("Performers List", max_length=30, choices=PerformersListStatus.choices,
                                              blank=True)

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
    def staff_group(self) -> str:
        return STAFF_GROUP_OF.get(self.profession, StaffGroup.ALLIED_HEALTH_PROFESSIONALS)

    @property
    def is_doctor(self) -> bool:
        return self.profession == Profession.DOCTOR

    @property
    def is_connected(self) -> bool:
        """Connected to a designated body now (a connection that has ended no longer counts)."""
        return self.designated_body_id is not None and self.connection_ended_on is None

    @property
    def registration_label(self) -> str:
        return f"{self.regulator.upper()} {self.registration_number}"

    def clean(self):
        super().clean()
        self.registration_number = normalise_registration_number(self.registration_number)
        problems = {}
        problem = registration_problem(self.profession, self.registration_number)
        if problem:
            problems["registration_number"] = problem
        if self.connection_started_on and self.connection_ended_on and self.connection_ended_on < self.connection_started_on:
            problems["connection_ended_on"] = "The connection end date must be on or after its start date"
        if self.performers_list_status and self.grade and self.grade != Grade.GP:
            problems["performers_list_status"] = "Only GPs are on the Performers List"
        if not self.is_doctor:
            for name in ("licence_status", "grade", "performers_list_status"):
                if getattr(self, name):
                    problems[name] = f"{self._meta.get_field(name).verbose_name.capitalize()} is for doctors only"
        if problems:
            raise ValidationError(problems)
