"""Report forms: choosing a report, and an organisation's report template."""

from .choose_report import KINDS, ChooseReportForm, period_start, period_text
from .template import TemplateForm

__all__ = ["KINDS", "ChooseReportForm", "TemplateForm", "period_start", "period_text"]
