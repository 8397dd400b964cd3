"""The clinician audit programme (RCGP urgent and emergency care toolkit practice, §7): templates of
criteria, rounds that sample consultations, a first screen, a panel review of referred cases, and
feedback with the clinician's reflection. Rules: docs/rules/urgent-care.md, design: docs/clinical-audit.md.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models

from oversight.audit.governed import GovernedRecord


class Rating(models.TextChoices):
    COMPLIANT = "compliant", "Compliant"
    PARTIALLY_COMPLIANT = "partially_compliant", "Partially compliant"
    NON_COMPLIANT = "non_compliant", "Non-compliant"


class AuditTemplate(GovernedRecord):
    """A version of a template, copied from its TOML file when a round first uses it. Rounds point at
    the copy, so editing the file later never changes a past score (a changed file is a new copy)."""

    name = models.CharField(max_length=200)
    version = models.CharField(max_length=40)
    fingerprint = models.CharField(max_length=64, unique=True)  # sha256 of the template as read
    source = models.CharField(max_length=300)
    confidence = models.CharField(max_length=20)
    # {"compliant": 1.0, "partially_compliant": 0.5, "non_compliant": 0.0}: the share of a criterion's weight earned
    scale = models.JSONField()
    # [["Blue", 90], ["Green", 80], ...]: a score of at least the number earns the grade (highest first)
    grade_bands = models.JSONField()
    reaudit_below = models.FloatField()  # a score under this flags the clinician for re-audit

    class Meta:
        ordering = ["name", "-created_at"]

    def __str__(self) -> str:
        return f"{self.name} (version {self.version})"

    def audit_description(self) -> str:
        return f"Audit template version {self.version}"


class AuditCriterion(GovernedRecord):
    template = models.ForeignKey(AuditTemplate, on_delete=models.PROTECT, related_name="criteria")
    code = models.CharField(max_length=40)
    position = models.PositiveSmallIntegerField()
    wording = models.TextField()
    weight = models.FloatField()

    class Meta:
        ordering = ["template", "position"]
        constraints = [models.UniqueConstraint(fields=["template", "code"], name="one_criterion_code_per_template")]

    def __str__(self) -> str:
        return self.wording

    def audit_description(self) -> str:
        return f"Audit criterion {self.code}"


class SamplingMethod(models.TextChoices):
    PER_CLINICIAN = "per_clinician", "A number of consultations per clinician"
    PERCENTAGE = "percentage", "A percentage of each clinician's consultations"


class RoundStatus(models.TextChoices):
    OPEN = "open", "Sample not drawn"
    SAMPLED = "sampled", "Sample drawn"
    CLOSED = "closed", "Closed"


class AuditRound(GovernedRecord):
    organisation = models.ForeignKey("organisations.Organisation", on_delete=models.PROTECT, related_name="+")
    name = models.CharField(max_length=200)
    period_start = models.DateField()
    period_end = models.DateField()  # inclusive
    template = models.ForeignKey(AuditTemplate, on_delete=models.PROTECT, related_name="rounds")
    sampling_method = models.CharField(max_length=20, choices=SamplingMethod.choices)
    per_clinician = models.PositiveIntegerField(default=0)
    percentage = models.FloatField(default=0)
    # The risk rules this round applied (copied from the configuration when it was created)
    risk_multiplier = models.FloatField()
    new_starter_days = models.PositiveIntegerField()
    high_volume_consultations = models.PositiveIntegerField()
    high_volume_hours = models.FloatField(help_text="Hours worked in the period from which a clinician is sampled more")
    quorum = models.PositiveSmallIntegerField()
    seed = models.BigIntegerField(null=True, blank=True)
    status = models.CharField(max_length=20, choices=RoundStatus.choices, default=RoundStatus.OPEN)
    drawn_at = models.DateTimeField(null=True, blank=True)
    drawn_by_label = models.CharField(max_length=200, blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")

    class Meta:
        ordering = ["-period_start", "name"]

    def __str__(self) -> str:
        return self.name

    def audit_description(self) -> str:
        # The period, not the round's typed name, like every other description: references only.
        return f"Audit round {self.period_start:%Y-%m-%d} to {self.period_end:%Y-%m-%d}"


class CaseStatus(models.TextChoices):
    AWAITING_SCREEN = "awaiting_screen", "Waiting for the first screen"
    PASSED = "passed", "Passed at screening"
    REFERRED = "referred", "Referred to the panel"
    PANEL_REVIEWED = "panel_reviewed", "Panel review quorate"
    RELEASED = "released", "Feedback released"


class ScreenOutcome(models.TextChoices):
    PASS = "pass", "Pass"
    REFER = "refer", "Refer to the panel"


class PanelDecision(models.TextChoices):
    CONCERNS_CONFIRMED = "concerns_confirmed", "Concerns confirmed"
    NO_CONCERNS = "no_concerns", "No concerns"


class FeedbackKind(models.TextChoices):
    POSITIVE = "positive", "Positive"
    NEGATIVE = "negative", "Learning needed"


class AuditCase(GovernedRecord):
    """One sampled consultation in a round, from the first screen to the clinician's reflection."""

    audit_redacted_fields = ("screen_comment", "feedback", "reflection")

    round = models.ForeignKey(AuditRound, on_delete=models.PROTECT, related_name="cases")
    consultation = models.ForeignKey("clinical_performance.Consultation", on_delete=models.PROTECT, related_name="+")
    clinician = models.ForeignKey("workforce.Clinician", on_delete=models.PROTECT, related_name="audit_cases")
    auditor = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT,
                                related_name="+")  # the first screener
    risk_reasons = models.JSONField(default=list, blank=True)  # why the clinician was sampled more
    status = models.CharField(max_length=20, choices=CaseStatus.choices, default=CaseStatus.AWAITING_SCREEN)
    screen_outcome = models.CharField(max_length=10, choices=ScreenOutcome.choices, blank=True)
    screen_comment = models.TextField(blank=True)
    screened_at = models.DateTimeField(null=True, blank=True)
    score = models.FloatField(null=True, blank=True)  # percentage: the screen's, or the panel's mean once quorate
    grade = models.CharField(max_length=40, blank=True)
    panel_decision = models.CharField(max_length=20, choices=PanelDecision.choices, blank=True)
    reaudit = models.BooleanField(default=False)
    feedback_kind = models.CharField(max_length=10, choices=FeedbackKind.choices, blank=True)
    feedback = models.TextField(blank=True)
    released_at = models.DateTimeField(null=True, blank=True)
    released_by_label = models.CharField(max_length=200, blank=True)
    reflection = models.TextField(blank=True)
    reflected_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["round", "clinician__name", "consultation__consulted_at"]
        constraints = [models.UniqueConstraint(fields=["round", "consultation"], name="one_case_per_consultation_and_round")]

    def __str__(self) -> str:
        return f"Case {self.consultation.case_reference}"

    @property
    def organisation(self):
        return self.round.organisation

    @property
    def organisation_id(self):
        return self.round.organisation_id

    def audit_description(self) -> str:
        return (f"Audit case of consultation {self.consultation.case_reference} "
                f"(clinician {self.clinician.registration_label})")


