"""Field builders for NHS.UK forms. Each one writes the field's error messages from its label, the
way the NHS.UK design system words them ("Enter the date received", "Select the outcome"), so a
form states its messages once, in its labels.

A label that is a question ("What are you reporting?") cannot be turned into an instruction by
rule, so those fields must say their message (``error="Select what you are reporting"``): the
builder refuses a question label without one, rather than print "Select what are you reporting?".
"""

from __future__ import annotations

import unicodedata
from datetime import date, time

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


# The NHS was founded on 5 July 1948: no case (incident, complaint, concern, letter) is earlier.
NHS_FOUNDED = date(1948, 7, 5)
# The earliest date of birth accepted: before it, the date is a typing error.
EARLIEST_BIRTH = date(1880, 1, 1)
# How far ahead a planned date (an action's due date, an expected response) may be.
FUTURE_YEARS = 5


def _long_date(value: date) -> str:
    return f"{value.day} {value:%B %Y}"


def check_plausible_date(value: date | None, label: str, *, earliest: date = NHS_FOUNDED, future: bool = False) -> None:
    """Refuse a date outside what the record can mean, naming the field: before ``earliest`` (the
    NHS's founding for a case date), in the future for something that has happened, or more than
    FUTURE_YEARS ahead for a planned date. One implausible date (a year typed as 0025 or 2106) would
    otherwise stop every deadline being worked out for its organisation."""
    if value is None:
        return
    if value < earliest:
        why = ", when the NHS was founded" if earliest == NHS_FOUNDED else ""
        raise ValidationError(f"{label} must be on or after {_long_date(earliest)}{why}")
    today = timezone.localdate()
    if not future and value > today:
        raise ValidationError(f"{label} must be today or in the past")
    latest = date(today.year + FUTURE_YEARS, today.month, min(today.day, 28))
    if future and value > latest:
        raise ValidationError(f"{label} must be within {FUTURE_YEARS} years from today")


def date_field(label: str, required: bool = True, help_text: str = "", error: str | None = None, *,
               earliest: date = NHS_FOUNDED, future: bool = False) -> forms.DateField:
    """A date that has happened (``future=True``: a planned date), on or after ``earliest``."""
    name = label.removesuffix(_OPTIONAL).rstrip("?")
    return forms.DateField(
        label=label, required=required, help_text=help_text,
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        error_messages={**_when_required(required, "Enter", label, error), "invalid": f"{label} must be a real date"},
        validators=[lambda value: check_plausible_date(value, name, earliest=earliest, future=future)],
    )


def _no_time_zone(value: time | None) -> None:
    # A stored time of day is local (Europe/London); an offset cannot be stored and would be ambiguous.
    if value is not None and value.tzinfo is not None:
        raise ValidationError("Enter a time without a time zone, like 14:30")


def time_field(label: str, required: bool = False, help_text: str = "") -> forms.TimeField:
    return forms.TimeField(label=label, required=required, help_text=help_text,
                           widget=forms.TimeInput(attrs={"type": "time"}, format="%H:%M"),
                           error_messages={"invalid": "Enter a real time, like 14:30"}, validators=[_no_time_zone])


# Text allows tabs and line breaks (in a textarea); any other control character, NUL included, is
# refused: it cannot be stored on PostgreSQL, is invisible on the page and can break exports.
_ALLOWED_CONTROLS = {"\t", "\n", "\r"}


def has_control_characters(value: str, multiline: bool = True) -> bool:
    allowed = _ALLOWED_CONTROLS if multiline else {"\t"}
    return any(unicodedata.category(ch) == "Cc" and ch not in allowed for ch in value)


def refuse_control_characters(value, multiline: bool = True) -> None:
    if isinstance(value, str) and has_control_characters(value, multiline):
        raise ValidationError("Remove the control characters (such as NUL) from this text")


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


# Free text is for a description, not a document: 10,000 characters is several pages. A limit keeps
# a 15 MB "report" out of the case and out of the append-only audit trail.
TEXTAREA_MAX_LENGTH = 10_000


def text(label: str, required: bool = True, max_length: int | None = None, help_text: str = "",
         textarea: bool = False, error: str | None = None) -> forms.CharField:
    """Text: 200 characters on one line (a name), or TEXTAREA_MAX_LENGTH in a textarea."""
    limit = max_length or (TEXTAREA_MAX_LENGTH if textarea else 200)
    name = label.removesuffix(_OPTIONAL).rstrip("?")
    return forms.CharField(
        label=label, required=required, max_length=limit, help_text=help_text,
        widget=forms.Textarea(attrs={"rows": 4}) if textarea else forms.TextInput,
        error_messages={**_when_required(required, "Enter", label, error),
                        "max_length": f"{name} must be {limit:,} characters or fewer"},
    )


def note_field(label: str = "Note", help_text: str = "What was decided or done, for the case record") -> forms.CharField:
    return text(label, required=False, help_text=help_text, textarea=True)


def yes_no(value: str | None) -> bool | None:
    return {"yes": True, "no": False}.get(value or "")


def check_not_future(value: date | None, what: str) -> None:
    if value is not None and value > timezone.localdate():
        raise ValidationError(f"{what} must be today or in the past")
