"""An organisation's report template: which metrics its reports show, and the page orientation."""

from __future__ import annotations

from django import forms

from oversight.core.forms import NHSUKForm, choice_field

from ..models import Orientation


class TemplateForm(NHSUKForm):
    metric_codes = forms.MultipleChoiceField(label="Metrics in the report", widget=forms.CheckboxSelectMultiple,
                                             error_messages={"required": "Choose at least one metric"})
    orientation = choice_field(Orientation.choices, "Page orientation")

    def __init__(self, *args, choices=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["orientation"].initial = Orientation.PORTRAIT
        self.fields["metric_codes"].choices = choices
