"""A table of days and their next working day, built once per KPI run and joined in DuckDB.

NQR 2 asks for details of a consultation at the practice by 08:00 the next working day. Working days come
from :mod:`oversight.deadlines.working_days` (weekends and bank holidays in England and Wales), computed
once per calendar day in the range, never per call: 10 million calls span a few hundred days.
"""

from __future__ import annotations

from datetime import date, timedelta

import polars as pl

from oversight.deadlines.working_days import ENGLAND_AND_WALES, WorkingCalendar


def next_working_days(first: date, last: date, calendar: WorkingCalendar = ENGLAND_AND_WALES) -> pl.DataFrame:
    """``day`` (every date from first to last) and ``next_working_day`` (the first working day after it)."""
    days = [first + timedelta(days=i) for i in range((last - first).days + 1)]
    return pl.DataFrame(
        {"day": days, "next_working_day": [calendar.working_days_after(d, 1) for d in days]},
        schema={"day": pl.Date, "next_working_day": pl.Date},
    )
