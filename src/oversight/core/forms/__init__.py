"""The NHS.UK form kit every app's forms use: a form that lays itself out in sections for the
``components/forms.jinja`` macros, and field builders whose error messages read as English."""

from .fields import (
    YES_NO,
    YES_NO_UNKNOWN,
    check_not_future,
    choice_field,
    date_field,
    model_choice,
    note_field,
    object_phrase,
    required_message,
    text,
    yes_no,
)
from .form import NHSUKForm, field_kind

__all__ = [
    "YES_NO",
    "YES_NO_UNKNOWN",
    "NHSUKForm",
    "check_not_future",
    "choice_field",
    "date_field",
    "field_kind",
    "model_choice",
    "note_field",
    "object_phrase",
    "required_message",
    "text",
    "yes_no",
]
