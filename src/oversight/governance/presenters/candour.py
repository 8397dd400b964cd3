"""The Duty of Candour tracker on an incident page."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from functools import cached_property

from django.urls import reverse

from oversight.core.formatting import format_date

from ..configuration import DEADLINE_NOT_WORKED_OUT
from ..models import DutyOfCandourNotification
from .common import Tag, clock_tag


@dataclass(frozen=True)
class CandourStep:
    title: str
    due: str
    done: str
    tag: Tag | None
    record_href: str | None


class CandourPresenter:
    def __init__(self, tracker: DutyOfCandourNotification, today: date, can_record: bool):
        self.tracker = tracker
        self.today = today
        self.can_record = can_record

    def _href(self, step: str, already: bool) -> str | None:
        if not self.can_record or (already and step != "further_enquiries"):
            return None
        return reverse("governance:candour-record", args=[self.tracker.incident_id, step])

    @cached_property
    def notification_clock(self):
        return self.tracker.notification_clock(self.today)

    @cached_property
    def written_clock(self):
        return self.tracker.written_follow_up_clock(self.today)

    @cached_property
    def steps(self) -> list[CandourStep]:
        t = self.tracker
        written_due = t.written_follow_up_due()
        notification_done = format_date(t.notified_on, "Not yet")
        if t.unable_to_contact:
            notification_done = f"Could not contact: attempts recorded {format_date(t.unable_to_contact_on)}"
        return [
            CandourStep("In-person notification with apology", format_date(t.notification_due(), DEADLINE_NOT_WORKED_OUT),
                        notification_done,
                        clock_tag(self.notification_clock), self._href("notification", bool(t.notified_on or t.unable_to_contact))),
            CandourStep("Written notification", self._written_due(written_due), format_date(t.written_follow_up_on, "Not yet"),
                        clock_tag(self.written_clock), self._href("written_follow_up", bool(t.written_follow_up_on))),
            CandourStep("Further enquiries", "With the learning response",
                        format_date(t.further_enquiries_completed_on, "Under way" if t.further_enquiries else "Not yet"),
                        None, self._href("further_enquiries", bool(t.further_enquiries_completed_on))),
            CandourStep("Outcome letter", "When the enquiries are complete", format_date(t.outcome_letter_on, "Not yet"),
                        None, self._href("outcome_letter", bool(t.outcome_letter_on))),
        ]

    def _written_due(self, due) -> str:
        if due is not None:
            return format_date(due)
        return DEADLINE_NOT_WORKED_OUT if self.tracker.written_follow_up_start() else "After the in-person notification"

    @property
    def awareness_date(self) -> str:
        return format_date(self.tracker.awareness_date)

    @property
    def change_awareness_href(self) -> str | None:
        return reverse("governance:candour-record", args=[self.tracker.incident_id, "awareness_date"]) if self.can_record else None

    @property
    def unable_to_contact_href(self) -> str | None:
        t = self.tracker
        if not self.can_record or t.notified_on or t.unable_to_contact:
            return None
        return reverse("governance:candour-record", args=[t.incident_id, "unable_to_contact"])
