"""What a board report keeps between runs: each organisation's template (which metrics, in what
order) and the narrative written for each metric and month. Both are governed records, so every
change is in the audit trail."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import models

from oversight.audit.governed import GovernedRecord

#: The narrative that opens the report (the medical director's summary), stored like a metric's.
SUMMARY_CODE = "summary"
NARRATIVE_MAX_LENGTH = 3000


class Orientation(models.TextChoices):
    PORTRAIT = "portrait", "Portrait"
    LANDSCAPE = "landscape", "Landscape"


class ReportKind(models.TextChoices):
    BOARD = "board", "Monthly board report"
    QUALITY_ACCOUNT = "quality_account", "Quality account data pack"
    # The Responsible Officer's annual report (professional_standards/annual_report.py): a narrative per
    # Annex D section, keyed by the appraisal year's first day (April).
    RO_ANNUAL = "ro_annual", "Annual Board Report and Statement of Compliance"


class ReportTemplate(GovernedRecord):
    """Which metrics an organisation's board report shows, in order. Without one, every metric
    the organisation has data for is shown."""

    organisation = models.OneToOneField("organisations.Organisation", on_delete=models.PROTECT, related_name="+")
    metric_codes = models.JSONField(default=list)
    orientation = models.CharField(max_length=10, choices=Orientation.choices, default=Orientation.PORTRAIT)
    updated_by_label = models.CharField(max_length=200)

    def __str__(self) -> str:
        return f"Board report template for {self.organisation}"

    def audit_description(self) -> str:
        return f"Board report template for {self.organisation.ods_code}"

    def clean(self) -> None:
        if not isinstance(self.metric_codes, list) or not all(isinstance(c, str) and c for c in self.metric_codes):
            raise ValidationError({"metric_codes": "Metrics must be a list of metric codes"})
        if len(set(self.metric_codes)) != len(self.metric_codes):
            raise ValidationError({"metric_codes": "A metric can appear only once"})


class MetricNarrative(GovernedRecord):
    """The commentary for one metric (or the report's summary) in one report: a month's board
    report, or a financial year's quality account (keyed by the year's first month, April)."""

    organisation = models.ForeignKey("organisations.Organisation", on_delete=models.PROTECT, related_name="+")
    kind = models.CharField(max_length=20, choices=ReportKind.choices, default=ReportKind.BOARD)
    metric_code = models.CharField(max_length=80)
    month = models.DateField(help_text="The first day of the report's month (April for a quality account)")
    text = models.TextField(max_length=NARRATIVE_MAX_LENGTH)
    written_by_label = models.CharField(max_length=200)

    class Meta:
        ordering = ["organisation", "kind", "month", "metric_code"]
        constraints = [
            models.UniqueConstraint(fields=["organisation", "kind", "metric_code", "month"], name="one_narrative_per_metric_month"),
        ]

    def clean(self) -> None:
        if self.month and self.month.day != 1:
            raise ValidationError({"month": "The month must be given as its first day"})

    def __str__(self) -> str:
        return f"Narrative for {self.metric_code}, {self.month:%B %Y}"

    def audit_description(self) -> str:
        # Never the text: the trail says which narrative changed, the narrative itself says what.
        return f"{self.get_kind_display()} narrative for {self.organisation.ods_code}: {self.metric_code}, {self.month:%B %Y}"
