"""The configurable rules governance uses: reference sets (harm levels, Never Events, learning
responses...) and the deadline policy (Duty of Candour, complaints).

Both come from the framework-free libraries. A deployment can point at its own copies:

- ``OVERSIGHT_REFERENCE_DIR`` (Django setting or environment variable): a folder of reference TOML
  files in the packaged format (docs/reference-data.md), e.g. a trust's own harm labels;
- ``OVERSIGHT_DEADLINES_FILE``: a deadlines TOML replacing the packaged one (docs/deadlines.md),
  e.g. 5 working days for the Duty of Candour notification.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from functools import lru_cache

from django.conf import settings

from oversight.deadlines import ClockReading, DateOutOfRange, DeadlinePolicy, default_policy, load_policy
from oversight.reference import ReferenceSet, load


def _setting(name: str) -> str | None:
    # Declared in config/settings/base.py; "" means the packaged files.
    return getattr(settings, name) or None


def reference_set(name: str) -> ReferenceSet:
    return load(name, directory=_setting("OVERSIGHT_REFERENCE_DIR"))


def reference_directory() -> str | None:
    return _setting("OVERSIGHT_REFERENCE_DIR")


def label(set_name: str, code: str, empty: str = "Not recorded") -> str:
    if not code:
        return empty
    items = reference_set(set_name)
    return items.get(code).label if code in items else code


def choices(set_name: str, blank: str | None = None, active_only: bool = False) -> list[tuple[str, str]]:
    items = reference_set(set_name)
    pairs = [
        (item.code, item.label)
        for item in items
        if not (active_only and "active" in items.attribute_types and not item.get("active", True))
    ]
    return ([("", blank)] if blank is not None else []) + pairs


def deadline_policy() -> DeadlinePolicy:
    path = _setting("OVERSIGHT_DEADLINES_FILE")
    return _policy_from(path) if path else default_policy()


@lru_cache(maxsize=4)
def _policy_from(path: str) -> DeadlinePolicy:
    return load_policy(path)


# --- deadlines that may not be computable ---------------------------------------------------------
# A date already in the database can be implausible (typed before the forms checked, or imported):
# the bank-holiday table stops at its years, so the deadline cannot be worked out. That record shows
# a message and can be corrected; the list, report or figure it is in still answers.

DEADLINE_NOT_WORKED_OUT = "Due date could not be worked out: check the dates"


@dataclass(frozen=True)
class DeadlineNotWorkedOut:
    """Stands in for a ClockReading when the dates are outside what the calendar covers."""

    completed: date | None = None
    status: str = "unknown"
    due: None = None
    working_days_remaining: None = None
    working_days_overdue: None = None
    calendar_days_overdue: None = None
    is_breached: bool = False

    @property
    def is_open(self) -> bool:
        return self.completed is None


def due_or_none(rule: str, start: date, **kwargs) -> date | None:
    """The due date, or None when it cannot be worked out from these dates."""
    try:
        return deadline_policy().due(rule, start, **kwargs)
    except DateOutOfRange:
        return None


def clock_or_unknown(rule: str, start: date, *, now: date, completed: date | None = None,
                     **kwargs) -> ClockReading | DeadlineNotWorkedOut:
    """The clock, or a reading that says the due date could not be worked out."""
    try:
        return deadline_policy().clock(rule, start, now=now, completed=completed, **kwargs)
    except DateOutOfRange:
        return DeadlineNotWorkedOut(completed=completed)
