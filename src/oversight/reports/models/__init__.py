"""What a board report keeps between runs: each organisation's template and the narratives."""

from .reports import (
    NARRATIVE_MAX_LENGTH,
    SUMMARY_CODE,
    MetricNarrative,
    Orientation,
    ReportKind,
    ReportTemplate,
)

__all__ = ["NARRATIVE_MAX_LENGTH", "SUMMARY_CODE", "MetricNarrative", "Orientation", "ReportKind", "ReportTemplate"]
