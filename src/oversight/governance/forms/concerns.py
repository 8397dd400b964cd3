"""Professional concern and clinician forms."""

from __future__ import annotations

from django import forms
from django.core.exceptions import ValidationError

from oversight.core.forms import NHSUKForm, check_not_future, date_field, model_choice, note_field, text
from oversight.workforce.models import (
    Clinician,
    Profession,
    normalise_registration_number,
    registration_problem,
)

from ..models import ConcernCategory, ConcernSource
from .common import reference_choice
from .places import OrganisationField


class ClinicianForm(NHSUKForm):
    name = text("Full name")
    profession = model_choice(Profession, "Profession", widget=forms.Select)
    registration_number = text("Registration number", max_length=20,
                               help_text="GMC number (7 digits) for doctors, NMC PIN (like 12A3456E) for nurses and "
                                         "midwives, HCPC number (like PA12345) for allied health professionals")
    organisation = OrganisationField(queryset=None, label="Organisation", empty_label="Choose the organisation",
                                          error_messages={"required": "Select the organisation"})

    def __init__(self, *args, organisations=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["organisation"].queryset = organisations

    def clean(self):
        data = super().clean()
        number = normalise_registration_number(data.get("registration_number", ""))
        if data.get("profession") and number:
            problem = registration_problem(data["profession"], number)
            if problem:
                self.add_error("registration_number", problem)
            elif data.get("organisation") and Clinician.objects.filter(organisation=data["organisation"], registration_number=number).exists():
                self.add_error("registration_number", "A clinician with this registration number is already recorded here")
        data["registration_number"] = number
        return data


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
