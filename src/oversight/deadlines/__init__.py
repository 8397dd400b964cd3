"""Governance deadlines: working days in England and Wales, calendar months, hours, and the policy.

Framework-free (no Django). The conventions are in docs/deadlines.md; in short:

* the day of receipt/awareness is **day 0**; the first working day after it is day 1;
* a working day is not a Saturday, Sunday or England and Wales bank holiday;
* "one calendar month" is the corresponding date next month, or that month's last day;
* hours are elapsed hours on timezone-aware datetimes.

Example::

    from datetime import date
    from oversight.deadlines import default_policy, working_days_after

    working_days_after(date(2024, 5, 3), 3)          # date(2024, 5, 9): Mon 6 May is a bank holiday
    policy = default_policy()
    policy.due("subject_access_request", date(2024, 1, 31))   # date(2024, 2, 29)
    policy.clock("complaint_acknowledgement", date(2024, 5, 3), now=date(2024, 5, 8)).status  # due_soon
"""

from .clock import ClockReading, ClockStatus, HoursClockReading, clock, hours_clock
from .periods import add_calendar_months, add_years, hours_after
from .policy import (
    REQUIRED_RULES,
    Confidence,
    DeadlinePolicy,
    DeadlineRule,
    Kind,
    PolicyError,
    Unit,
    default_policy,
    load_policy,
    policy_from_mapping,
)
from .working_days import (
    ENGLAND_AND_WALES,
    DateOutOfRange,
    WorkingCalendar,
    is_working_day,
    next_working_day_on_or_after,
    working_days_after,
    working_days_between,
    working_days_in_range,
)

__all__ = [
    "ENGLAND_AND_WALES",
    "REQUIRED_RULES",
    "ClockReading",
    "ClockStatus",
    "Confidence",
    "DateOutOfRange",
    "DeadlinePolicy",
    "DeadlineRule",
    "HoursClockReading",
    "Kind",
    "PolicyError",
    "Unit",
    "WorkingCalendar",
    "add_calendar_months",
    "add_years",
    "clock",
    "default_policy",
    "hours_after",
    "hours_clock",
    "is_working_day",
    "load_policy",
    "next_working_day_on_or_after",
    "policy_from_mapping",
    "working_days_after",
    "working_days_between",
    "working_days_in_range",
]
