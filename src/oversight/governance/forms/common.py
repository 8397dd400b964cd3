"""Governance's own form parts: choices from the configured reference sets, and the confidential
patient details (NHS number checked by its check digit). The form kit itself is oversight.core.forms."""

from __future__ import annotations

import unicodedata

from django import forms
from django.core.exceptions import ValidationError

from oversight.core.forms import NHSUKForm, check_not_future, choice_field, date_field, text
from oversight.core.forms.fields import EARLIEST_BIRTH
from oversight.nhs_number import validate_nhs_number

from ..configuration import choices

# A number from the range NHS England keeps for testing (it passes the check digit, and is nobody's).
EXAMPLE_NHS_NUMBER = "943 476 5919"


def reference_choice(set_name: str, label: str, required: bool = True, blank: str | None = None,
                     widget=forms.RadioSelect, help_text: str = "", active_only: bool = False,
                     error: str | None = None) -> forms.ChoiceField:
    """A choice from a configured reference set; anything else is refused with a clear message."""
    field = choice_field(choices(set_name, blank=blank, active_only=active_only), label, required=required,
                         widget=widget, help_text=help_text, error=error)
    field.error_messages["invalid_choice"] = f"{label.rstrip('?')}: '%(value)s' is not in the configured list"
    return field


class PatientDetailsForm(NHSUKForm):
    """Optional patient identifiers. Only people with a need to know will ever see them."""

    patient_name = text("Patient's full name", required=False)
    patient_nhs_number = forms.CharField(
        label="Patient's NHS number", required=False, max_length=20,
        help_text=f"10 digits, for example {EXAMPLE_NHS_NUMBER}. Leave blank if you do not know it.",
    )
    patient_date_of_birth = date_field("Patient's date of birth", required=False, earliest=EARLIEST_BIRTH)

    def clean_patient_nhs_number(self) -> str:
        value = self.cleaned_data.get("patient_nhs_number", "").strip()
        if not value:
            return ""
        try:
            return validate_nhs_number(value)
        except ValueError as exc:
            raise ValidationError(f"Enter a valid NHS number: {exc}") from None

    def clean_patient_date_of_birth(self):
        value = self.cleaned_data.get("patient_date_of_birth")
        check_not_future(value, "The date of birth")
        return value


REASONS = [
    ("candour", "Contacting the patient or family under the Duty of Candour"),
    ("investigation", "Investigating this case (for example reviewing the clinical record)"),
    ("complaint", "Responding to the complaint"),
    ("safeguarding", "A safeguarding concern"),
    ("legal", "A coroner's, legal or regulator's request"),
    ("other", "Another reason"),
]


# A reason must say something: at least this many letters or digits once spaces, invisible
# characters (zero-width spaces) and punctuation are left out.
MEANINGFUL_CHARACTERS = 3


def has_meaning(text: str) -> bool:
    """True if ``text`` has words in it, not only spaces, tabs, dots or invisible characters."""
    return sum(1 for ch in text if unicodedata.category(ch)[0] in "LN") >= MEANINGFUL_CHARACTERS


class ReasonForm(NHSUKForm):
    """Why someone needs to see patient details: asked every time, and written to the audit trail."""

    reason = forms.ChoiceField(label="Why do you need to see the patient's details?", choices=REASONS, widget=forms.RadioSelect,
                               error_messages={"required": "Select why you need to see the patient's details"})
    detail = text("Details", required=False, textarea=True,
                  help_text="Required for another reason. Your reason is recorded in the audit trail with your name.")

    def clean(self):
        data = super().clean()
        if data.get("reason") == "other" and not has_meaning(data.get("detail") or ""):
            self.add_error("detail", "Enter the reason you need to see the patient's details, in words")
        return data

    def reason_text(self) -> str:
        label = dict(REASONS)[self.cleaned_data["reason"]]
        detail = (self.cleaned_data.get("detail") or "").strip()
        return f"{label}: {detail}" if detail else label


STAFF_HELP = ("GMC numbers for doctors, NMC PINs for nurses and midwives, HCPC numbers for allied health professionals, "
              "separated by semicolons or commas, for example 1234567; 12A3456E. They must be on the organisation's "
              "clinician register. Leave blank if none.")


class StaffNumbersField(forms.CharField):
    """Registration numbers of the staff named on a case, as a list; one that is not a GMC, NMC or
    HCPC number is refused naming it (whether the register holds it is the service's check)."""

    def __init__(self, label: str, **kwargs):
        super().__init__(label=label, required=False, max_length=2000, help_text=STAFF_HELP,
                         widget=forms.Textarea(attrs={"rows": 2}),
                         error_messages={"max_length": f"{label} must be 2,000 characters or fewer"}, **kwargs)

    def clean(self, value):
        from ..services.staff import malformed, parse_registration_numbers

        numbers = parse_registration_numbers(super().clean(value))
        bad = malformed(numbers)
        if bad:
            raise ValidationError(f"{', '.join(bad)}: not a GMC, NMC or HCPC registration number")
        return numbers


class StaffForm(NHSUKForm):
    """Change the staff named on a case."""

    staff_registration_numbers = StaffNumbersField("Registration numbers")

    def __init__(self, *args, label: str = "Registration numbers", **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["staff_registration_numbers"].label = label