class Stage(models.TextChoices):
    SCREEN = "screen", "First screen"
    PANEL = "panel", "Panel review"


class CriterionScore(GovernedRecord):
    case = models.ForeignKey(AuditCase, on_delete=models.CASCADE, related_name="scores")
    criterion = models.ForeignKey(AuditCriterion, on_delete=models.PROTECT, related_name="+")
    reviewer = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    stage = models.CharField(max_length=10, choices=Stage.choices)
    rating = models.CharField(max_length=20, choices=Rating.choices)

    class Meta:
        ordering = ["case", "stage", "criterion__position"]
        constraints = [models.UniqueConstraint(fields=["case", "criterion", "reviewer", "stage"],
                                               name="one_rating_per_criterion_reviewer_and_stage")]

    def audit_description(self) -> str:
        return f"Criterion score {self.criterion.code} ({self.get_stage_display()})"


class PanelReview(GovernedRecord):
    """One panel member's review of a referred case: their scores and their decision."""

    audit_redacted_fields = ("comment",)

    case = models.ForeignKey(AuditCase, on_delete=models.CASCADE, related_name="panel_reviews")
    reviewer = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    decision = models.CharField(max_length=20, choices=PanelDecision.choices)
    score = models.FloatField()
    comment = models.TextField(blank=True)

    class Meta:
        ordering = ["case", "created_at"]
        constraints = [models.UniqueConstraint(fields=["case", "reviewer"], name="one_panel_review_per_reviewer")]

    def audit_description(self) -> str:
        return "Panel review of an audit case"
