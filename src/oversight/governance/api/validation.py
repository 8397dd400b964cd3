"""Turning form and rule errors into the API's 422 answers."""

from __future__ import annotations

from collections.abc import Callable

from django.core.exceptions import ValidationError as RuleError
from ninja.errors import ValidationError


def _errors(form, rename: dict[str, str]) -> list[dict]:
    errors = []
    for field, messages in form.errors.items():
        loc = ["body", "payload"] if field == "__all__" else ["body", "payload", rename.get(field, field)]
        errors += [{"loc": loc, "msg": str(message), "type": "value_error"} for message in messages]
    return errors


def validated(form_class, data: dict, rename: dict[str, str] | None = None, **kwargs):
    """A valid bound form, or a 422 naming each field that is wrong."""
    inverse = {v: k for k, v in (rename or {}).items()}
    form = form_class(data={inverse.get(k, k): v for k, v in data.items() if v is not None}, **kwargs)
    if not form.is_valid():
        raise ValidationError(_errors(form, rename or {}))
    return form


def apply(form, call: Callable, rename: dict[str, str] | None = None):
    """Run a service; a rule it refuses becomes a 422 on the field it names."""
    try:
        return call(form.cleaned_data)
    except RuleError as error:
        form.add_service_error(error)
        raise ValidationError(_errors(form, rename or {})) from None


def yes_no(value: bool | None, unknown: str | None = None) -> str | None:
    return unknown if value is None else ("yes" if value else "no")
