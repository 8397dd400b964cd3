"""What the governance API returns. No schema here carries patient or complainant details except
PatientDetailsOut, which only the audited patient-details endpoints return."""

from __future__ import annotations

from datetime import date, datetime, time
from uuid import UUID

from django.utils import timezone
from ninja import Schema
from pydantic import Field

from oversight.core.forms import TEXTAREA_MAX_LENGTH

from ..forms.common import REASONS

# The furthest a list may be paged: far beyond any organisation's cases, well inside a 64-bit integer.
MAX_OFFSET = 10_000_000


class CandourOut(Schema):
    awareness_date: date
    # Due dates are null, and statuses "unknown", when the dates are outside what the calendar covers.
    notification_due: date | None
    notified_on: date | None
    apology_given: bool
    unable_to_contact: bool
    written_follow_up_due: date | None
    written_follow_up_on: date | None
    further_enquiries_completed_on: date | None
    outcome_letter_on: date | None
    notification_status: str
    written_follow_up_status: str | None
    complete: bool

    @staticmethod
    def build(tracker) -> CandourOut:
        today = timezone.localdate()
        written = tracker.written_follow_up_clock(today)
        return CandourOut(
            awareness_date=tracker.awareness_date, notification_due=tracker.notification_due(),
            notified_on=tracker.notified_on, apology_given=tracker.apology_given, unable_to_contact=tracker.unable_to_contact,
            written_follow_up_due=tracker.written_follow_up_due(), written_follow_up_on=tracker.written_follow_up_on,
            further_enquiries_completed_on=tracker.further_enquiries_completed_on, outcome_letter_on=tracker.outcome_letter_on,
            notification_status=str(tracker.notification_clock(today).status),
            written_follow_up_status=str(written.status) if written else None, complete=tracker.is_complete,
        )


class IncidentOut(Schema):
    id: UUID
    reference: str
    organisation: str
    site: str | None
    location: str
    event_type: str
    occurred_on: date
    occurred_time: time | None
    reported_at: datetime
    description: str
    immediate_actions: str
    physical_harm: str
    psychological_harm: str
    prolonged_psychological_harm: bool | None
    never_event: str
    death_due_to_problems_in_care: bool
    duty_of_candour_applies: bool
    requires_psii: bool
    status: str
    learning_response: str
    themes: list[str]
    external_reference: str
    duty_of_candour: CandourOut | None

    @staticmethod
    def build(incident) -> IncidentOut:
        tracker = getattr(incident, "candour", None)
        return IncidentOut(
            id=incident.id, reference=incident.reference, organisation=incident.organisation.ods_code,
            site=incident.site.ods_code if incident.site_id else None, location=incident.location,
            event_type=incident.event_type, occurred_on=incident.occurred_on, occurred_time=incident.occurred_time,
            reported_at=incident.reported_at, description=incident.description, immediate_actions=incident.immediate_actions,
            physical_harm=incident.physical_harm, psychological_harm=incident.psychological_harm,
            prolonged_psychological_harm=incident.prolonged_psychological_harm, never_event=incident.never_event,
            death_due_to_problems_in_care=incident.death_due_to_problems_in_care,
            duty_of_candour_applies=incident.is_notifiable, requires_psii=incident.requires_psii, status=incident.status,
            learning_response=incident.learning_response, themes=[t.name for t in incident.themes.all()],
            external_reference=incident.external_reference,
            duty_of_candour=CandourOut.build(tracker) if tracker else None,
        )


class IncidentSummaryOut(Schema):
    id: UUID
    reference: str
    organisation: str
    site: str | None
    event_type: str
    reported_at: datetime
    physical_harm: str
    status: str
    duty_of_candour_applies: bool
    requires_psii: bool

    @staticmethod
    def build(incident) -> IncidentSummaryOut:
        return IncidentSummaryOut(
            id=incident.id, reference=incident.reference, organisation=incident.organisation.ods_code,
            site=incident.site.ods_code if incident.site_id else None, event_type=incident.event_type,
            reported_at=incident.reported_at, physical_harm=incident.physical_harm, status=incident.status,
            duty_of_candour_applies=incident.is_notifiable, requires_psii=incident.requires_psii,
        )


