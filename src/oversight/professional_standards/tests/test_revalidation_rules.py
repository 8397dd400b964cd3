"""Revalidation's rules without the database: the window's edges, the deferral range, when the Employer
Liaison Service comes first, each clause of the ready rule, and the rule file's own checks."""

from __future__ import annotations

from datetime import date, datetime, timedelta
from types import SimpleNamespace

import pytest

from oversight.professional_standards import revalidation as r
from oversight.rulefiles import RuleFileError

T = date(2027, 3, 1)
RULES_TEXT = r.RULES_FILE.read_text(encoding="utf-8")


def rules_with(**ready) -> r.RevalidationRules:
    text = RULES_TEXT
    for key, value in ready.items():
        text = text.replace(f"{key} = true", f"{key} = {'true' if value else 'false'}")
    return r.read_rules(text)


def appraisal(year, *, signed=True, msf=None, psq=None, issues=False, on_track=True, missed_approved=False):
    return SimpleNamespace(appraisal_year=year, due_on=date(year, 10, 1), signed_off_on=date(year, 10, 20) if signed else None,
                           colleague_feedback_on=msf, patient_feedback_on=psq, declared_issues=issues, on_track=on_track,
                           missed_approved=missed_approved, year_label=f"{year}/{(year + 1) % 100:02d}")


def submitted(kind, on: date):
    return SimpleNamespace(kind=kind, status="submitted", submitted_at=datetime(on.year, on.month, on.day, 10),
                           gmc_outcome="", submission_due_on=on, draft=False)


# ---------------------------------------------------------------------------------- window ----

@pytest.mark.parametrize("day, inside", [
    (T - timedelta(days=121), False), (T - timedelta(days=120), True), (T - timedelta(days=1), True), (T, True),
    (T + timedelta(days=1), False),
])
def test_the_window_is_t_minus_120_days_to_t_both_included(day, inside):
    assert r.in_window(T, day) is inside
    assert (r.window_problem("revalidate", T, day) is None) is inside
    assert (r.window_problem("defer", T, day) is None) is inside


def test_non_engagement_may_be_made_at_any_time():
    assert r.window_problem("non_engagement", T, T - timedelta(days=400)) is None
    assert r.window_problem("non_engagement", T, T + timedelta(days=30)) is None


def test_the_window_problem_says_when_it_opens():
    assert "opens on 1 November 2026" in r.window_problem("revalidate", T, T - timedelta(days=121))
    assert "window has closed" in r.window_problem("defer", T, T + timedelta(days=1))


def test_the_window_start_is_configuration():
    rules = r.read_rules(RULES_TEXT.replace("opens_days_before = 120", "opens_days_before = 365"))
    assert r.in_window(T, T - timedelta(days=365), rules) and not r.in_window(T, T - timedelta(days=366), rules)


def test_under_notice_from_the_gmc_or_the_window_but_never_on_hold():
    state = SimpleNamespace(submission_due_on=T, under_notice=False, on_hold=False)
    assert not r.is_under_notice(state, T - timedelta(days=121))
    assert r.is_under_notice(state, T - timedelta(days=120))
    state.under_notice = True
    assert r.is_under_notice(state, T - timedelta(days=300))
    state.on_hold = True
    assert not r.is_under_notice(state, T)


@pytest.mark.parametrize("new_date, ok", [
    (T, False), (T + timedelta(days=1), True), (T + timedelta(days=365), True), (T + timedelta(days=366), False), (None, False),
])
def test_a_deferral_asks_for_a_date_later_than_t_and_at_most_365_days_after(new_date, ok):
    assert (r.defer_to_problem(T, new_date) is None) is ok


# ------------------------------------------------------------------------------- ELS first ----

def test_els_contact_comes_before_a_second_consecutive_deferral_any_non_engagement_and_public_interest():
    none = r.els_reasons("defer", recommendations=[], cycle_started_on=date(2022, 3, 1), raised_public_interest_concern=False)
    assert none == []
    once = [submitted("defer", date(2026, 12, 1))]
    assert r.els_reasons("defer", recommendations=once, cycle_started_on=date(2022, 3, 1),
                         raised_public_interest_concern=False) == ["it would be a second consecutive deferral"]
    # Not consecutive: a revalidation came between.
    between = [*once, submitted("revalidate", date(2026, 12, 20))]
    assert r.els_reasons("defer", recommendations=between, cycle_started_on=None, raised_public_interest_concern=False) == []
    # A deferral in an earlier cycle does not count.
    assert r.els_reasons("defer", recommendations=once, cycle_started_on=date(2027, 1, 1),
                         raised_public_interest_concern=False) == []
    assert r.els_reasons("non_engagement", recommendations=[], cycle_started_on=None, raised_public_interest_concern=False)
    assert r.els_reasons("defer", recommendations=[], cycle_started_on=None, raised_public_interest_concern=True) == [
        "the doctor has raised a public-interest concern"]
    assert r.els_reasons("revalidate", recommendations=once, cycle_started_on=None, raised_public_interest_concern=True) == []


