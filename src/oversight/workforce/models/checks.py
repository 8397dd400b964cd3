"""Employment checks and training (issue 13, Deliver 2): a clinician's DBS checks, their mandatory and
statutory training, and their indemnity, each with the date it runs out. The periods come from
``workforce/rules/training.toml`` (rules §6: set locally, so configuration); services compute and
store the dates, so the compliance at any past month end follows from the records
(docs/employment-checks.md)."""

from __future__ import annotations

import re
from datetime import timedelta

from django.core.exceptions import ValidationError
from django.db import models

from oversight.audit.governed import GovernedRecord

#: A DBS certificate number is 12 digits (printed at the top right of the certificate).
CERTIFICATE_NUMBER = re.compile(r"\d{12}")
#: The DBS Update Service must be joined within 30 days of the certificate's issue (rules §6 [S121]).
UPDATE_SERVICE_JOIN_DAYS = 30


def normalise_certificate_number(value: str) -> str:
    return re.sub(r"[\s-]", "", value or "")


class DbsLevel(models.TextChoices):
    """The four levels of DBS check, lowest first (the order "at least this level" compares by)."""

    BASIC = "basic", "Basic"
    STANDARD = "standard", "Standard"
    ENHANCED = "enhanced", "Enhanced"
    ENHANCED_BARRED = "enhanced_barred", "Enhanced with barred lists"


DBS_LEVEL_ORDER = {level: index for index, level in enumerate(DbsLevel.values)}


class DbsCheck(GovernedRecord):
    audit_redacted_fields = ("certificate_number",)

    clinician = models.ForeignKey("workforce.Clinician", on_delete=models.PROTECT, related_name="dbs_checks")
    level = models.CharField("Level of check", max_length=20, choices=DbsLevel.choices)
    certificate_number = models.CharField(max_length=12, help_text="The 12-digit number on the certificate")
    issued_on = models.DateField("Date of issue")
    on_update_service = models.BooleanField("On the DBS Update Service", default=False)
    update_service_joined_on = models.DateField("Joined the Update Service on", null=True, blank=True)
    # Computed from training.toml's [dbs] rule when recorded (None: no recheck is due, e.g. the
    # certificate is on the Update Service, or NHS England checked a GP once on joining the Performers List).
    recheck_due_on = models.DateField("Recheck due", null=True, blank=True)

    class Meta:
        ordering = ["clinician", "-issued_on"]
        verbose_name = "DBS check"
        constraints = [models.UniqueConstraint(fields=["clinician", "certificate_number"], name="one_dbs_certificate_per_clinician")]

    def __str__(self) -> str:
        return f"{self.get_level_display()} DBS check issued {self.issued_on}"

    def audit_description(self) -> str:
        # The level and date, not the certificate number: the number identifies the person's certificate.
        level = self.get_level_display().lower() if self.level else "level not recorded"
        return f"DBS check ({level}, issued {self.issued_on}) of {self.clinician.audit_description()}"

    def audit_organisation_code(self) -> str:
        return self.clinician.organisation.ods_code

    @property
    def update_service_counts(self) -> bool:
        """On the Update Service, joined within 30 days of issue: only then does the certificate stay current."""
        return bool(self.on_update_service and self.update_service_joined_on and self.issued_on
                    and self.update_service_joined_on <= self.issued_on + timedelta(days=UPDATE_SERVICE_JOIN_DAYS))

    def clean(self):
        super().clean()
        self.certificate_number = normalise_certificate_number(self.certificate_number)
        problems = {}
        if not CERTIFICATE_NUMBER.fullmatch(self.certificate_number):
            problems["certificate_number"] = "Enter the certificate number: 12 digits, like 001234567890"
        if self.on_update_service and not self.update_service_joined_on:
            problems["update_service_joined_on"] = "Enter the date the certificate joined the Update Service"
        if not self.on_update_service and self.update_service_joined_on:
            problems["update_service_joined_on"] = "Leave this blank unless the certificate is on the Update Service"
        if problems:
            raise ValidationError(problems)