class PatientDetailsIn(Schema):
    """The same question as the page: a reason code, and for "other" the reason in words."""

    reason: str = Field(description="Why you need to see the details, recorded in the audit trail: "
                        + ", ".join(f"{code} ({label})" for code, label in REASONS))
    detail: str = Field("", max_length=TEXTAREA_MAX_LENGTH, description='Required for "other": the reason in words')


class PatientDetailsOut(Schema):
    patient_name: str
    patient_nhs_number: str
    patient_date_of_birth: date | None
    complainant_name: str | None = None
    complainant_contact: str | None = None


class ComplaintOut(Schema):
    id: UUID
    reference: str
    organisation: str
    site: str | None
    channel: str
    received_on: date
    events_on: date
    became_aware_on: date | None
    summary: str
    outside_time_limit: bool
    acknowledgement_due: date | None  # null, with status "unknown", when it cannot be worked out
    acknowledged_on: date | None
    acknowledgement_status: str
    response_due: date | None
    response_sent_on: date | None
    response_status: str
    outcome: str
    phso_referred_on: date | None
    phso_outcome: str
    status: str
    themes: list[str]

    @staticmethod
    def build(complaint) -> ComplaintOut:
        today = timezone.localdate()
        response = complaint.response_clock(today)
        return ComplaintOut(
            id=complaint.id, reference=complaint.reference, organisation=complaint.organisation.ods_code,
            site=complaint.site.ods_code if complaint.site_id else None, channel=complaint.channel,
            received_on=complaint.received_on, events_on=complaint.events_on, became_aware_on=complaint.became_aware_on,
            summary=complaint.summary, outside_time_limit=complaint.outside_time_limit,
            acknowledgement_due=complaint.acknowledgement_due(), acknowledged_on=complaint.acknowledged_on,
            acknowledgement_status=str(complaint.acknowledgement_clock(today).status), response_due=response.due,
            response_sent_on=complaint.response_sent_on, response_status=str(response.status), outcome=complaint.outcome,
            phso_referred_on=complaint.phso_referred_on, phso_outcome=complaint.phso_outcome, status=complaint.status,
            themes=[t.name for t in complaint.themes.all()],
        )


class ClinicianOut(Schema):
    id: UUID
    name: str
    profession: str
    regulator: str
    registration_number: str
    organisation: str

    @staticmethod
    def build(clinician) -> ClinicianOut:
        return ClinicianOut(id=clinician.id, name=clinician.name, profession=clinician.profession,
                            regulator=clinician.regulator, registration_number=clinician.registration_number,
                            organisation=clinician.organisation.ods_code)


class ConcernOut(Schema):
    id: UUID
    reference: str
    organisation: str
    clinician: ClinicianOut
    raised_on: date
    source: str
    category: str
    summary: str
    stage: str
    restrictions: str
    outcome: str
    closed_on: date | None

    @staticmethod
    def build(concern) -> ConcernOut:
        return ConcernOut(
            id=concern.id, reference=concern.reference, organisation=concern.organisation.ods_code,
            clinician=ClinicianOut.build(concern.clinician), raised_on=concern.raised_on, source=concern.source,
            category=concern.category, summary=concern.summary, stage=concern.stage, restrictions=concern.restrictions,
            outcome=concern.outcome, closed_on=concern.closed_on,
        )


class ActionOut(Schema):
    id: UUID
    case_kind: str
    case_reference: str
    case_id: UUID
    description: str
    owner: str
    due_on: date
    status: str
    completed_on: date | None
    overdue: bool
    evidence: list[str]

    @staticmethod
    def build(action) -> ActionOut:
        return ActionOut(
            id=action.id, case_kind=action.case_kind, case_reference=action.case.reference, case_id=action.case.pk,
            description=action.description, owner=action.owner.username, due_on=action.due_on, status=action.status,
            completed_on=action.completed_on, overdue=action.is_open and action.due_on < timezone.localdate(),
            evidence=[e.original_name for e in action.evidence.all()],
        )


class MetricRow(Schema):
    org_code: str
    metric: str
    period: date
    numerator: float | None
    denominator: float | None
    value: float | None
