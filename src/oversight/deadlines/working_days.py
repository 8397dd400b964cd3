"""Working-day and calendar arithmetic for NHS deadlines in England.

Conventions (see docs/deadlines.md):

* A **working day** is a day that is not a Saturday, a Sunday or a bank holiday in England and
  Wales. Bank holidays come from the offline ``holidays`` package
  (``holidays.country_holidays("GB", subdiv="ENG")``), which includes Christmas Day and Good Friday,
  substitute ("observed") days when a holiday falls at a weekend, moved days (e.g. the early May
  bank holiday on Friday 8 May 2020) and one-off days (e.g. the State Funeral on 19 September 2022
  and the Coronation on 8 May 2023). England and Wales share the same list.
* **Day 0** is the day the clock starts (the day of receipt, or of becoming aware). The first
  working day *after* it is day 1. So an acknowledgement due "no later than 3 working days after
  receipt" of a complaint received on Friday 3 May 2024 is due on Thursday 9 May 2024 (Monday
  6 May is a bank holiday). Receipt on a weekend or bank holiday is still day 0.

Nothing here imports Django; every function is pure (the bank-holiday table is cached).
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta

import holidays as _holidays

__all__ = [
    "ENGLAND_AND_WALES",
    "DateOutOfRange",
    "WorkingCalendar",
    "is_working_day",
    "next_working_day_on_or_after",
    "working_days_after",
    "working_days_between",
    "working_days_in_range",
]

_SATURDAY, _SUNDAY = 5, 6


class DateOutOfRange(ValueError):
    """A deadline cannot be worked out: the dates fall outside the years the bank-holiday table (or
    the calendar) covers. Callers showing many records catch this one error and degrade for the one
    record (a ValueError, so older callers still catch it)."""


def _as_date(value: date, argument: str) -> date:
    """Reject datetimes (a ``datetime`` is a ``date`` subclass) so a time of day is never silently dropped."""
    if isinstance(value, datetime):
        raise TypeError(
            f"{argument} must be a date, not a datetime (use .date() in the local time zone first)"
        )
    if not isinstance(value, date):
        raise TypeError(f"{argument} must be a datetime.date, got {type(value).__name__}")
    return value


@dataclass(frozen=True)
class WorkingCalendar:
    """Which days count as working days.

    ``country``/``subdivision`` select the bank holidays from the ``holidays`` package.
    ``extra_non_working_days`` adds closures the package does not know yet (for example a one-off bank
    holiday announced after the installed version was released); ``extra_working_days`` removes days
    from the holiday list (rarely needed). Weekends are always non-working.
    """

    name: str = "England and Wales"
    country: str = "GB"
    subdivision: str | None = "ENG"
    extra_non_working_days: frozenset[date] = field(default_factory=frozenset)
    extra_working_days: frozenset[date] = field(default_factory=frozenset)

    def __post_init__(self) -> None:
        object.__setattr__(self, "extra_non_working_days", frozenset(self.extra_non_working_days))
        object.__setattr__(self, "extra_working_days", frozenset(self.extra_working_days))
        overlap = self.extra_non_working_days & self.extra_working_days
        if overlap:
            raise ValueError(f"days listed both as extra working and extra non-working: {sorted(overlap)}")
        # Fail early on an unknown country or subdivision.
        table = _holidays.country_holidays(self.country, subdiv=self.subdivision, years=[])
        cls = type(table)
        supported = range(getattr(cls, "start_year", 1), getattr(cls, "end_year", 9998) + 1)
        object.__setattr__(self, "_supported_years", supported)
        object.__setattr__(self, "_cache", {})  # year -> frozenset of non-working weekdays and holidays

    # --- the bank-holiday table -------------------------------------------------------------------

    def bank_holidays(self, year: int) -> frozenset[date]:
        """Bank holidays (including substitute and one-off days) in ``year``, after the extra days."""
        cached = self._cache.get(year)
        if cached is not None:
            return cached
        if year not in self._supported_years:
            raise DateOutOfRange(
                f"the holidays package has no {self.country}-{self.subdivision} bank holidays for {year} "
                f"(supported: {self._supported_years.start}-{self._supported_years.stop - 1})"
            )
        table = _holidays.country_holidays(self.country, subdiv=self.subdivision, years=year)
        days = {d for d in table if d.year == year}
        days |= {d for d in self.extra_non_working_days if d.year == year}
        days -= self.extra_working_days
        result = frozenset(days)
        self._cache[year] = result  # a plain dict store: safe to race, both threads compute the same set
        return result

    def holiday_name(self, day: date) -> str | None:
        """The bank holiday's name from the ``holidays`` package, or None."""
        _as_date(day, "day")
        if day in self.extra_non_working_days:
            return "Extra non-working day (configured)"
        if day in self.extra_working_days:
            return None
        table = _holidays.country_holidays(self.country, subdiv=self.subdivision, years=day.year)
        return table.get(day)

    # --- questions about days ---------------------------------------------------------------------

    def is_working_day(self, day: date) -> bool:
        _as_date(day, "day")
        if day.weekday() in (_SATURDAY, _SUNDAY):
            return False
        return day not in self.bank_holidays(day.year)

    def working_days_after(self, start: date, n: int) -> date:
        """The ``n``-th working day after ``start`` (``start`` is day 0; ``n=0`` returns ``start``)."""
        _as_date(start, "start")
        if isinstance(n, bool) or not isinstance(n, int):
            raise TypeError(f"n must be an int, got {type(n).__name__}")
        if n < 0:
            raise ValueError(f"n must be 0 or more working days, got {n}")
        day = start
        remaining = n
        one = timedelta(days=1)
        while remaining > 0:
            day += one
            if self.is_working_day(day):
                remaining -= 1
        return day

    def _count_working(self, a: date, b: date) -> int:
        """Working days d with a < d <= b (a <= b)."""
        return sum(1 for d in _days(a + timedelta(days=1), b) if self.is_working_day(d))

    def working_days_between(self, a: date, b: date) -> int:
        """Working days from ``a`` to ``b``: those after ``a`` up to and including ``b``.

        Negative when ``b`` is before ``a`` (``working_days_between(a, b) == -working_days_between(b, a)``).
        Inverse of :meth:`working_days_after`: ``working_days_between(a, working_days_after(a, n)) == n``.
        """
        _as_date(a, "a")
        _as_date(b, "b")
        if b >= a:
            return self._count_working(a, b)
        return -self._count_working(b, a)

    def next_working_day_on_or_after(self, day: date) -> date:
        """``day`` itself if it is a working day, otherwise the next working day (the ICO's roll-forward)."""
        _as_date(day, "day")
        while not self.is_working_day(day):
            day += timedelta(days=1)
        return day

    def working_days_in_range(self, first: date, last: date) -> Iterator[date]:
        """Working days from ``first`` to ``last`` inclusive."""
        _as_date(first, "first")
        _as_date(last, "last")
        return (d for d in _days(first, last) if self.is_working_day(d))

    def with_extra_non_working_days(self, days: Iterable[date]) -> WorkingCalendar:
        """A copy of this calendar with more closure days."""
        return WorkingCalendar(
            name=self.name,
            country=self.country,
            subdivision=self.subdivision,
            extra_non_working_days=self.extra_non_working_days | frozenset(days),
            extra_working_days=self.extra_working_days,
        )


