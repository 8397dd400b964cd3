"""Monthly governance metrics in the metric warehouse's shape, for SPC and the board report.

``monthly_metrics(organisation_codes, start, end)`` returns a pandas DataFrame with the columns
``org_code, metric, period, numerator, denominator, value`` (period = first day of the month, a
``date``), like the warehouse's observations:

- **count** metrics: numerator = value = the count, denominator empty; every month in the range
  has a row (a zero is a real zero);
- **proportion** metrics: value = numerator / denominator (0..1); a month with no denominator has
  no row (there is nothing to measure).

A code may be a trust, one of its sites, or a region or ICB: each case counts towards every code
that is its trust, its site or above them. Deadline-based metrics are counted in the month the
deadline fell, and only once it has passed or been met. See docs/governance.md for the codes.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime, time

import pandas as pd
from django.utils import timezone

from oversight.indicators import Metric, registry
from oversight.organisations.models import Organisation, descendant_ids

from .configuration import reference_set
from .models import Complaint, DutyOfCandourNotification, Incident

COLUMNS = ["org_code", "metric", "period", "numerator", "denominator", "value"]


@dataclass(frozen=True)
class MetricDefinition:
    """A governance metric as the governance pages and API list it (registered with oversight.indicators)."""

    code: str
    name: str
    unit: str  # count | proportion
    improvement_direction: str  # increase | decrease | neutral
    definition: str


def indicators() -> list[Metric]:
    """Governance's registered metrics (``indicators/metrics/governance.toml``), the harm family expanded
    with this deployment's physical harm levels."""
    harm = [(item.code, item.label) for item in reference_set("physical_harm")]
    return registry().module("governance", {"physical_harm": harm})


def catalogue() -> list[MetricDefinition]:
    return [MetricDefinition(m.code, m.label, m.unit, m.improvement_direction, m.definition) for m in indicators()]


def month_start(day: date) -> date:
    return day.replace(day=1)


def months_between(start: date, end: date) -> list[date]:
    months, current = [], month_start(start)
    while current <= end:
        months.append(current)
        current = _next_month(current)
    return months


class _Attribution:
    """Which requested codes a case at (organisation, site) counts towards."""

    def __init__(self, codes: Iterable[str]):
        self.by_id: dict = defaultdict(list)
        for organisation in Organisation.objects.filter(ods_code__in=[c.upper() for c in codes]):
            for org_id in descendant_ids({organisation.id}):
                self.by_id[org_id].append(organisation.ods_code)

    @property
    def ids(self) -> set:
        return set(self.by_id)

    def codes(self, organisation_id, site_id=None) -> list[str]:
        found = list(self.by_id.get(site_id, ())) if site_id else []
        return found + [c for c in self.by_id.get(organisation_id, ()) if c not in found]


class _Tally:
    def __init__(self, months: list[date]):
        self.months = set(months)
        self.counts: dict = defaultdict(lambda: [0, 0])

    def add(self, codes, metric: str, day: date, numerator: bool, denominator: bool = True) -> None:
        period = month_start(day)
        if period not in self.months:
            return
        for code in codes:
            cell = self.counts[(code, metric, period)]
            cell[0] += int(numerator)
            cell[1] += int(denominator)


