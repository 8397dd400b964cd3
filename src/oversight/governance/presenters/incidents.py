"""What the incident pages show. Patient details are never part of these presenters."""

from __future__ import annotations

from datetime import date
from functools import cached_property

from django.urls import reverse

from oversight.accounts.access import can
from oversight.accounts.roles import Capability as C
from oversight.core.formatting import format_date, format_datetime

from ..configuration import label
from ..models import Incident, IncidentStatus
from ..models.incidents import STEP_LABELS
from ..services.incidents import next_steps
from .actions import action_rows
from .candour import CandourPresenter
from .common import Tag, cell, row, staff_rows, timeline, yes_no

STATUS_TAGS = {
    IncidentStatus.REPORTED: "nhsuk-tag--blue",
    IncidentStatus.REVIEWED: "nhsuk-tag--aqua-green",
    IncidentStatus.RESPONSE_CHOSEN: "nhsuk-tag--purple",
    IncidentStatus.RESPONSE_UNDER_WAY: "nhsuk-tag--orange",
    IncidentStatus.LEARNING_SHARED: "nhsuk-tag--green",
    IncidentStatus.CLOSED: "nhsuk-tag--grey",
}


def status_tag(incident: Incident) -> Tag:
    return Tag(incident.get_status_display(), STATUS_TAGS[incident.status])


def incident_row(incident: Incident) -> dict:
    return {
        "reference": cell(incident.reference, reverse("governance:incident-detail", args=[incident.pk])),
        "reported": cell(format_date(incident.reported_at), sort=incident.reported_at.isoformat()),
        "organisation": (incident.site or incident.organisation).name,
        "event_type": label("lfpse_event_types", incident.event_type),
        "harm": cell(label("physical_harm", incident.physical_harm)),
        "status": incident.get_status_display(),
        "candour": "Yes" if incident.is_notifiable else "No",
    }


INCIDENT_COLUMNS = [
    ("reference", "Reference"), ("reported", "Reported"), ("organisation", "Where"), ("event_type", "Type"),
    ("harm", "Physical harm"), ("status", "Status"), ("candour", "Duty of Candour"),
]


class IncidentPresenter:
    def __init__(self, incident: Incident, user, today: date):
        self.incident = incident
        self.user = user
        self.today = today

    @cached_property
    def can_manage(self) -> bool:
        return can(self.user, C.MANAGE_CASES, self.incident)

    @cached_property
    def can_view_patient(self) -> bool:
        return can(self.user, C.VIEW_PATIENT_DETAILS, self.incident)

    @property
    def title(self) -> str:
        return f"Incident {self.incident.reference}"

    @property
    def status(self) -> Tag:
        return status_tag(self.incident)

    @cached_property
    def summary(self) -> list[dict]:
        i = self.incident
        when = format_date(i.occurred_on) + (f" at {i.occurred_time:%H:%M}" if i.occurred_time else "")
        rows = [
            row("Organisation", i.organisation.name),
            row("Site", i.site.name if i.site else ""),
            row("Ward, department or place", i.location),
            row("Event type", label("lfpse_event_types", i.event_type)),
            row("When it happened", when),
            row("Reported", format_datetime(i.reported_at)),
            row("What happened", i.description),
            row("Immediate actions", i.immediate_actions, "None recorded"),
            row("Physical harm", label("physical_harm", i.physical_harm)),
            row("Psychological harm", label("psychological_harm", i.psychological_harm)),
            row("Psychological harm lasting 28 days or more", yes_no(i.prolonged_psychological_harm)),
            row("Never Event", label("never_events", i.never_event, "No")),
            row("Death thought more likely than not due to problems in care", yes_no(i.death_due_to_problems_in_care)),
            row("Patient involved", yes_no(i.patient_involved)),
            row("Staff involved", yes_no(i.staff_involved)),
            row("Learning response", label("learning_responses", i.learning_response, "Not chosen yet")),
            row("Themes", ", ".join(t.name for t in i.themes.all()), "None"),
        ]
        if i.import_batch_id:
            rows.append(row("Imported", f"{i.import_batch.file_name} ({i.external_reference})"))
        else:
            # The reporter's name and contact are as confidential as the patient's details: shown only
            # behind the same step, with a reason recorded.
            rows.append(row("Reported by", "Name given: shown with the patient details" if self.has_reporter_details
                            else "Anonymous"))
        return rows

    @property
    def has_reporter_details(self) -> bool:
        return bool(self.incident.reporter_name or self.incident.reporter_contact)

    @cached_property
    def psii(self):
        return self.incident.psii_decision()

    @cached_property
    def candour_decision(self):
        return self.incident.candour_decision()

    @cached_property
    def candour(self) -> CandourPresenter | None:
        tracker = getattr(self.incident, "candour", None)
        return CandourPresenter(tracker, self.today, self.can_manage) if tracker else None

    @cached_property
    def next_steps(self) -> list[dict]:
        if not self.can_manage:
            return []
        return [{"text": f"Record: {STEP_LABELS[step].lower()}",
                 "href": reverse("governance:incident-step", args=[self.incident.pk, step])}
                for step in next_steps(self.incident)]

    @cached_property
    def timeline(self) -> list[dict]:
        return timeline(self.incident.steps.order_by("recorded_at"))

    @cached_property
    def actions(self) -> list[dict]:
        return action_rows(self.incident.actions.select_related("owner"), self.today)

    @property
    def add_action_href(self) -> str | None:
        return reverse("governance:incident-action-new", args=[self.incident.pk]) if self.can_manage else None

    @property
    def themes_href(self) -> str | None:
        return reverse("governance:incident-themes", args=[self.incident.pk]) if self.can_manage else None

    @cached_property
    def staff(self) -> list[dict]:
        return staff_rows(self.incident.clinicians_involved.all())

    @property
    def staff_href(self) -> str | None:
        return reverse("governance:incident-staff", args=[self.incident.pk]) if self.can_manage else None

    @property
    def patient_href(self) -> str | None:
        if self.can_view_patient and (self.incident.has_patient_details or self.has_reporter_details):
            return reverse("governance:incident-patient", args=[self.incident.pk])
        return None