def _days(first: date, last: date) -> Iterator[date]:
    day = first
    one = timedelta(days=1)
    while day <= last:
        yield day
        day += one


#: Bank holidays in England and Wales (the two share one list), weekends non-working.
ENGLAND_AND_WALES = WorkingCalendar()


def is_working_day(day: date, calendar: WorkingCalendar = ENGLAND_AND_WALES) -> bool:
    """True unless ``day`` is a Saturday, Sunday or bank holiday in ``calendar``."""
    return calendar.is_working_day(day)


def working_days_after(start: date, n: int, calendar: WorkingCalendar = ENGLAND_AND_WALES) -> date:
    """The date that is ``n`` working days after ``start``.

    ``start`` (the day of receipt or awareness) is day 0, whether or not it is a working day; the
    first working day after it is day 1. ``n=0`` returns ``start`` unchanged. For ``n >= 1`` the
    result is always a working day.
    """
    return calendar.working_days_after(start, n)


def working_days_between(a: date, b: date, calendar: WorkingCalendar = ENGLAND_AND_WALES) -> int:
    """Working days after ``a`` up to and including ``b`` (negative if ``b`` is before ``a``)."""
    return calendar.working_days_between(a, b)


def next_working_day_on_or_after(day: date, calendar: WorkingCalendar = ENGLAND_AND_WALES) -> date:
    """``day`` if it is a working day, else the next working day."""
    return calendar.next_working_day_on_or_after(day)


def working_days_in_range(
    first: date, last: date, calendar: WorkingCalendar = ENGLAND_AND_WALES
) -> Iterator[date]:
    """Working days from ``first`` to ``last`` inclusive."""
    return calendar.working_days_in_range(first, last)