def _next_month(month: date) -> date:
    return date(month.year + month.month // 12, month.month % 12 + 1, 1)


def _local_range(first_month: date, last_month: date) -> tuple[datetime, datetime]:
    """From midnight on the first day of ``first_month`` to midnight after ``last_month``, local time."""
    tz = timezone.get_current_timezone()
    return datetime.combine(first_month, time.min, tz), datetime.combine(_next_month(last_month), time.min, tz)


def monthly_metrics(organisation_codes: Iterable[str], start: date, end: date, *, today: date | None = None) -> pd.DataFrame:
    """Monthly governance metrics for the organisations named, from the month of ``start`` to the month of ``end``."""
    today = today or timezone.localdate()
    months = months_between(start, end)
    if not months:
        return pd.DataFrame(columns=COLUMNS)
    attribution = _Attribution(organisation_codes)
    counts, proportions = _Tally(months), _Tally(months)
    _incidents(attribution, counts, proportions, months)
    _candour(attribution, proportions, today)
    _complaints(attribution, counts, proportions, months, today)
    return _frame(attribution, counts, proportions, months)


def _incidents(attribution, counts: _Tally, proportions: _Tally, months: list[date]) -> None:
    harm = reference_set("physical_harm")
    serious = {item.code for item in harm if item.get("notifiable_under_duty_of_candour")}
    low, high = _local_range(months[0], months[-1])
    rows = Incident.objects.filter(organisation_id__in=attribution.ids, reported_at__gte=low, reported_at__lt=high).values_list(
        "organisation_id", "site_id", "reported_at", "physical_harm", "never_event")
    for organisation_id, site_id, reported_at, physical_harm, never_event in rows.iterator(chunk_size=5000):
        codes = attribution.codes(organisation_id, site_id)
        day = timezone.localdate(reported_at)
        counts.add(codes, "gov_incidents_reported", day, True)
        counts.add(codes, "gov_never_events", day, bool(never_event))
        for item in harm:
            proportions.add(codes, f"gov_incidents_harm_{item.code}", day, physical_harm == item.code)
        proportions.add(codes, "gov_incidents_moderate_or_above", day, physical_harm in serious)


def _deadline(tally: _Tally, codes, metric: str, due: date | None, done: date | None, today: date) -> None:
    """Count a deadline in its due month once it has been met or has passed, as it stood on ``today``
    (a report for a past month ignores what was done after it)."""
    if done is not None and done > today:
        done = None
    if due is None or (done is None and due >= today):
        return
    tally.add(codes, metric, due, done is not None and done <= due)


def _candour(attribution, proportions: _Tally, today: date) -> None:
    trackers = DutyOfCandourNotification.objects.filter(
        incident__organisation_id__in=attribution.ids, incident__is_notifiable=True
    ).select_related("incident")
    for tracker in trackers.iterator(chunk_size=2000):
        codes = attribution.codes(tracker.incident.organisation_id, tracker.incident.site_id)
        notified = tracker.notified_on or (tracker.unable_to_contact_on if tracker.unable_to_contact else None)
        _deadline(proportions, codes, "gov_doc_notification_in_time", tracker.notification_due(), notified, today)
        if not tracker.unable_to_contact:
            _deadline(proportions, codes, "gov_doc_written_in_time", tracker.written_follow_up_due(),
                      tracker.written_follow_up_on, today)


def _complaints(attribution, counts: _Tally, proportions: _Tally, months: list[date], today: date) -> None:
    complaints = Complaint.objects.filter(organisation_id__in=attribution.ids, received_on__gte=_earliest_receipt(months),
                                          received_on__lte=_last_day(months[-1]))
    for complaint in complaints.only(
        "organisation_id", "site_id", "received_on", "acknowledged_on", "response_sent_on", "agreed_response_date",
        "response_date_agreed_on",
    ).iterator(chunk_size=5000):
        codes = attribution.codes(complaint.organisation_id, complaint.site_id)
        counts.add(codes, "gov_complaints_received", complaint.received_on, True)
        _deadline(proportions, codes, "gov_complaints_acknowledged_in_time", complaint.acknowledgement_due(),
                  complaint.acknowledged_on, today)
        _deadline(proportions, codes, "gov_complaints_responded_in_time", complaint.response_due(),
                  complaint.response_sent_on, today)


def _earliest_receipt(months: list[date]) -> date:
    # A response falling due in the first month may come from a complaint received up to a year
    # earlier (6 months, or a later agreed date).
    first = months[0]
    return date(first.year - 2, first.month, 1)


def _last_day(month: date) -> date:
    return date.fromordinal(_next_month(month).toordinal() - 1)


def _frame(attribution, counts: _Tally, proportions: _Tally, months: list[date]) -> pd.DataFrame:
    definitions = catalogue()
    requested = sorted({code for codes in attribution.by_id.values() for code in codes})
    records = []
    for definition in definitions:
        for code in requested:
            for period in months:
                if definition.unit == "count":
                    number = counts.counts.get((code, definition.code, period), (0, 0))[0]
                    records.append((code, definition.code, period, float(number), float("nan"), float(number)))
                else:
                    cell = proportions.counts.get((code, definition.code, period))
                    if cell and cell[1]:
                        records.append((code, definition.code, period, float(cell[0]), float(cell[1]), cell[0] / cell[1]))
    frame = pd.DataFrame.from_records(records, columns=COLUMNS)
    return frame.sort_values(["metric", "org_code", "period"], ignore_index=True)
