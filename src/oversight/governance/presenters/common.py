"""Shared pieces of presentation: tags for statuses and deadline clocks, summary list rows, timelines."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from oversight.core.formatting import format_date, format_datetime
from oversight.deadlines import ClockReading

from ..configuration import DEADLINE_NOT_WORKED_OUT, DeadlineNotWorkedOut

CLOCK_TAGS = {
    "unknown": (DEADLINE_NOT_WORKED_OUT, "nhsuk-tag--red"),
    "met": ("Done in time", "nhsuk-tag--green"),
    "met_late": ("Done late", "nhsuk-tag--orange"),
    "overdue": ("Overdue", "nhsuk-tag--red"),
    "due_soon": ("Due soon", "nhsuk-tag--yellow"),
    "not_due": ("Not due yet", "nhsuk-tag--grey"),
}


@dataclass(frozen=True)
class Tag:
    text: str
    classes: str = "nhsuk-tag--grey"


def clock_tag(reading: ClockReading | DeadlineNotWorkedOut | None) -> Tag | None:
    if reading is None:
        return None
    text, classes = CLOCK_TAGS[str(reading.status)]
    if reading.status == "overdue" and reading.working_days_overdue:
        text = f"Overdue by {reading.working_days_overdue} working day{'s' if reading.working_days_overdue != 1 else ''}"
    elif reading.status in ("due_soon", "not_due") and reading.working_days_remaining is not None:
        days = reading.working_days_remaining
        text = "Due today" if days == 0 else f"{days} working day{'s' if days != 1 else ''} left"
    return Tag(text, classes)


def row(key: str, value, empty: str = "Not recorded") -> dict:
    if isinstance(value, date):
        value = format_date(value)
    text = value if value not in (None, "") else empty
    return {"key": {"text": key}, "value": {"text": str(text)}}


def yes_no(value: bool | None, unknown: str = "Not known") -> str:
    return {True: "Yes", False: "No"}.get(value, unknown)


def timeline(steps) -> list[dict]:
    return [
        {"title": step.get_action_display(), "when": format_datetime(step.recorded_at), "who": step.recorded_by_label,
         "note": step.note}
        for step in steps
    ]


def cell(text, href: str | None = None, sort=None) -> dict:
    return {"text": text, "href": href, "sort": sort}


def due_cell(due: date | None) -> dict:
    """A due date in a table; one that could not be worked out says so, and sorts first."""
    return cell(format_date(due, DEADLINE_NOT_WORKED_OUT), sort=due.isoformat() if due else "")


def staff_rows(clinicians) -> list[dict]:
    """The staff named on a case (its detail page only: never a list or an export)."""
    return [{"name": c.name, "registration": c.registration_label, "profession": c.get_profession_display()}
            for c in clinicians.order_by("name")]
