"""Calendar-month and elapsed-hour arithmetic.

``add_calendar_months`` follows the ICO's rule for "one calendar month" (UK GDPR Article 12(3)
subject access requests): count from the day of receipt to the *corresponding calendar date* in the
next month; where the next month is shorter and has no corresponding date, the deadline is the
*last day* of that month (31 January -> 28 or 29 February; 31 May -> 30 June). The ICO's further
rule that a deadline falling on a weekend or public holiday moves to the next working day is
applied by the deadline policy (``roll_to_working_day``), not here. The same corresponding-date rule
is used for the complaints regulations' "6 months" and "12 months".

``hours_after`` adds *elapsed* hours (e.g. the ICO's 72 hours for a personal data breach), so it is
correct across the clock changes in spring and autumn.
"""

from __future__ import annotations

import calendar as _calendar
from datetime import UTC, date, datetime, timedelta

from .working_days import DateOutOfRange

__all__ = ["add_calendar_months", "add_years", "hours_after"]


def add_calendar_months(d: date, n: int) -> date:
    """The same day of the month ``n`` months later (or earlier, for negative ``n``).

    When that day does not exist in the target month, the last day of the target month is used:
    ``add_calendar_months(date(2024, 1, 31), 1) == date(2024, 2, 29)``. A ``datetime`` keeps its time.
    """
    if isinstance(n, bool) or not isinstance(n, int):
        raise TypeError(f"n must be an int number of months, got {type(n).__name__}")
    if not isinstance(d, date):
        raise TypeError(f"d must be a date, got {type(d).__name__}")
    month_index = d.year * 12 + (d.month - 1) + n
    year, month0 = divmod(month_index, 12)
    if not 1 <= year <= 9999:
        raise DateOutOfRange(f"adding {n} months to {d.isoformat()} leaves the supported years 1-9999")
    month = month0 + 1
    day = min(d.day, _calendar.monthrange(year, month)[1])
    return d.replace(year=year, month=month, day=day)


def add_years(d: date, n: int) -> date:
    """``n`` years later by the same rule (29 February -> 28 February in a non-leap year)."""
    if isinstance(n, bool) or not isinstance(n, int):
        raise TypeError(f"n must be an int number of years, got {type(n).__name__}")
    return add_calendar_months(d, 12 * n)


def require_aware(value: datetime, argument: str) -> datetime:
    """Raise unless ``value`` is a timezone-aware datetime."""
    if not isinstance(value, datetime):
        raise TypeError(f"{argument} must be a datetime, got {type(value).__name__}")
    if value.tzinfo is None or value.utcoffset() is None:
        raise ValueError(
            f"{argument} must be timezone-aware (e.g. datetime(..., tzinfo=ZoneInfo('Europe/London'))): "
            "elapsed hours cannot be counted reliably from a naive time"
        )
    return value


def hours_after(moment: datetime, hours: float) -> datetime:
    """``moment`` plus ``hours`` of elapsed time, in ``moment``'s own time zone.

    ``moment`` must be timezone-aware: a naive time is ambiguous around the clock changes, and the
    ICO's 72 hours are real elapsed hours. For example, awareness at 09:00 BST on Friday 25 October
    2024 gives a deadline of 08:00 GMT on Monday 28 October 2024 (the clocks went back on the Sunday).
    """
    require_aware(moment, "moment")
    if isinstance(hours, bool) or not isinstance(hours, (int, float)):
        raise TypeError(f"hours must be a number, got {type(hours).__name__}")
    utc = moment.astimezone(UTC) + timedelta(hours=hours)
    return utc.astimezone(moment.tzinfo)
