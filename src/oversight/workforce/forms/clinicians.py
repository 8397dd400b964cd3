"""Adding a clinician: name, profession, the registration number their regulator issues, and the
organisation that holds the record."""

from __future__ import annotations

from django import forms

from oversight.core.forms import NHSUKForm, model_choice, text
from oversight.organisations.models import Organisation

from ..models import Clinician, Profession, normalise_registration_number, registration_problem


class OrganisationField(forms.ModelChoiceField):
    """An organisation chosen by name (the queryset decides which)."""

    def label_from_instance(self, obj: Organisation) -> str:
        return obj.name


class ClinicianForm(NHSUKForm):
    name = text("Full name", error="Enter the clinician's full name")
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
            elif data.get("organisation") and Clinician.objects.filter(organisation=data["organisation"],
                                                                       registration_number=number).exists():
                self.add_error("registration_number", "A clinician with this registration number is already recorded here")
        data["registration_number"] = number
        return data