class TrainingRecord(GovernedRecord):
    audit_redacted_fields = ("evidence_note",)

    clinician = models.ForeignKey("workforce.Clinician", on_delete=models.PROTECT, related_name="training_records")
    # A subject's code in training.toml ("safeguarding_children"); its words and renewal period are there.
    subject = models.CharField(max_length=60)
    level = models.PositiveSmallIntegerField(null=True, blank=True, help_text="For subjects taught at levels, such as safeguarding")
    completed_on = models.DateField("Completed on")
    # completed_on plus the subject's renewal period when recorded (None: the subject never needs renewing).
    expires_on = models.DateField("Expires on", null=True, blank=True)
    evidence_note = models.TextField("Evidence", blank=True, help_text="Where the certificate or record of completion is kept")

    class Meta:
        ordering = ["clinician", "subject", "-completed_on"]

    def __str__(self) -> str:
        return f"Training {self.subject} completed {self.completed_on}"

    def audit_description(self) -> str:
        return f"Training ({self.subject_label}, completed {self.completed_on}) of {self.clinician.audit_description()}"

    @property
    def subject_label(self) -> str:
        """The subject's words in training.toml at the level recorded ("Safeguarding children level 3")."""
        from ..checks import training_rules

        subject = training_rules().subjects.get(self.subject)
        name = subject.label if subject else self.subject
        return f"{name} level {self.level}" if self.level else name

    def audit_organisation_code(self) -> str:
        return self.clinician.organisation.ods_code


class IndemnityProvider(models.TextChoices):
    MDU = "mdu", "Medical Defence Union (MDU)"
    MPS = "mps", "Medical Protection Society (MPS)"
    MDDUS = "mddus", "Medical and Dental Defence Union of Scotland (MDDUS)"
    CNSGP = "cnsgp", "Clinical Negligence Scheme for General Practice (NHS Resolution)"
    CNST = "cnst", "Clinical Negligence Scheme for Trusts (NHS Resolution)"
    OTHER = "other", "Another provider"


#: The state-backed schemes: cover comes with the NHS work, so there is no membership number or renewal.
STATE_SCHEMES = (IndemnityProvider.CNSGP, IndemnityProvider.CNST)


class IndemnityKind(models.TextChoices):
    STATE_BACKED = "state_backed", "State-backed scheme"
    MEMBERSHIP = "membership", "Defence organisation membership"
    INSURANCE = "insurance", "Insurance policy"


class IndemnityCover(GovernedRecord):
    audit_redacted_fields = ("reference",)

    clinician = models.ForeignKey("workforce.Clinician", on_delete=models.PROTECT, related_name="indemnity_covers")
    provider = models.CharField(max_length=20, choices=IndemnityProvider.choices)
    kind = models.CharField("Kind of cover", max_length=20, choices=IndemnityKind.choices)
    reference = models.CharField("Membership or policy number", max_length=40, blank=True)
    starts_on = models.DateField("Cover starts on")
    expires_on = models.DateField("Cover ends on", null=True, blank=True,
                                  help_text="Leave blank for a state-backed scheme that covers the work while it lasts")

    class Meta:
        ordering = ["clinician", "-starts_on"]
        verbose_name_plural = "indemnity covers"

    def __str__(self) -> str:
        return f"{self.get_provider_display()} from {self.starts_on}"

    def audit_description(self) -> str:
        # The provider and dates, not the membership number.
        return f"Indemnity ({self.get_provider_display()}, from {self.starts_on}) of {self.clinician.audit_description()}"

    def audit_organisation_code(self) -> str:
        return self.clinician.organisation.ods_code

    def clean(self):
        super().clean()
        self.reference = (self.reference or "").strip()
        problems = {}
        if self.starts_on and self.expires_on and self.expires_on < self.starts_on:
            problems["expires_on"] = "The date cover ends must be on or after the date it starts"
        if self.provider in STATE_SCHEMES and self.kind and self.kind != IndemnityKind.STATE_BACKED:
            problems["kind"] = "NHS Resolution's schemes are state-backed"
        if self.kind and self.kind != IndemnityKind.STATE_BACKED:
            if not self.reference:
                problems["reference"] = "Enter the membership or policy number"
            if not self.expires_on:
                problems["expires_on"] = "Enter the date the membership or policy ends"
        if problems:
            raise ValidationError(problems)
