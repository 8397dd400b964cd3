"""The NHS.UK form kit: error messages that read as English, and error links that reach the field."""

from __future__ import annotations

import re
from datetime import UTC

import pytest
from django import forms
from django.template import engines

from oversight.core.forms import NHSUKForm, choice_field, date_field, object_phrase, text

PAGE = """{% from "components/forms.jinja" import error_summary, form_fields %}{{ error_summary(form) }}{{ form_fields(form) }}"""


@pytest.mark.parametrize(("label", "phrase"), [
    ("Date received", "the date received"),
    ("NHS number", "the NHS number"),
    ("GMC number", "the GMC number"),
    ("Who was told", "who was told"),
    ("The Ombudsman's decision", "the Ombudsman's decision"),
    ("Patient's full name", "the patient's full name"),
    ("Time it happened (optional)", "the time it happened"),
])
def test_a_label_becomes_the_object_of_the_instruction(label, phrase):
    assert object_phrase(label) == phrase


def test_a_required_question_must_say_its_own_message():
    with pytest.raises(ValueError, match="is a question"):
        choice_field([("a", "A")], "What are you reporting?")
    field = choice_field([("a", "A")], "What are you reporting?", error="Select what you are reporting")
    assert field.error_messages["required"] == "Select what you are reporting"


def test_an_optional_question_needs_no_message():
    field = text("What was done straight away?", required=False)  # does not raise
    assert not field.required


def test_generated_messages():
    assert date_field("Date it happened").error_messages["required"] == "Enter the date it happened"
    assert choice_field([("a", "A")], "Outcome").error_messages["required"] == "Select the outcome"


class _Form(NHSUKForm):
    outcome = choice_field([("upheld", "Upheld"), ("not_upheld", "Not upheld")], "Outcome")
    summary = text("Summary")


class _PlainForm(forms.Form):
    outcome = forms.ChoiceField(choices=[("upheld", "Upheld"), ("not_upheld", "Not upheld")], widget=forms.RadioSelect)


def test_each_error_links_to_an_input_on_the_page():
    form = _Form({"summary": ""})
    assert not form.is_valid()
    html = engines["jinja2"].from_string(PAGE).render({"form": form})
    links = re.findall(r'<a href="#([^"]*)"', html)
    ids = set(re.findall(r'<(?:input|textarea)[^>]*\bid="([^"]+)"', html))
    assert links == ["id_outcome", "id_summary"]
    assert set(links) <= ids, f"error links {links} reach no input among {sorted(ids)}"


def test_a_radio_error_links_to_the_first_radio():
    form = _Form({"summary": "text"})
    form.is_valid()
    html = engines["jinja2"].from_string(PAGE).render({"form": form})
    first_radio = re.search(r'<input class="nhsuk-radios__input" id="([^"]+)"', html).group(1)
    assert re.findall(r'<a href="#([^"]*)"', html) == [first_radio]


def test_a_plain_django_form_gets_the_same_links():
    form = _PlainForm({"outcome": "neither"})
    form.is_valid()
    html = engines["jinja2"].from_string(
        '{% from "components/forms.jinja" import error_summary, radios_field %}'
        "{{ error_summary(form) }}{{ radios_field(form['outcome']) }}").render({"form": form})
    first_radio = re.search(r'<input class="nhsuk-radios__input" id="([^"]+)"', html).group(1)
    assert re.findall(r'<a href="#([^"]*)"', html) == [first_radio]


# --- bad input, refused by the kit for every form (issue 12, points 1, 7 and 13) ------------------


class _CaseForm(NHSUKForm):
    happened = date_field("Date it happened")
    due = date_field("Due date", required=False, future=True)
    name = text("Your name", required=False)
    story = text("What happened", required=False, textarea=True)
    plain = forms.CharField(required=False)  # not built by the kit: still checked


def _errors(**data) -> dict:
    form = _CaseForm(data={"happened": "2024-05-01", **data})
    form.is_valid()
    return {name: list(messages) for name, messages in form.errors.items()}


@pytest.mark.parametrize(("field", "value", "message"), [
    ("happened", "0025-01-02", "Date it happened must be on or after 5 July 1948, when the NHS was founded"),
    ("happened", "1948-07-04", "Date it happened must be on or after 5 July 1948, when the NHS was founded"),
    ("happened", "2106-01-01", "Date it happened must be today or in the past"),
    ("due", "2106-01-01", "Due date must be within 5 years from today"),
    ("name", "n" * 201, "Your name must be 200 characters or fewer"),
    ("story", "s" * 10_001, "What happened must be 10,000 characters or fewer"),
    ("story", "NUL\x00here", "Remove the control characters (such as NUL) from this text"),
    ("plain", "escape\x1b[2J", "Remove the control characters (such as NUL) from this text"),
    ("name", "two\nlines", "Remove the control characters (such as NUL) from this text"),
])
def test_implausible_dates_long_text_and_control_characters_are_refused_naming_the_field(field, value, message):
    assert _errors(**{field: value}) == {field: [message]}


def test_plausible_input_passes_the_kit():
    from datetime import date

    assert _errors(happened="1948-07-05", due=date.today().replace(year=date.today().year + 1).isoformat(),
                   name="Dr O\u2019Neill", story="Line one\r\n\tline two", plain="tab\there") == {}


def test_a_time_with_a_time_zone_is_refused():
    from datetime import time

    from oversight.core.forms import time_field

    class TimeForm(NHSUKForm):
        at = time_field("Time")

    form = TimeForm(data={"at": time(14, 30, tzinfo=UTC)})
    assert not form.is_valid() and form.errors["at"] == ["Enter a time without a time zone, like 14:30"]
    assert TimeForm(data={"at": "14:30"}).is_valid()


def test_a_group_of_checkboxes_is_drawn_as_checkboxes_not_radios():
    # CheckboxSelectMultiple subclasses RadioSelect: drawn as radios, only one of the group could be chosen.
    from django import forms

    from oversight.core.forms.form import field_kind

    group = forms.MultipleChoiceField(choices=[("a", "A"), ("b", "B")], widget=forms.CheckboxSelectMultiple)
    assert field_kind(group) == "checkboxes"
    assert field_kind(forms.ChoiceField(choices=[("a", "A")], widget=forms.RadioSelect)) == "radios"
