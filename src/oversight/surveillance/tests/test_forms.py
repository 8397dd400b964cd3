"""The surveillance forms take the form kit's limits (docs/security.md, "Text" and "Dates"): a length
cap and control-character refusal on free text, a plausible bound on planned dates, each error on its field."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from django.utils import timezone

from oversight.core.forms import TEXTAREA_MAX_LENGTH
from oversight.surveillance.forms import ActionForm, ActionUpdateForm, LevelForm
from oversight.surveillance.models import ActionStatus

pytestmark = pytest.mark.django_db

SOON = (timezone.localdate() + timedelta(days=28)).isoformat()


class _Owner:
    id, display_name, job_title = 1, "Dr Ada Owner", ""


def _level(**changes) -> LevelForm:
    return LevelForm({"level": "enhanced", "rationale": "Rising waits", "review_date": SOON, **changes})


def _action(**changes) -> ActionForm:
    return ActionForm({"title": "Review the waits", "owner": "1", "due_date": SOON, "signal_kind": "manual",
                       **changes}, owners=[_Owner()])  # fmt: skip


def _update(**changes) -> ActionUpdateForm:
    return ActionUpdateForm({"status": ActionStatus.OPEN, "owner": "1", "due_date": SOON, **changes},
                            owners=[_Owner()])  # fmt: skip


def test_the_forms_accept_ordinary_answers():
    assert _level().is_valid(), _level().errors
    assert _action(detail="Line one\nline two").is_valid()
    assert _update(evidence_note="Audit done").is_valid()


def test_an_over_long_rationale_is_refused_on_its_field():
    form = _level(rationale="x" * (TEXTAREA_MAX_LENGTH + 1))
    assert form.errors == {"rationale": ["Rationale must be 10,000 characters or fewer"]}


def test_over_long_detail_or_evidence_is_refused_on_its_field():
    assert list(_action(detail="x" * (TEXTAREA_MAX_LENGTH + 1)).errors) == ["detail"]
    assert list(_update(evidence_note="x" * (TEXTAREA_MAX_LENGTH + 1)).errors) == ["evidence_note"]


def test_a_nul_in_a_detail_or_rationale_is_refused_on_its_field():
    assert _action(detail="Call the\x00 trust").errors == {
        "detail": ["Remove the control characters (such as NUL) from this text"]}
    assert list(_level(rationale="Rising\x07 waits").errors) == ["rationale"]


def test_a_review_or_due_date_in_2106_is_refused_on_its_field():
    far = date(2106, 3, 1).isoformat()
    assert _level(review_date=far).errors == {"review_date": ["Review by must be within 5 years from today"]}
    assert list(_action(due_date=far).errors) == ["due_date"]
    assert list(_update(due_date=far).errors) == ["due_date"]


def test_the_forms_keep_their_own_messages():
    assert _level(rationale="", review_date="").errors == {
        "rationale": ["Give the reason for this level"], "review_date": ["Enter a review date"]}
    assert _level(review_date="next spring").errors == {"review_date": ["Enter the review date like 2026-09-30"]}
    assert _action(due_date="").errors == {"due_date": ["Enter a due date"]}
