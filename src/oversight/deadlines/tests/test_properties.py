"""Hypothesis properties of the working-day and calendar-month arithmetic."""

from __future__ import annotations

import calendar as std_calendar
from datetime import UTC, date, datetime, timedelta
from zoneinfo import ZoneInfo

from hypothesis import given, settings
from hypothesis import strategies as st

from oversight.deadlines import (
    ClockStatus,
    add_calendar_months,
    clock,
    hours_after,
    is_working_day,
    next_working_day_on_or_after,
    working_days_after,
    working_days_between,
)

# Keep within the holidays package's years (it stops at 2100) with room for n.
dates = st.dates(min_value=date(1990, 1, 1), max_value=date(2090, 12, 31))
counts = st.integers(min_value=0, max_value=80)
FAST = settings(max_examples=150)


@FAST
@given(dates, st.integers(min_value=1, max_value=80))
def test_result_is_a_working_day_after_the_start(start, n):
    due = working_days_after(start, n)
    assert due > start
    assert is_working_day(due)
    assert due.weekday() < 5


@FAST
@given(dates, counts, counts)
def test_monotonic_in_n(start, n, m):
    lo, hi = sorted((n, m))
    assert working_days_after(start, lo) <= working_days_after(start, hi)
    if lo < hi:
        assert working_days_after(start, lo) < working_days_after(start, hi)


@FAST
@given(dates, counts)
def test_between_is_the_inverse_of_after(start, n):
    assert working_days_between(start, working_days_after(start, n)) == n


@FAST
@given(dates, counts, counts)
def test_after_composes(start, n, m):
    assert working_days_after(working_days_after(start, n), m) == working_days_after(start, n + m)


@FAST
@given(dates, st.integers(min_value=0, max_value=120))
def test_between_is_antisymmetric_and_additive(a, gap):
    b = a + timedelta(days=gap)
    c = b + timedelta(days=gap // 2)
    assert working_days_between(a, b) == -working_days_between(b, a)
    assert working_days_between(a, c) == working_days_between(a, b) + working_days_between(b, c)
    assert 0 <= working_days_between(a, b) <= gap


@FAST
@given(dates, counts)
def test_no_working_day_is_skipped(start, n):
    due = working_days_after(start, n)
    strictly_between = [start + timedelta(days=i) for i in range(1, (due - start).days)]
    assert sum(map(is_working_day, strictly_between)) == max(n - 1, 0)


@FAST
@given(dates)
def test_next_working_day_on_or_after(day):
    rolled = next_working_day_on_or_after(day)
    assert is_working_day(rolled) and rolled >= day
    assert all(not is_working_day(day + timedelta(days=i)) for i in range((rolled - day).days))


@FAST
@given(dates, st.integers(min_value=-36, max_value=36))
def test_add_calendar_months(d, n):
    result = add_calendar_months(d, n)
    assert (result.year * 12 + result.month) - (d.year * 12 + d.month) == n
    last_day = std_calendar.monthrange(result.year, result.month)[1]
    assert result.day == min(d.day, last_day)
    if d.day <= 28:
        assert add_calendar_months(result, -n) == d


@FAST
@given(dates, st.integers(min_value=0, max_value=24), st.integers(min_value=0, max_value=24))
def test_add_calendar_months_is_monotonic(d, n, m):
    lo, hi = sorted((n, m))
    assert add_calendar_months(d, lo) <= add_calendar_months(d, hi)


@FAST
@given(
    st.datetimes(
        min_value=datetime(2000, 1, 1),
        max_value=datetime(2060, 1, 1),
        timezones=st.just(ZoneInfo("Europe/London")),
    ),
    st.integers(min_value=0, max_value=24 * 30),
)
def test_hours_after_is_elapsed_time(moment, hours):
    due = hours_after(moment, hours)
    assert due.astimezone(UTC) - moment.astimezone(UTC) == timedelta(hours=hours)


@FAST
@given(
    dates,
    st.integers(min_value=-30, max_value=30),
    st.one_of(st.none(), st.integers(min_value=-30, max_value=30)),
)
def test_clock_statuses_are_consistent(due, today_offset, completed_offset):
    today = due + timedelta(days=today_offset)
    completed = None if completed_offset is None else due + timedelta(days=completed_offset)
    reading = clock(due, today, completed)
    if completed is not None:
        assert reading.status is (ClockStatus.MET if completed <= due else ClockStatus.MET_LATE)
    elif today > due:
        assert reading.status is ClockStatus.OVERDUE and reading.working_days_overdue >= 0
    else:
        assert reading.status in (ClockStatus.NOT_DUE, ClockStatus.DUE_SOON)
        assert reading.working_days_remaining == working_days_between(today, due)
