"""Calendar months (the ICO's rule) and elapsed hours."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest

from oversight.deadlines import add_calendar_months, add_years, hours_after

LONDON = ZoneInfo("Europe/London")


@pytest.mark.parametrize(
    ("start", "months", "expected"),
    [
        (date(2024, 9, 3), 1, date(2024, 10, 3)),  # the ICO's own example: 3 September -> 3 October
        (date(2024, 9, 21), 1, date(2024, 10, 21)),
        (date(2024, 1, 31), 1, date(2024, 2, 29)),  # leap year: last day of February
        (date(2023, 1, 30), 1, date(2023, 2, 28)),  # no 30 February -> last day
        (date(2024, 8, 31), 1, date(2024, 9, 30)),
        (date(2024, 5, 31), 1, date(2024, 6, 30)),
        (date(2024, 12, 15), 1, date(2025, 1, 15)),  # year rollover
        (date(2024, 1, 31), 3, date(2024, 4, 30)),  # SAR with the two-month extension
        (date(2024, 8, 31), 6, date(2025, 2, 28)),  # complaint response
        (date(2024, 3, 31), -1, date(2024, 2, 29)),
        (date(2024, 2, 29), 12, date(2025, 2, 28)),
        (date(2024, 2, 29), 0, date(2024, 2, 29)),
    ],
)
def test_add_calendar_months(start, months, expected):
    assert add_calendar_months(start, months) == expected


def test_add_calendar_months_keeps_time_of_day():
    assert add_calendar_months(datetime(2024, 1, 31, 14, 30), 1) == datetime(2024, 2, 29, 14, 30)


def test_add_years():
    assert add_years(date(2020, 2, 29), 5) == date(2025, 2, 28)
    assert add_years(date(2021, 4, 6), 5) == date(2026, 4, 6)


def test_add_calendar_months_rejects_bad_input():
    with pytest.raises(TypeError):
        add_calendar_months(date(2024, 1, 1), 1.0)
    with pytest.raises(ValueError, match="1-9999"):
        add_calendar_months(date(9999, 12, 1), 1)


def test_hours_after_plain():
    aware = datetime(2024, 6, 3, 9, 0, tzinfo=LONDON)
    assert hours_after(aware, 72) == datetime(2024, 6, 6, 9, 0, tzinfo=LONDON)


def test_hours_after_autumn_clock_change():
    # The clocks went back at 02:00 BST on Sunday 27 October 2024: 72 elapsed hours end at 08:00 GMT.
    aware = datetime(2024, 10, 25, 9, 0, tzinfo=LONDON)
    due = hours_after(aware, 72)
    assert due.replace(tzinfo=None) == datetime(2024, 10, 28, 8, 0)
    # (Compare in UTC: Python subtracts two Europe/London datetimes by wall clock.)
    assert due.astimezone(UTC) - aware.astimezone(UTC) == timedelta(hours=72)
    assert due.utcoffset() == timedelta(0)


def test_hours_after_spring_clock_change():
    # The clocks went forward at 01:00 GMT on Sunday 31 March 2024: 72 hours end at 10:00 BST.
    aware = datetime(2024, 3, 29, 9, 0, tzinfo=LONDON)
    assert hours_after(aware, 72).replace(tzinfo=None) == datetime(2024, 4, 1, 10, 0)


def test_hours_after_keeps_the_time_zone():
    aware = datetime(2024, 6, 3, 9, 0, tzinfo=UTC)
    assert hours_after(aware, 24).tzinfo is UTC


def test_hours_after_rejects_naive_times():
    with pytest.raises(ValueError, match="timezone-aware"):
        hours_after(datetime(2024, 6, 3, 9, 0), 72)
    with pytest.raises(TypeError):
        hours_after(date(2024, 6, 3), 72)
