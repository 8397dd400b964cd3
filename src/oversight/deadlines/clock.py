"""Where a deadline stands today: not due, due soon, overdue, met or met late."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime
from enum import StrEnum

from .periods import require_aware
from .working_days import ENGLAND_AND_WALES, WorkingCalendar, _as_date

__all__ = ["ClockReading", "ClockStatus", "HoursClockReading", "clock", "hours_clock"]

#: Default "due soon" window for day-based deadlines, in working days.
DEFAULT_DUE_SOON_WORKING_DAYS = 3
#: Default "due soon" window for hour-based deadlines (the ICO's 72 hours), in hours.
DEFAULT_DUE_SOON_HOURS = 24


class ClockStatus(StrEnum):
    NOT_DUE = "not_due"  # open, more than the due-soon window left
    DUE_SOON = "due_soon"  # open, due today or within the due-soon window
    OVERDUE = "overdue"  # open, due date passed
    MET = "met"  # completed on or before the due date
    MET_LATE = "met_late"  # completed after the due date


@dataclass(frozen=True)
class ClockReading:
    """A day-based deadline seen from ``today``.

    ``working_days_remaining``: working days after today up to and including the due date (0 when due
    today or when only non-working days are left); set for not_due and due_soon.
    ``working_days_overdue``: working days after the due date up to and including today (overdue), or
    up to and including the completion date (met_late). It can be 0 when the due date passed over a
    weekend or bank holiday: the deadline is still missed. ``calendar_days_overdue`` counts every day.
    """

    status: ClockStatus
    due: date
    today: date
    completed: date | None
    working_days_remaining: int | None
    working_days_overdue: int | None
    calendar_days_overdue: int | None

    @property
    def is_open(self) -> bool:
        return self.completed is None

    @property
    def is_breached(self) -> bool:
        return self.status in (ClockStatus.OVERDUE, ClockStatus.MET_LATE)


def clock(
    due: date,
    today: date,
    completed: date | None = None,
    *,
    due_soon_within: int = DEFAULT_DUE_SOON_WORKING_DAYS,
    calendar: WorkingCalendar = ENGLAND_AND_WALES,
) -> ClockReading:
    """Status of a deadline ``due`` as seen on ``today``, given an optional ``completed`` date.

    Due soon means open with at most ``due_soon_within`` working days left (due today counts as due
    soon). A completion date decides met/met_late whatever ``today`` is.
    """
    _as_date(due, "due")
    _as_date(today, "today")
    if completed is not None:
        _as_date(completed, "completed")
    if isinstance(due_soon_within, bool) or not isinstance(due_soon_within, int) or due_soon_within < 0:
        raise ValueError(
            f"due_soon_within must be a whole number of working days >= 0, got {due_soon_within!r}"
        )

    if completed is not None:
        if completed <= due:
            return ClockReading(ClockStatus.MET, due, today, completed, None, None, None)
        late = calendar.working_days_between(due, completed)
        return ClockReading(ClockStatus.MET_LATE, due, today, completed, None, late, (completed - due).days)
    if today > due:
        overdue = calendar.working_days_between(due, today)
        return ClockReading(ClockStatus.OVERDUE, due, today, None, None, overdue, (today - due).days)
    remaining = calendar.working_days_between(today, due)
    status = ClockStatus.DUE_SOON if remaining <= due_soon_within else ClockStatus.NOT_DUE
    return ClockReading(status, due, today, None, remaining, None, None)


@dataclass(frozen=True)
class HoursClockReading:
    """An hour-based deadline (e.g. 72 hours to tell the ICO) seen at ``now``."""

    status: ClockStatus
    due: datetime
    now: datetime
    completed: datetime | None
    hours_remaining: float | None
    hours_overdue: float | None

    @property
    def is_open(self) -> bool:
        return self.completed is None

    @property
    def is_breached(self) -> bool:
        return self.status in (ClockStatus.OVERDUE, ClockStatus.MET_LATE)


def _hours(later: datetime, earlier: datetime) -> float:
    # Subtract in UTC: Python compares and subtracts two datetimes with the *same* tzinfo by wall
    # clock, which is wrong across a clock change.
    return (later.astimezone(UTC) - earlier.astimezone(UTC)).total_seconds() / 3600


def hours_clock(
    due: datetime,
    now: datetime,
    completed: datetime | None = None,
    *,
    due_soon_within_hours: float = DEFAULT_DUE_SOON_HOURS,
) -> HoursClockReading:
    """Status of an hour-based deadline. All datetimes must be timezone-aware."""
    require_aware(due, "due")
    require_aware(now, "now")
    if completed is not None:
        require_aware(completed, "completed")
    if completed is not None:
        if _hours(completed, due) <= 0:
            return HoursClockReading(ClockStatus.MET, due, now, completed, None, None)
        return HoursClockReading(ClockStatus.MET_LATE, due, now, completed, None, _hours(completed, due))
    if _hours(now, due) > 0:
        return HoursClockReading(ClockStatus.OVERDUE, due, now, None, None, _hours(now, due))
    remaining = _hours(due, now)
    status = ClockStatus.DUE_SOON if remaining <= due_soon_within_hours else ClockStatus.NOT_DUE
    return HoursClockReading(status, due, now, None, remaining, None)
