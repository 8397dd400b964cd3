"""The deadline clock."""

from __future__ import annotations

from datetime import date, datetime
from zoneinfo import ZoneInfo

import pytest

from oversight.deadlines import ClockStatus, clock, hours_clock

DUE = date(2024, 5, 9)  # Thursday; Monday 6 May 2024 was a bank holiday


def test_not_due():
    reading = clock(DUE, today=date(2024, 5, 1))
    assert reading.status is ClockStatus.NOT_DUE
    assert reading.working_days_remaining == 5  # 2, 3, 7, 8, 9 May
    assert reading.is_open and not reading.is_breached


def test_due_soon_counts_working_days_and_due_today():
    assert clock(DUE, today=date(2024, 5, 3)).status is ClockStatus.DUE_SOON  # 3 working days left
    today = clock(DUE, today=DUE)
    assert today.status is ClockStatus.DUE_SOON and today.working_days_remaining == 0
    assert clock(DUE, today=date(2024, 5, 3), due_soon_within=2).status is ClockStatus.NOT_DUE


def test_overdue():
    reading = clock(DUE, today=date(2024, 5, 13))
    assert reading.status is ClockStatus.OVERDUE
    assert reading.working_days_overdue == 2  # Friday 10 and Monday 13
    assert reading.calendar_days_overdue == 4
    assert reading.is_breached


def test_overdue_over_a_weekend_is_still_overdue():
    reading = clock(date(2024, 5, 10), today=date(2024, 5, 11))
    assert reading.status is ClockStatus.OVERDUE
    assert reading.working_days_overdue == 0 and reading.calendar_days_overdue == 1


def test_met_and_met_late():
    assert clock(DUE, today=date(2024, 6, 1), completed=DUE).status is ClockStatus.MET
    late = clock(DUE, today=date(2024, 6, 1), completed=date(2024, 5, 14))
    assert late.status is ClockStatus.MET_LATE
    assert late.working_days_overdue == 3
    assert late.is_breached and not late.is_open


def test_clock_rejects_bad_window():
    with pytest.raises(ValueError, match="due_soon_within"):
        clock(DUE, today=DUE, due_soon_within=-1)


def test_hours_clock():
    london = ZoneInfo("Europe/London")
    due = datetime(2024, 6, 6, 9, 0, tzinfo=london)
    assert hours_clock(due, datetime(2024, 6, 4, 9, 0, tzinfo=london)).status is ClockStatus.NOT_DUE
    soon = hours_clock(due, datetime(2024, 6, 5, 21, 0, tzinfo=london))
    assert soon.status is ClockStatus.DUE_SOON and soon.hours_remaining == 12
    over = hours_clock(due, datetime(2024, 6, 6, 10, 30, tzinfo=london))
    assert over.status is ClockStatus.OVERDUE and over.hours_overdue == 1.5
    met = hours_clock(
        due, datetime(2024, 6, 7, tzinfo=london), completed=datetime(2024, 6, 6, 8, tzinfo=london)
    )
    assert met.status is ClockStatus.MET
    with pytest.raises(ValueError, match="timezone-aware"):
        hours_clock(due, datetime(2024, 6, 4, 9, 0))


def test_hours_clock_across_the_autumn_clock_change():
    london = ZoneInfo("Europe/London")
    due = datetime(2024, 10, 28, 8, 0, tzinfo=london)  # 72 hours after 09:00 BST on Friday 25 October
    reading = hours_clock(due, datetime(2024, 10, 25, 9, 0, tzinfo=london))
    assert reading.hours_remaining == 72  # not the wall-clock 71
    # 01:30 happens twice on 27 October 2024; fold=1 is the second (GMT) one, an hour later.
    first = datetime(2024, 10, 27, 1, 30, tzinfo=london)
    second = datetime(2024, 10, 27, 1, 30, fold=1, tzinfo=london)
    assert hours_clock(second, first).hours_remaining == 1
