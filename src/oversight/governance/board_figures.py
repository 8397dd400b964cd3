"""The safety and complaints figures a board report (a month) or a quality account (a financial
year) states, from Oversight's governance records, judged as at the end of the period.

Rules (docs/governance.md, "Board report figures"):

- incidents count in the period they were *reported* in (local date), by physical harm level;
- learning responses from the incident's recorded steps: chosen in the period, completed in the
  period (learning shared, or closed straight after "no further response"), under way at the end;
- Duty of Candour and complaints deadlines count in the period they fell due, once met or passed
  by the end (as ``metrics.py`` does), split into met in time, met late and still outstanding;
- overdue high-risk actions: actions on incidents or complaints (never on professional concerns,
  which are confidential) due before the end and not completed by it, whose case is high-risk by
  one of the reasons in the setting ``OVERSIGHT_HIGH_RISK_ACTIONS`` (the NHS rules do not define
  "high-risk": this is the project's choice, configurable).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta

from django.conf import settings
from django.db.models import Q
from django.utils import timezone

from oversight.organisations.models import Organisation, descendant_ids

from .configuration import label, reference_set
from .models import Action, ActionStatus, Complaint, DutyOfCandourNotification, Incident, IncidentStep
from .models.incidents import IncidentStatus as S

HIGH_RISK_REASONS = {
    "never_event": "Never Event",
    "psii": "PSII",
    "notifiable": "Moderate or greater harm",
    "ombudsman": "Referred to the Ombudsman",
}
DEFAULT_HIGH_RISK = ("never_event", "psii", "notifiable", "ombudsman")
NO_FURTHER_RESPONSE = "no_further_response"


@dataclass(frozen=True)
class HarmRow:
    code: str
    label: str
    count: int
    share: float | None


@dataclass(frozen=True)
class LearningRow:
    code: str
    label: str
    chosen: int
    completed: int
    under_way_at_end: int


@dataclass(frozen=True)
class NeverEventRow:
    reference: str
    reported_on: date
    never_event_label: str
    harm_label: str
    learning_response_label: str


@dataclass(frozen=True)
class DeadlineRow:
    name: str
    due: int = 0
    in_time: int = 0
    late: int = 0
    overdue_outstanding: int = 0

    @property
    def compliance(self) -> float | None:
        return self.in_time / self.due if self.due else None


@dataclass(frozen=True)
class ComplaintFigures:
    received: int
    acknowledgements: DeadlineRow
    responses: DeadlineRow
    open_past_response_due_at_end: int
    referred_to_ombudsman: int


@dataclass(frozen=True)
class ActionRow:
    case_reference: str
    case_kind: str
    reason: str
    description: str
    owner_name: str
    due_on: date
    days_overdue: int


@dataclass(frozen=True)
class SafetyFigures:
    start: date
    end: date
    incidents_reported: int
    harm: list[HarmRow]
    learning: list[LearningRow]
    never_events: list[NeverEventRow]
    candour: list[DeadlineRow]
    complaints: ComplaintFigures
    overdue_actions: list[ActionRow] = field(default_factory=list)
    has_records: bool = False


def safety_figures(organisation: Organisation, start: date, end: date) -> SafetyFigures:
    """The figures for ``organisation`` (with everything below it) from ``start`` to ``end`` inclusive."""
    ids = descendant_ids({organisation.id})
    low, high = _local_range(start, end)
    incidents = Incident.objects.filter(Q(organisation_id__in=ids) | Q(site_id__in=ids))
    complaints = Complaint.objects.filter(Q(organisation_id__in=ids) | Q(site_id__in=ids))
    reported = list(incidents.filter(reported_at__gte=low, reported_at__lt=high).values(
        "reference", "reported_at", "physical_harm", "never_event", "learning_response"))
    return SafetyFigures(
        start=start, end=end, incidents_reported=len(reported),
        harm=_harm(reported), learning=_learning(incidents, low, high),
        never_events=_never_events(reported), candour=_candour(ids, start, end),
        complaints=_complaints(complaints, start, end), overdue_actions=_overdue_actions(ids, end),
        # Records up to the end only: a later first record must not change an earlier report.
        has_records=incidents.filter(reported_at__lt=high).exists() or complaints.filter(received_on__lte=end).exists(),
    )


def first_record_month(organisation: Organisation) -> date | None:
    """The first month with an incident reported or a complaint received at the organisation (or
    below it): governance series start there, since Oversight holds nothing earlier."""
    ids = descendant_ids({organisation.id})
    first_incident = Incident.objects.filter(Q(organisation_id__in=ids) | Q(site_id__in=ids)).order_by("reported_at").values_list(
        "reported_at", flat=True).first()
    first_complaint = Complaint.objects.filter(Q(organisation_id__in=ids) | Q(site_id__in=ids)).order_by("received_on").values_list(
        "received_on", flat=True).first()
    days = [d for d in (first_incident and timezone.localdate(first_incident), first_complaint) if d]
    return min(days).replace(day=1) if days else None


def _local_range(start: date, end: date) -> tuple[datetime, datetime]:
    tz = timezone.get_current_timezone()
    return datetime.combine(start, time.min, tz), datetime.combine(end + timedelta(days=1), time.min, tz)


def _harm(reported: list[dict]) -> list[HarmRow]:
    total = len(reported)
    rows = []
    for item in reference_set("physical_harm"):
        count = sum(1 for r in reported if r["physical_harm"] == item.code)
        rows.append(HarmRow(item.code, item.label, count, count / total if total else None))
    return rows


def _learning(incidents, low: datetime, high: datetime) -> list[LearningRow]:
    """From the steps: when each incident's response was chosen and when it was completed."""
    steps = IncidentStep.objects.filter(
        incident__in=incidents, recorded_at__lt=high,
        action__in=[S.RESPONSE_CHOSEN, S.LEARNING_SHARED, S.CLOSED],
    ).values_list("incident_id", "action", "recorded_at", "incident__learning_response")
    chosen_at, completed_at, response = {}, {}, {}
    for incident_id, action, recorded_at, learning_response in steps:
        response[incident_id] = learning_response
        if action == S.RESPONSE_CHOSEN:
            chosen_at[incident_id] = min(recorded_at, chosen_at.get(incident_id, recorded_at))
        elif action == S.LEARNING_SHARED or learning_response == NO_FURTHER_RESPONSE:
            completed_at[incident_id] = min(recorded_at, completed_at.get(incident_id, recorded_at))
    rows = []
    for item in reference_set("learning_responses"):
        ours = [i for i in chosen_at if response[i] == item.code]
        chosen = sum(1 for i in ours if chosen_at[i] >= low)
        completed = sum(1 for i in ours if i in completed_at and completed_at[i] >= low)
        under_way = sum(1 for i in ours if i not in completed_at)
        if item.code == "psii" or chosen or completed or under_way:
            rows.append(LearningRow(item.code, item.label, chosen, completed, under_way))
    return rows


