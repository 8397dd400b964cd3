"""What the complaint pages show (never the complainant's or patient's details)."""

from __future__ import annotations

from datetime import date
from functools import cached_property

from django.urls import reverse

from oversight.accounts.access import can
from oversight.accounts.roles import Capability as C
from oversight.core.formatting import format_date

from ..configuration import DEADLINE_NOT_WORKED_OUT, label
from ..models import Complaint
from ..models.complaints import COMPLAINT_STEP_LABELS, time_limit_ends
from ..services.complaints import allowed_steps
from .actions import action_rows
from .common import Tag, cell, clock_tag, due_cell, row, staff_rows, timeline


def complaint_row(complaint: Complaint, today: date) -> dict:
    response = complaint.response_clock(today)
    return {
        "reference": cell(complaint.reference, reverse("governance:complaint-detail", args=[complaint.pk])),
        "received": cell(format_date(complaint.received_on), sort=complaint.received_on.isoformat()),
        "organisation": (complaint.site or complaint.organisation).name,
        "status": complaint.get_status_display(),
        "response_due": due_cell(response.due),
        "clock": clock_tag(response).text,
    }


COMPLAINT_COLUMNS = [("reference", "Reference"), ("received", "Received"), ("organisation", "About"),
                     ("status", "Status"), ("response_due", "Response due"), ("clock", "Response")]


class ComplaintPresenter:
    def __init__(self, complaint: Complaint, user, today: date):
        self.complaint = complaint
        self.user = user
        self.today = today

    @cached_property
    def can_manage(self) -> bool:
        return can(self.user, C.MANAGE_CASES, self.complaint)

    @property
    def title(self) -> str:
        return f"Complaint {self.complaint.reference}"

    @property
    def status(self) -> Tag:
        return Tag(self.complaint.get_status_display(), "nhsuk-tag--grey" if self.complaint.is_closed else "nhsuk-tag--blue")

    @cached_property
    def summary(self) -> list[dict]:
        c = self.complaint
        rows = [
            row("Organisation", c.organisation.name),
            row("Site", c.site.name if c.site else ""),
            row("How it was made", label("complaint_channels", c.channel)),
            row("Received", c.received_on),
            row("What it is about", c.summary),
            row("When the events happened", c.events_on),
            row("Complainant became aware", c.became_aware_on, "At the time"),
            row("Complainant is", c.get_complainant_relationship_display()),
            row("Themes", ", ".join(t.name for t in c.themes.all()), "None"),
        ]
        if c.outside_time_limit:
            rows.append(row("Made after the 12-month time limit", f"Yes. Reason for considering it: {c.time_limit_note}"))
        if c.response_sent_on:
            rows += [row("Outcome", c.get_outcome_display()), row("Response signed by", c.response_signed_by)]
        if c.phso_referred_on:
            rows += [row("Referred to the Ombudsman", c.phso_referred_on),
                     row("Ombudsman's reference", c.phso_reference),
                     row("Ombudsman's decision", c.get_phso_outcome_display())]
        return rows

    @cached_property
    def acknowledgement_clock(self):
        return self.complaint.acknowledgement_clock(self.today)

    @cached_property
    def response_clock(self):
        return self.complaint.response_clock(self.today)

    @cached_property
    def deadlines(self) -> list[dict]:
        c = self.complaint
        response_due = self.response_clock.due
        agreed = " (agreed with the complainant)" if response_due and response_due != c.original_response_due() else ""
        return [
            {"title": "Acknowledgement (3 working days)",
             "due": format_date(self.acknowledgement_clock.due, DEADLINE_NOT_WORKED_OUT),
             "done": format_date(c.acknowledged_on, "Not yet"), "tag": clock_tag(self.acknowledgement_clock)},
            {"title": f"Response (6 months, or a date agreed before then){agreed}",
             "due": format_date(response_due, DEADLINE_NOT_WORKED_OUT),
             "done": format_date(c.response_sent_on, "Not yet"), "tag": clock_tag(self.response_clock)},
        ]

    @property
    def time_limit_ended(self) -> str:
        return format_date(time_limit_ends(self.complaint.events_on, self.complaint.became_aware_on),
                           DEADLINE_NOT_WORKED_OUT)

    @cached_property
    def holding_letters(self) -> list[dict]:
        return [{"sent": format_date(h.sent_on), "reason": h.reason, "expected": format_date(h.expected_response_on, "Not given")}
                for h in self.complaint.holding_letters.all()]

    @cached_property
    def next_steps(self) -> list[dict]:
        if not self.can_manage:
            return []
        return [{"text": f"Record: {COMPLAINT_STEP_LABELS[step].lower()}",
                 "href": reverse("governance:complaint-step", args=[self.complaint.pk, step])}
                for step in allowed_steps(self.complaint)]

    @cached_property
    def timeline(self) -> list[dict]:
        return timeline(self.complaint.steps.order_by("recorded_at"))

    @cached_property
    def actions(self) -> list[dict]:
        return action_rows(self.complaint.actions.select_related("owner"), self.today)

    @property
    def add_action_href(self) -> str | None:
        return reverse("governance:complaint-action-new", args=[self.complaint.pk]) if self.can_manage else None

    @property
    def dates_href(self) -> str | None:
        return reverse("governance:complaint-dates", args=[self.complaint.pk]) if self.can_manage else None

    @property
    def deadlines_unknown(self) -> bool:
        """True when a due date could not be worked out: the page says to correct the dates."""
        return any(d["tag"] is not None and d["tag"].text == DEADLINE_NOT_WORKED_OUT for d in self.deadlines)

    @property
    def themes_href(self) -> str | None:
        return reverse("governance:complaint-themes", args=[self.complaint.pk]) if self.can_manage else None

    @cached_property
    def staff(self) -> list[dict]:
        return staff_rows(self.complaint.clinicians_named.all())

    @property
    def staff_href(self) -> str | None:
        return reverse("governance:complaint-staff", args=[self.complaint.pk]) if self.can_manage else None

    @property
    def patient_href(self) -> str | None:
        if can(self.user, C.VIEW_PATIENT_DETAILS, self.complaint):
            return reverse("governance:complaint-patient", args=[self.complaint.pk])
        return None
