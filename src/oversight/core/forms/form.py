"""A Django form that knows its layout: which macro draws each field, and in what sections."""

from __future__ import annotations

from functools import partial
from typing import ClassVar

from django import forms
from django.core.exceptions import ValidationError
from django.core.validators import ProhibitNullCharactersValidator

from .fields import refuse_control_characters

# Kinds drawn as a group of inputs: the NHS.UK macros give the first input the group's id prefix
# (Django's auto_id) and the others "<prefix>-2", "<prefix>-3"; a group has no id of its own.
GROUP_KINDS = {"radios", "checkboxes", "checkbox"}


def field_kind(field: forms.Field) -> str:
    """The ``components/forms.jinja`` macro that draws the field's widget."""
    widget = field.widget
    # CheckboxSelectMultiple is a subclass of RadioSelect: ask about it first, or a group of checkboxes
    # renders as radios and only one can be chosen.
    if isinstance(widget, forms.CheckboxSelectMultiple):
        return "checkboxes"
    if isinstance(widget, forms.RadioSelect):
        return "radios"
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


class NHSUKForm(forms.Form):
    """``sections`` = [(heading or "", [field names])]; templates call ``form.layout()`` (through
    the ``form_fields`` macro) so every field is drawn the same way on every page."""

    sections: ClassVar[tuple[tuple[str, list[str]], ...]] = ()

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # Every text field of every form refuses control characters (tabs and, in a textarea, line
        # breaks allowed); each form instance has its own copy of its fields, so this adds once.
        for field in self.fields.values():
            if isinstance(field, forms.CharField):
                multiline = isinstance(field.widget, forms.Textarea)
                # Ours covers NUL too, in the kit's words: Django's own NUL message would repeat it.
                field.validators = [v for v in field.validators if not isinstance(v, ProhibitNullCharactersValidator)]
                field.validators.append(partial(refuse_control_characters, multiline=multiline))

    def layout(self) -> list[tuple[str, list[tuple]]]:
        groups = self.sections or [("", list(self.fields))]
        return [(heading, [(self[name], field_kind(self.fields[name])) for name in names if name in self.fields])
                for heading, names in groups]

    def first_input_id(self, name: str) -> str:
        """The id of the input an error about the field must link to (the first radio of a group)."""
        bound = self[name]
        if field_kind(self.fields[name]) in GROUP_KINDS:
            return bound.auto_id
        return bound.id_for_label or bound.auto_id

    def error_summary_items(self) -> list[dict]:
        """The error summary's list: each field's errors link to its first input."""
        items = [{"text": error} for error in self.non_field_errors()]
        for name in self.fields:
            items += [{"text": error, "href": f"#{self.first_input_id(name)}"} for error in self[name].errors]
        return items

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
