"""Choosing a report: the organisation, the kind of report and its month or financial year."""

from __future__ import annotations

from datetime import date

from django import forms

from oversight.core.forms import NHSUKForm, choice_field, text

from ..board import (
    ReportError,
    financial_year_label,
    parse_financial_year,
    parse_month,
    require_complete_month,
    require_ended_year,
)
from ..models import ReportKind

# The report kinds as the URLs spell them.
KINDS = {"board": ReportKind.BOARD, "quality-account": ReportKind.QUALITY_ACCOUNT}
KIND_CHOICES = [("board", "Monthly board quality report"), ("quality-account", "Quality account data pack (a financial year)")]


def period_start(kind: str, period: str) -> date:
    """The period's first day, or ReportError saying what is wrong with it."""
    if kind == "board":
        return require_complete_month(parse_month(period))
    return require_ended_year(parse_financial_year(period))


def period_text(kind: str, start: date) -> str:
    return f"{start:%Y-%m}" if kind == "board" else financial_year_label(start)


class ChooseReportForm(NHSUKForm):
    organisation = choice_field([], "Organisation", widget=forms.Select, error="Choose an organisation")
    kind = choice_field(KIND_CHOICES, "Report")
    period = text("Month or financial year", max_length=7,
                  help_text="A month like 2025-06 for a board report; a year like 2024-25 for a quality account",
                  error="Enter the month (like 2025-06) or financial year (like 2024-25)")

    def __init__(self, *args, organisations=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["kind"].initial = "board"
        self.fields["organisation"].choices = [("", "Choose an organisation")] + [
            (o.ods_code, f"{o.name} ({o.get_kind_display()})") for o in organisations
        ]

    def clean(self):
        data = super().clean()
        if "period" in data and "kind" in data:
            try:
                data["start"] = period_start(data["kind"], data["period"].strip())
            except ReportError as exc:
                self.add_error("period", str(exc))
        return data
