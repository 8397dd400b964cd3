"""Form building blocks: NHS.UK-style fields, the widget kind each template macro needs, sections,
and the confidential patient details (NHS number checked by its check digit)."""

from __future__ import annotations

from datetime import date

from django import forms
from django.core.exceptions import ValidationError
from django.utils import timezone

from oversight.nhs_number import validate_nhs_number

from ..configuration import choices

YES_NO = [("yes", "Yes"), ("no", "No")]
YES_NO_UNKNOWN = [("yes", "Yes"), ("no", "No"), ("unknown", "Not known yet")]


def _kind(field: forms.Field) -> str:
    widget = field.widget
    if isinstance(widget, forms.RadioSelect):
        return "radios"
    if isinstance(widget, forms.CheckboxSelectMultiple):
        return "checkboxes"
    if isinstance(widget, forms.Select):
        return "select"
    if isinstance(widget, forms.CheckboxInput):
        return "checkbox"
    if isinstance(widget, forms.Textarea):
        return "textarea"
    if isinstance(widget, forms.ClearableFileInput | forms.FileInput):
        return "file"
    if isinstance(widget, forms.DateInput):
        return "date"
    if isinstance(widget, forms.TimeInput):
        return "time"
    return "text"


class GovernanceForm(forms.Form):
    """``sections`` = [(heading or "", [field names])]; templates call ``form.layout()``."""

    sections: list[tuple[str, list[str]]] = []

    def layout(self) -> list[tuple[str, list[tuple]]]:
        groups = self.sections or [("", list(self.fields))]
        return [(heading, [(self[name], _kind(self.fields[name])) for name in names if name in self.fields])
                for heading, names in groups]

    def step_data(self) -> dict:
        """The cleaned data in the shape the service takes."""
        return dict(self.cleaned_data)

    def add_service_error(self, error: ValidationError) -> None:
        """Put an error raised by a service on the field it names (or at the top of the form)."""
        if hasattr(error, "error_dict"):
            for field, messages in error.message_dict.items():
                self.add_error(field if field in self.fields else None, messages)
        else:
            self.add_error(None, error.messages)


def date_field(label: str, required: bool = True, help_text: str = "") -> forms.DateField:
    return forms.DateField(
        label=label, required=required, help_text=help_text,
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        error_messages={"required": f"Enter {label[0].lower() + label[1:]}", "invalid": f"{label} must be a real date"},
    )


def reference_choice(set_name: str, label: str, required: bool = True, blank: str | None = None,
                     widget=forms.RadioSelect, help_text: str = "", active_only: bool = False) -> forms.ChoiceField:
    """A choice from a configured reference set; anything else is refused with a clear message."""
    return forms.ChoiceField(
        label=label, required=required, widget=widget, help_text=help_text,
        choices=choices(set_name, blank=blank, active_only=active_only),
        error_messages={
            "required": f"Select {label[0].lower() + label[1:]}",
            "invalid_choice": f"{label}: '%(value)s' is not in the configured list",
        },
    )


def model_choice(choices_class, label: str, required: bool = True, widget=forms.RadioSelect) -> forms.ChoiceField:
    return forms.ChoiceField(
        label=label, required=required, widget=widget, choices=list(choices_class.choices),
        error_messages={"required": f"Select {label[0].lower() + label[1:]}",
                        "invalid_choice": f"{label}: '%(value)s' is not one of the options"},
    )


def text(label: str, required: bool = True, max_length: int = 200, help_text: str = "", textarea: bool = False):
    return forms.CharField(
        label=label, required=required, max_length=None if textarea else max_length, help_text=help_text,
        widget=forms.Textarea(attrs={"rows": 4}) if textarea else forms.TextInput,
        error_messages={"required": f"Enter {label[0].lower() + label[1:]}"},
    )


def note_field(label: str = "Note", help_text: str = "What was decided or done, for the case record") -> forms.CharField:
    return text(label, required=False, help_text=help_text, textarea=True)


def yes_no(value: str | None) -> bool | None:
    return {"yes": True, "no": False}.get(value or "")


def check_not_future(value: date | None, what: str) -> None:
    if value is not None and value > timezone.localdate():
        raise ValidationError(f"{what} must be today or in the past")


class PatientDetailsForm(GovernanceForm):
    """Optional patient identifiers. Only people with a need to know will ever see them."""

    patient_name = text("Patient's full name", required=False)
    patient_nhs_number = forms.CharField(
        label="Patient's NHS number", required=False, max_length=20,
        help_text="10 digits, for example 485 777 3456. Leave blank if you do not know it.",
    )
    patient_date_of_birth = date_field("Patient's date of birth", required=False)

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


class ReasonForm(GovernanceForm):
    """Why someone needs to see patient details: asked every time, and written to the audit trail."""

    reason = forms.ChoiceField(label="Why do you need to see the patient's details?", choices=REASONS, widget=forms.RadioSelect,
                               error_messages={"required": "Select why you need to see the patient's details"})
    detail = text("Details", required=False, textarea=True,
                  help_text="Required for another reason. Your reason is recorded in the audit trail with your name.")

    def clean(self):
        data = super().clean()
        if data.get("reason") == "other" and not (data.get("detail") or "").strip():
            self.add_error("detail", "Enter the reason you need to see the patient's details")
        return data

    def reason_text(self) -> str:
        label = dict(REASONS)[self.cleaned_data["reason"]]
        detail = (self.cleaned_data.get("detail") or "").strip()
        return f"{label}: {detail}" if detail else label
