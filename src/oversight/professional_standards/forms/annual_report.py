"""Choosing the Annual Board Report's designated body and appraisal year."""

from __future__ import annotations

from django import forms

from oversight.core.forms import NHSUKForm, choice_field

FIRST_YEAR = 2019  # Annex D combined the board report and the Statement of Compliance from v3.0, February 2019


def year_choices(current: int) -> list[tuple[str, str]]:
    return [(str(y), f"{y}/{(y + 1) % 100:02d}") for y in range(current, FIRST_YEAR - 1, -1)]


class AnnualReportChoiceForm(NHSUKForm):
    def __init__(self, *args, bodies=(), current_year: int, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["body"] = choice_field([(o.ods_code, o.name) for o in bodies], "Designated body", widget=forms.Select,
                                           error="Select the designated body")
        self.fields["year"] = choice_field(year_choices(current_year), "Appraisal year (April to March)",
                                           widget=forms.Select, error="Select the appraisal year")

    def clean_year(self) -> int:
        return int(self.cleaned_data["year"])
