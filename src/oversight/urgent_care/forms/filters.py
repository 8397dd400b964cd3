"""The KPI list's filters: contract, region, KPI and period (months the warehouse holds)."""

from __future__ import annotations

from datetime import date

from django import forms
from django.core.exceptions import ValidationError

from oversight.core.forms import NHSUKForm


def month_choices(months: list[date]) -> list[tuple[str, str]]:
    return [(f"{m:%Y-%m}", f"{m:%B %Y}") for m in sorted(months)]


class KPIFilterForm(NHSUKForm):
    contract = forms.ChoiceField(label="IUC contract", required=False)
    region = forms.ChoiceField(label="Region", required=False)
    kpi = forms.ChoiceField(label="KPI", required=False)
    start = forms.ChoiceField(label="From", required=False)
    end = forms.ChoiceField(label="To", required=False)

    def __init__(self, *args, contracts=(), metrics=(), months=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["contract"].choices = [("", "All contracts")] + [(c.code, f"{c.name} ({c.code})") for c in contracts]
        regions = sorted({c.region for c in contracts if c.region})
        self.fields["region"].choices = [("", "All regions")] + [(r, r) for r in regions]
        self.fields["kpi"].choices = [("", "All KPIs")] + [(m.code, m.label) for m in metrics]
        months = month_choices(list(months))
        self.fields["start"].choices = [("", "Earliest"), *months]
        self.fields["end"].choices = [("", "Latest"), *months]

    def clean(self):
        data = super().clean()
        if data.get("start") and data.get("end") and data["start"] > data["end"]:
            raise ValidationError("The 'From' month must be on or before the 'To' month.")
        return data

    def period(self) -> tuple[date | None, date | None]:
        """(first month, last month) chosen; None where open."""
        data = self.cleaned_data if self.is_valid() else {}
        return _month(data.get("start")), _month(data.get("end"))


def _month(text: str | None) -> date | None:
    return date.fromisoformat(f"{text}-01") if text else None
