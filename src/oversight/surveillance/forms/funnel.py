"""The funnel analyst page's options (the NHS.UK form kit): columns and FunnelPlotR's options."""

from __future__ import annotations

from django import forms

from oversight.core.forms import NHSUKForm

DATA_TYPES = [
    ("SR", "Standardised ratio: observed over expected, for example deaths over expected deaths (SHMI)"),
    ("PR", "Proportion: events over people, for example patients waiting over 4 hours over attendances"),
    ("RC", "Ratio of counts: one count over another, for example 12-hour waits over admissions"),
]
SR_METHODS = [("SHMI", "SHMI (log scale, truncation), NHS Digital's method"),
              ("CQC", "CQC (square-root scale, winsorisation)")]  # fmt: skip
LIMITS = [("99", "99.8% (about 3 standard errors: the alarm level)"),
          ("95", "95% (about 2 standard errors: the alert level; SHMI banding uses it)")]  # fmt: skip


class FunnelForm(NHSUKForm):
    group = forms.ChoiceField(label="Group column", help_text="What each point is, for example the trust code.",
                              error_messages={"required": "Choose the group column"})  # fmt: skip
    numerator = forms.ChoiceField(label="Numerator column", error_messages={"required": "Choose the numerator column"})
    denominator = forms.ChoiceField(label="Denominator column",
                                    help_text="The expected count for a standardised ratio, otherwise the total.",
                                    error_messages={"required": "Choose the denominator column"})  # fmt: skip
    data_type = forms.ChoiceField(label="What kind of measure is it?", choices=DATA_TYPES, widget=forms.RadioSelect,
                                  initial="SR", error_messages={"required": "Choose the kind of measure"})  # fmt: skip
    sr_method = forms.ChoiceField(label="Method for a standardised ratio", choices=SR_METHODS,
                                  widget=forms.RadioSelect, initial="SHMI")  # fmt: skip
    limit = forms.TypedChoiceField(label="Limits that flag outliers", choices=LIMITS, coerce=int,
                                   widget=forms.RadioSelect, initial="99")  # fmt: skip
    multiplier = forms.FloatField(label="Multiplier", initial=1, min_value=0.000001, max_value=1_000_000,
                                  help_text="Scale the ratios, for example 100 for per cent.",
                                  error_messages={"invalid": "Enter the multiplier as a number, for example 100",
                                                  "min_value": "The multiplier must be above 0",
                                                  "max_value": "The multiplier must be 1,000,000 or less"})  # fmt: skip
    trim_by = forms.FloatField(label="Trimming before estimating overdispersion", initial=0.1, min_value=0,
                               max_value=0.49, help_text="The share cut or capped at each end: 0.1 is 10%.",
                               error_messages={"invalid": "Enter the trimming as a number, for example 0.1",
                                               "min_value": "The trimming must be 0 or more",
                                               "max_value": "The trimming must be below 0.5"})  # fmt: skip
    draw_adjusted = forms.BooleanField(label="Adjust the limits for overdispersion (recommended)", required=False,
                                       initial=True)  # fmt: skip
    draw_unadjusted = forms.BooleanField(label="Also draw the unadjusted limits", required=False)
    shmi_rounding = forms.BooleanField(label="Round expected counts to 2 decimal places, as SHMI is published",
                                       required=False, initial=True)  # fmt: skip
    unique_groups = forms.BooleanField(label="The file has one row per group (stop if a group repeats)",
                                       required=False, initial=True,
                                       help_text="Untick for record-level data: rows of a group are then added up.")  # fmt: skip
    square_cqc_limits = forms.BooleanField(label="Square the CQC limits back to the ratio scale", required=False,
                                           help_text="Off matches FunnelPlotR (its issue 33).")  # fmt: skip

    def __init__(self, *args, columns: list[str], **kwargs):
        super().__init__(*args, **kwargs)
        choices = [("", "Choose a column")] + [(c, c) for c in columns]
        for name in ("group", "numerator", "denominator"):
            self.fields[name].choices = choices

    def clean(self):
        data = super().clean()
        chosen = [data.get(name) for name in ("group", "numerator", "denominator")]
        for name, column in zip(("numerator", "denominator"), chosen[1:], strict=True):
            if column and chosen.count(column) > 1:
                self.add_error(name, f"{column} is already chosen for another role: choose three different columns")
        return data