def _never_events(reported: list[dict]) -> list[NeverEventRow]:
    rows = [
        NeverEventRow(r["reference"], timezone.localdate(r["reported_at"]), label("never_events", r["never_event"]),
                      label("physical_harm", r["physical_harm"]),
                      label("learning_responses", r["learning_response"], empty="Not yet chosen"))
        for r in reported if r["never_event"]
    ]
    return sorted(rows, key=lambda row: (row.reported_on, row.reference))


class _Deadlines:
    """Tallies deadlines that fell due in the period and were met, or had passed, by its end."""

    def __init__(self, start: date, end: date):
        self.start, self.end = start, end
        self.counts = {"due": 0, "in_time": 0, "late": 0, "overdue_outstanding": 0}

    def add(self, due: date | None, done: date | None) -> None:
        if due is None or not (self.start <= due <= self.end):
            return
        done = done if done is not None and done <= self.end else None
        if done is None and due >= self.end:
            return  # still open, and not yet late
        self.counts["due"] += 1
        if done is None:
            self.counts["overdue_outstanding"] += 1
        else:
            self.counts["in_time" if done <= due else "late"] += 1

    def row(self, name: str) -> DeadlineRow:
        return DeadlineRow(name, **self.counts)


def _candour(ids: set, start: date, end: date) -> list[DeadlineRow]:
    notification, written = _Deadlines(start, end), _Deadlines(start, end)
    trackers = DutyOfCandourNotification.objects.filter(
        Q(incident__organisation_id__in=ids) | Q(incident__site_id__in=ids), incident__is_notifiable=True)
    for tracker in trackers.iterator(chunk_size=2000):
        notified = tracker.notified_on or (tracker.unable_to_contact_on if tracker.unable_to_contact else None)
        notification.add(tracker.notification_due(), notified)
        if not tracker.unable_to_contact:
            written.add(tracker.written_follow_up_due(), tracker.written_follow_up_on)
    return [notification.row("In-person notification"), written.row("Written notification")]


