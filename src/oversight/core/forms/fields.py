"""Field builders for NHS.UK forms. Each one writes the field's error messages from its label, the
way the NHS.UK design system words them ("Enter the date received", "Select the outcome"), so a
form states its messages once, in its labels.

A label that is a question ("What are you reporting?") cannot be turned into an instruction by
rule, so those fields must say their message (``error="Select what you are reporting"``): the
builder refuses a question label without one, rather than print "Select what are you reporting?".
"""

from __future__ import annotations

from datetime import date

from django import forms
from django.core.exceptions import ValidationError
from django.utils import timezone

YES_NO = [("yes", "Yes"), ("no", "No")]
YES_NO_UNKNOWN = [("yes", "Yes"), ("no", "No"), ("unknown", "Not known yet")]

# A label starting with one of these already reads as the object of "Enter"/"Select".
_NO_ARTICLE = {"a", "an", "the", "your", "their", "his", "her", "its", "any", "each", "every", "at",
               "who", "what", "when", "where", "why", "how", "which", "whether"}
_OPTIONAL = " (optional)"


def object_phrase(label: str) -> str:
    """The label as the object of an instruction: "Date received" -> "the date received",
    "NHS number" -> "the NHS number", "Who was told" -> "who was told"."""
    phrase = label.strip()
    if phrase.endswith(_OPTIONAL):
        phrase = phrase[: -len(_OPTIONAL)]
    if phrase.endswith("?"):
        raise ValueError(f"the label {label!r} is a question: give the field its error message (error=...)")
    first, _, rest = phrase.partition(" ")
    if not (len(first) > 1 and first[1:].lower() != first[1:]):  # keep acronyms such as NHS, GMC
        first = first[0].lower() + first[1:]
    phrase = f"{first} {rest}".strip()
    return phrase if first.lower() in _NO_ARTICLE else f"the {phrase}"


def required_message(verb: str, label: str, error: str | None = None) -> str:
    """The message for an empty required field: ``error`` when the form gives one, else the verb
    ("Enter", "Select") and the label as its object."""
    return error or f"{verb} {object_phrase(label)}"


def _when_required(required: bool, verb: str, label: str, error: str | None) -> dict:
    # An optional field never shows the message, so its label need not read as an object.
    return {"required": required_message(verb, label, error)} if required else {}


def date_field(label: str, required: bool = True, help_text: str = "", error: str | None = None) -> forms.DateField:
    return forms.DateField(
        label=label, required=required, help_text=help_text,
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        error_messages={**_when_required(required, "Enter", label, error), "invalid": f"{label} must be a real date"},
    )


def choice_field(choices, label: str, required: bool = True, widget=forms.RadioSelect, help_text: str = "",
                 error: str | None = None) -> forms.ChoiceField:
    """A choice from a fixed list; anything else is refused with a clear message."""
    return forms.ChoiceField(
        label=label, required=required, widget=widget, help_text=help_text, choices=choices,
        error_messages={**_when_required(required, "Select", label, error),
                        "invalid_choice": f"{label.rstrip('?')}: '%(value)s' is not one of the options"},
    )


def model_choice(choices_class, label: str, required: bool = True, widget=forms.RadioSelect,
                 error: str | None = None) -> forms.ChoiceField:
    """A choice from a model's ``TextChoices``."""
    return choice_field(list(choices_class.choices), label, required=required, widget=widget, error=error)


def text(label: str, required: bool = True, max_length: int = 200, help_text: str = "", textarea: bool = False,
         error: str | None = None) -> forms.CharField:
    return forms.CharField(
        label=label, required=required, max_length=None if textarea else max_length, help_text=help_text,
        widget=forms.Textarea(attrs={"rows": 4}) if textarea else forms.TextInput,
        error_messages=_when_required(required, "Enter", label, error),
    )


def note_field(label: str = "Note", help_text: str = "What was decided or done, for the case record") -> forms.CharField:
    return text(label, required=False, help_text=help_text, textarea=True)


def yes_no(value: str | None) -> bool | None:
    return {"yes": True, "no": False}.get(value or "")


def check_not_future(value: date | None, what: str) -> None:
    if value is not None and value > timezone.localdate():
        raise ValidationError(f"{what} must be today or in the past")
