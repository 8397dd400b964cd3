"""Professional concern forms. Clinicians are added with workforce's ClinicianForm."""

from __future__ import annotations

from django import forms
from django.core.exceptions import ValidationError

from oversight.core.forms import NHSUKForm, check_not_future, date_field, model_choice, note_field, text

from ..models import ConcernCategory, ConcernSource
from .common import reference_choice


class ConcernForm(NHSUKForm):
    clinician = forms.ModelChoiceField(queryset=None, label="Clinician", empty_label="Choose the clinician",
                                       error_messages={"required": "Select the clinician the concern is about"})
    raised_on = date_field("Date raised")
    source = model_choice(ConcernSource, "Who raised it")
    category = model_choice(ConcernCategory, "Kind of concern")
    summary = text("What the concern is", textarea=True)
    restrictions = text("Restrictions on practice or exclusion, if any", required=False, textarea=True)

    def __init__(self, *args, clinicians=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["clinician"].queryset = clinicians

    def clean_raised_on(self):
        value = self.cleaned_data["raised_on"]
        check_not_future(value, "The date raised")
        return value


class StageForm(NHSUKForm):
    stage = reference_choice("professional_concern_stages", "Move to stage", widget=forms.Select, blank="Choose a stage",
                             error="Select a stage")
    on = date_field("Date")
    note = note_field()
    restrictions = text("Restrictions on practice or exclusion, if any", required=False, textarea=True)
    outcome = text("Outcome", required=False, textarea=True, help_text="Required when closing the concern")

    def clean_on(self):
        value = self.cleaned_data["on"]
        if value:
            check_not_future(value, "The date")
        return value

    def clean_stage(self):
        value = self.cleaned_data["stage"]
        if not value:
            raise ValidationError("Select a stage")
        return value
