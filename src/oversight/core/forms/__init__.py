"""The NHS.UK form kit every app's forms use: a form that lays itself out in sections for the
``components/forms.jinja`` macros, and field builders whose error messages read as English."""

from .fields import (
    NHS_FOUNDED,
    TEXTAREA_MAX_LENGTH,
    YES_NO,
    YES_NO_UNKNOWN,
    check_not_future,
    check_plausible_date,
    choice_field,
    date_field,
    has_control_characters,
    model_choice,
    note_field,
    object_phrase,
    refuse_control_characters,
    required_message,
    text,
    time_field,
    yes_no,
)
from .form import NHSUKForm, field_kind

__all__ = [
    "NHS_FOUNDED",
    "TEXTAREA_MAX_LENGTH",
    "YES_NO",
    "YES_NO_UNKNOWN",
    "NHSUKForm",
    "check_not_future",
    "check_plausible_date",
    "choice_field",
    "date_field",
    "field_kind",
    "has_control_characters",
    "model_choice",
    "note_field",
    "object_phrase",
    "refuse_control_characters",
    "required_message",
    "text",
    "time_field",
    "yes_no",
]
