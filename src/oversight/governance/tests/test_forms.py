"""Governance forms as a reporter reads them: examples that pass the form's own checks, and
error messages that read as English."""

from __future__ import annotations

import importlib
import inspect

import pytest
from django import forms
from django.urls import reverse

from oversight.nhs_number import validate_nhs_number

from ..forms.common import EXAMPLE_NHS_NUMBER, PatientDetailsForm

MODULES = ["actions", "candour", "complaints", "concerns", "imports", "incidents", "common"]


def governance_forms():
    for name in MODULES:
        module = importlib.import_module(f"oversight.governance.forms.{name}")
        for form in vars(module).values():
            if inspect.isclass(form) and issubclass(form, forms.Form) and form.__module__ == module.__name__:
                yield form


def test_the_example_nhs_number_passes_the_forms_own_check():
    assert validate_nhs_number(EXAMPLE_NHS_NUMBER)
    assert EXAMPLE_NHS_NUMBER in PatientDetailsForm.base_fields["patient_nhs_number"].help_text
    form = PatientDetailsForm({"patient_nhs_number": EXAMPLE_NHS_NUMBER})
    assert form.is_valid(), form.errors


@pytest.mark.parametrize("form", list(governance_forms()), ids=lambda f: f.__name__)
def test_every_required_message_is_an_instruction_not_a_question(form):
    for name, field in form.base_fields.items():
        if field.required:
            message = str(field.error_messages["required"])
            assert "?" not in message, f"{form.__name__}.{name}: {message!r}"
            assert message.split()[0] in {"Enter", "Select", "Choose"}, f"{form.__name__}.{name}: {message!r}"


@pytest.mark.django_db
def test_the_public_report_form_asks_in_plain_english(client):
    from oversight.testing.factories import build_tree

    build_tree()
    html = client.post(reverse("governance:report-incident"), {"description": "A fall"}).content.decode()
    assert "Select what you are reporting" in html and "Select what are you reporting" not in html
    assert f"for example {EXAMPLE_NHS_NUMBER}" in html