def test_an_els_contact_counts_within_the_lookback_only():
    old = SimpleNamespace(contacted_on=T - timedelta(days=91))
    recent = SimpleNamespace(contacted_on=T - timedelta(days=90))
    assert r.usable_els_contact([old], T) is None
    assert r.usable_els_contact([old, recent], T) is recent
    assert r.usable_els_contact([SimpleNamespace(contacted_on=T + timedelta(days=1))], T) is None


def test_deferrals_are_counted_per_cycle():
    recs = [submitted("defer", date(2021, 6, 1)), submitted("defer", date(2026, 6, 1)), submitted("revalidate", date(2026, 8, 1))]
    assert r.deferral_count(recs, date(2022, 3, 1)) == 1
    assert r.deferral_count(recs, None) == 2


# ------------------------------------------------------------------------------ the ready rule ----

def good_cycle():
    return [appraisal(2022, msf=date(2022, 9, 1)), appraisal(2023), appraisal(2024, psq=date(2024, 9, 1)), appraisal(2025)]


def ready(appraisals=None, *, rules=None, open_concerns=0, on_hold=False, today=T - timedelta(days=30)):
    return r.ready_check(appraisals=good_cycle() if appraisals is None else appraisals, cycle_started_on=date(2022, 4, 1),
                         open_concerns=open_concerns, on_hold=on_hold, due_on=T, today=today, rules=rules)


def test_a_doctor_meeting_every_clause_is_ready():
    result = ready()
    assert result.ready and result.unmet == []


@pytest.mark.parametrize("clause, breaking", [
    ("colleague_feedback", {"appraisals": [appraisal(2023), appraisal(2024, psq=date(2024, 9, 1)), appraisal(2025)]}),
    ("patient_feedback", {"appraisals": [appraisal(2023, msf=date(2023, 9, 1)), appraisal(2025)]}),
    ("latest_signed_off", {"appraisals": [*good_cycle()[:-1], appraisal(2026, signed=False)]}),
    ("no_declared_issues", {"appraisals": [*good_cycle()[:-1], appraisal(2025, issues=True)]}),
    ("on_track", {"appraisals": [*good_cycle()[:-1], appraisal(2025, on_track=None)]}),
    ("no_open_concern", {"open_concerns": 1}),
    ("no_unapproved_missed", {"appraisals": [*good_cycle(), appraisal(2021 + 2, signed=False)]}),
    ("not_on_hold", {"on_hold": True}),
    ("in_window", {"today": T - timedelta(days=121)}),
])
def test_each_clause_of_the_ready_rule_can_fail_and_can_be_switched_off(clause, breaking):
    refused = ready(**breaking)
    assert not refused.ready and r.READY_CLAUSES[clause] in refused.unmet
    switched_off = ready(**breaking, rules=rules_with(**{clause: False}))
    assert r.READY_CLAUSES[clause] not in switched_off.unmet


def test_an_approved_missed_year_does_not_stop_readiness():
    result = ready([*good_cycle(), appraisal(2023, signed=False, missed_approved=True)])
    assert result.ready, result.unmet


def test_the_rule_file_refuses_a_misspelt_clause_and_an_impossible_range():
    with pytest.raises(RuleFileError, match=r"\[ready\]"):
        r.read_rules(RULES_TEXT.replace("on_track = true", "on_trak = true"))
    with pytest.raises(RuleFileError, match="max_days_after"):
        r.read_rules(RULES_TEXT.replace("max_days_after = 365", "max_days_after = 0"))


# ----------------------------------------------------------------------------- doctor_state ----

def test_the_doctor_state_lists_each_state_that_applies():
    revalidation = SimpleNamespace(submission_due_on=T, under_notice=True, on_hold=False, cycle_started_on=date(2022, 4, 1),
                                   raised_public_interest_concern=False)
    checks = [SimpleNamespace(label="DBS check", expires_on=T, status="expiring"),
              SimpleNamespace(label="Fire safety", expires_on=date(2030, 1, 1), status="valid")]
    overdue = appraisal(2026, signed=False)
    state = r.doctor_state("doctor", revalidation=revalidation, appraisals=[*good_cycle(), overdue],
                           recommendations=[submitted("defer", date(2026, 12, 1))], open_concerns=2, checks=checks,
                           today=T - timedelta(days=10))
    assert state.states == ["appraisal_overdue", "under_notice", "deferred", "els_needed", "checks_expiring", "open_concerns"]
    assert state.deferral_count == 1 and [c.label for c in state.checks] == ["DBS check"]
    assert state.awaiting_recommendation