def _complaints(complaints, start: date, end: date) -> ComplaintFigures:
    acknowledgements, responses = _Deadlines(start, end), _Deadlines(start, end)
    received = open_past_due = 0
    # A response falling due in the period may come from a complaint received up to two years before it.
    window = complaints.filter(received_on__gte=date(start.year - 2, start.month, 1), received_on__lte=end).only(
        "received_on", "acknowledged_on", "response_sent_on", "agreed_response_date", "response_date_agreed_on")
    for complaint in window.iterator(chunk_size=5000):
        received += start <= complaint.received_on <= end
        acknowledgements.add(complaint.acknowledgement_due(), complaint.acknowledged_on)
        due = complaint.response_due()
        responses.add(due, complaint.response_sent_on)
        sent = complaint.response_sent_on if complaint.response_sent_on and complaint.response_sent_on <= end else None
        open_past_due += sent is None and due is not None and due < end  # None: dates to correct
    referred = complaints.filter(phso_referred_on__gte=start, phso_referred_on__lte=end).count()
    return ComplaintFigures(received, acknowledgements.row("Acknowledged within 3 working days"),
                            responses.row("Answered by the response date"), open_past_due, referred)


def high_risk_reasons() -> tuple[str, ...]:
    chosen = tuple(settings.OVERSIGHT_HIGH_RISK_ACTIONS or DEFAULT_HIGH_RISK)
    unknown = set(chosen) - set(HIGH_RISK_REASONS)
    if unknown:
        raise ValueError(f"OVERSIGHT_HIGH_RISK_ACTIONS: unknown reason(s) {sorted(unknown)}; "
                         f"choose from {sorted(HIGH_RISK_REASONS)}")
    return chosen


def _reason(action: Action, reasons: tuple[str, ...], end: date) -> str | None:
    incident, complaint = action.incident, action.complaint
    if incident is not None:
        if "never_event" in reasons and incident.never_event:
            return HIGH_RISK_REASONS["never_event"]
        if "psii" in reasons and (incident.requires_psii or incident.learning_response == "psii"):
            return HIGH_RISK_REASONS["psii"]
        if "notifiable" in reasons and incident.is_notifiable:
            return HIGH_RISK_REASONS["notifiable"]
    referred = complaint is not None and complaint.phso_referred_on and complaint.phso_referred_on <= end
    if "ombudsman" in reasons and referred:
        return HIGH_RISK_REASONS["ombudsman"]
    return None


def _overdue_actions(ids: set, end: date) -> list[ActionRow]:
    reasons = high_risk_reasons()
    actions = (
        Action.objects.filter(organisation_id__in=ids, concern__isnull=True, due_on__lt=end)
        .exclude(status=ActionStatus.CANCELLED)
        .filter(Q(completed_on__isnull=True) | Q(completed_on__gt=end))
        .select_related("incident", "complaint", "owner")
    )
    rows = []
    for action in actions:
        reason = _reason(action, reasons, end)
        if reason is None:
            continue
        rows.append(ActionRow(action.case.reference, action.case_kind, reason, action.description,
                              action.owner.display_name, action.due_on, (end - action.due_on).days))
    return sorted(rows, key=lambda row: (-row.days_overdue, row.case_reference))
