"""Cases per clinician hour and the figures read beside it, computed without a database."""

from __future__ import annotations

import math
from datetime import date, datetime

import pytest

from oversight.clinical_performance.productivity import (
    AuditOutcome,
    Case,
    ShiftSpan,
    cases_per_hour,
    disposition_mix,
    hours_by,
    hours_within,
    merged,
    mix_text,
    productivity_rows,
    window,
)


def at(day: int, hour: int, minute: int = 0) -> datetime:
    return datetime(2026, 1, day, hour, minute)


def test_overlapping_shifts_count_each_hour_once():
    spans = [(at(1, 18), at(1, 23)), (at(1, 20), at(2, 2)), (at(2, 2), at(2, 4))]  # overlap, then touching
    assert merged(spans) == [(at(1, 18), at(2, 4))]
    assert hours_within(spans, at(1, 0), at(3, 0)) == 10


def test_hours_are_clipped_to_the_window():
    # A night shift from 31 December to 1 January: only the hours in January count for January.
    spans = [(datetime(2025, 12, 31, 22), at(1, 6))]
    start, end = window(date(2026, 1, 1), date(2026, 1, 31))
    assert hours_within(spans, start, end) == 6


def test_empty_and_backwards_spans_add_no_hours():
    assert hours_within([], at(1, 0), at(2, 0)) == 0
    assert hours_within([(at(1, 10), at(1, 10)), (at(1, 12), at(1, 11))], at(1, 0), at(2, 0)) == 0


def test_zero_hours_gives_no_rate_not_infinity():
    assert cases_per_hour(12, 0) is None
    assert cases_per_hour(12, None) is None
    assert cases_per_hour(0, 4) == 0
    assert cases_per_hour(10, 4) == 2.5


def test_hours_per_clinician():
    shifts = [ShiftSpan(1, at(1, 8), at(1, 12)), ShiftSpan(1, at(1, 10), at(1, 14)), ShiftSpan(2, at(1, 8), at(1, 9))]
    assert hours_by(shifts, at(1, 0), at(2, 0)) == {1: 6, 2: 1}


def test_disposition_mix_most_common_first():
    mix = disposition_mix(["Telephone advice", "Home visit", "Telephone advice", "", "Telephone advice"])
    assert [(s.disposition, s.cases) for s in mix] == [("Telephone advice", 3), ("Home visit", 1), ("Not recorded", 1)]
    assert math.isclose(mix[0].share, 0.6)
    assert mix_text(mix, top=1) == "Telephone advice 60%, other 40%"
    assert mix_text([]) == "No cases"


def test_rows_carry_mix_audit_and_same_role_comparison():
    start, end = at(1, 0), at(8, 0)
    shifts = [ShiftSpan(1, at(1, 8), at(1, 18), "GP", "OOH"), ShiftSpan(2, at(2, 8), at(2, 13), "GP", "OOH"),
              ShiftSpan(3, at(3, 8), at(3, 18), "Advanced nurse practitioner", "OOH")]
    cases = ([Case(1, at(1, 9), "GP", "OOH", "Telephone advice")] * 20
             + [Case(2, at(2, 9), "GP", "OOH", "Home visit")] * 15
             + [Case(3, at(3, 9), "Advanced nurse practitioner", "OOH", "Telephone advice")] * 10
             + [Case(4, at(4, 9), "GP", "OOH", "Telephone advice")]  # no shift recorded
             + [Case(1, at(9, 9), "GP", "OOH", "Telephone advice")])  # outside the window
    rows = {r.key[0]: r for r in productivity_rows(shifts, cases, start, end, audits={1: AuditOutcome(4, 85.0, 0)})}
    assert rows[1].cases == 20 and rows[1].hours == 10 and rows[1].rate == 2
    assert rows[2].rate == 3
    assert rows[1].audit == AuditOutcome(4, 85.0, 0) and rows[2].audit is None
    assert rows[1].mix[0].disposition == "Telephone advice"
    # GPs are compared with GPs: clinician 1's peers are 2 (3 an hour) and 4 (no rate, so left out).
    assert rows[1].peer_median == 3 and rows[1].compared_with_peers == pytest.approx(2 / 3)
    # The only nurse practitioner has no peers, so no comparison.
    assert rows[3].peer_median is None and rows[3].compared_with_peers is None
    # Cases with no shifts: no rate, never infinity.
    assert rows[4].hours == 0 and rows[4].rate is None


def test_rows_by_role_only():
    shifts = [ShiftSpan(1, at(1, 8), at(1, 12), "GP", "A"), ShiftSpan(2, at(1, 8), at(1, 12), "GP", "B")]
    cases = [Case(1, at(1, 9), "GP", "A", "x")] * 8
    rows = productivity_rows(shifts, cases, at(1, 0), at(2, 0), by=("role",))
    assert len(rows) == 1 and rows[0].hours == 8 and rows[0].rate == 1
