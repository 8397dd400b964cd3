"""Productivity in urgent care, computed: hours worked from shifts, cases per clinician hour, the
disposition mix, and each clinician compared with others in the same role (§7, [S138, S139]).

Plain Python over the values a selector passes in (no Django): the rules are here, where a test can
reach them without a database. Three rules shape every number:

* **Hours are the union of a clinician's shifts.** Overlapping shifts are refused at import, but a
  manual entry and an import may still overlap; an hour is counted once, however many shifts cover it,
  and only inside the window asked about.
* **No hours, no rate.** Cases with zero hours worked have no cases per hour (``None``), never infinity
  or zero: the page says "No shifts recorded".
* **Never alone.** A productivity row always carries its disposition mix and, when audited, its audit
  outcome (the PCF warned that no single measure tells good from bad); clinicians are compared only
  with others in the same role (GPs with GPs: telephone consultations by nurse practitioners run about
  20% longer than by GPs [S139]).

Rules: docs/rules/clinician-productivity.md. Design: docs/clinician-performance.md.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Hashable, Iterable
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from statistics import median

SECONDS_PER_HOUR = 3600
#: Shown next to every productivity figure, on the page, in the CSV and in the API.
CONTEXT_NOTE = ("No national target for cases per clinician hour exists. The Primary Care Foundation warned that no "
                "single measure tells good from bad: read cases per hour beside the disposition mix and the audit "
                "outcome, and compare clinicians only with others in the same role.")


@dataclass(frozen=True)
class ShiftSpan:
    """One shift: who worked it, when, and in which role, service and site."""

    clinician_id: Hashable
    starts_at: datetime
    ends_at: datetime
    role: str = ""
    service: str = ""
    site: str = ""


@dataclass(frozen=True)
class Case:
    """One consultation, as productivity needs it: who, when, in which role and service, with what outcome."""

    clinician_id: Hashable
    consulted_at: datetime
    role: str = ""
    service: str = ""
    disposition: str = ""


@dataclass(frozen=True)
class AuditOutcome:
    """A clinician's audit result over the same window: cases audited, their mean score (per cent) and
    how many fell below the standard."""

    cases_audited: int
    mean_score: float | None
    below_standard: int = 0


# ------------------------------------------------------------------------------------------ hours ----


def merged(spans: Iterable[tuple[datetime, datetime]]) -> list[tuple[datetime, datetime]]:
    """The union of time spans, as non-overlapping spans in order (touching spans join)."""
    result: list[list[datetime]] = []
    for start, end in sorted(s for s in spans if s[1] > s[0]):
        if result and start <= result[-1][1]:
            result[-1][1] = max(result[-1][1], end)
        else:
            result.append([start, end])
    return [(s, e) for s, e in result]


def hours_within(spans: Iterable[tuple[datetime, datetime]], start: datetime, end: datetime) -> float:
    """Hours covered by the union of ``spans`` inside [start, end)."""
    seconds = 0.0
    for s, e in merged(spans):
        overlap = (min(e, end) - max(s, start)).total_seconds()
        if overlap > 0:
            seconds += overlap
    return seconds / SECONDS_PER_HOUR


def hours_by(shifts: Iterable[ShiftSpan], start: datetime, end: datetime, key=lambda s: s.clinician_id) -> dict:
    """Hours worked in [start, end) per ``key`` of a shift (the clinician by default). Each clinician's
    overlapping shifts count once; different clinicians' hours under one key (a role) add up."""
    spans: dict = defaultdict(list)
    for shift in shifts:
        spans[(key(shift), shift.clinician_id)].append((shift.starts_at, shift.ends_at))
    hours: dict = defaultdict(float)
    for (k, _clinician), theirs in spans.items():
        hours[k] += hours_within(theirs, start, end)
    return dict(hours)


def cases_per_hour(cases: int, hours: float | None) -> float | None:
    """Cases per clinician hour, or None when no hours were worked (never infinity)."""
    if not hours or hours <= 0:
        return None
    return cases / hours


def window(first: date, last: date) -> tuple[datetime, datetime]:
    """The datetimes from the start of ``first`` to the end of ``last`` (both days included)."""
    return datetime.combine(first, datetime.min.time()), datetime.combine(last + timedelta(days=1), datetime.min.time())


# ------------------------------------------------------------------------------- disposition mix ----


@dataclass(frozen=True)
class Share:
    disposition: str
    cases: int
    share: float  # 0..1


def disposition_mix(dispositions: Iterable[str]) -> list[Share]:
    """Each disposition's count and share, the most common first (ties by name)."""
    counts = Counter(d.strip() or "Not recorded" for d in dispositions)
    total = sum(counts.values())
    return [Share(d, n, n / total) for d, n in sorted(counts.items(), key=lambda item: (-item[1], item[0]))]


def mix_text(mix: list[Share], top: int = 4) -> str:
    """'Telephone advice 52%, Primary care base 30%, …': the mix in one line for a table or CSV."""
    if not mix:
        return "No cases"
    shown = [f"{s.disposition} {s.share:.0%}" for s in mix[:top]]
    rest = sum(s.cases for s in mix[top:])
    if rest:
        shown.append(f"other {rest / sum(s.cases for s in mix):.0%}")
    return ", ".join(shown)


# ------------------------------------------------------------------------------------------ rows ----


@dataclass
class ProductivityRow:
    """One group (a clinician in a role and service, or a role, or a service) with everything that must be
    read with its rate."""

    key: tuple
    hours: float
    cases: int
    mix: list[Share] = field(default_factory=list)
    audit: AuditOutcome | None = None
    peer_median: float | None = None  # cases per hour: the median of others in the same role

    @property
    def rate(self) -> float | None:
        return cases_per_hour(self.cases, self.hours)

    @property
    def compared_with_peers(self) -> float | None:
        """The rate as a multiple of the same-role median (1.2 = a fifth more cases per hour)."""
        if self.rate is None or not self.peer_median:
            return None
        return self.rate / self.peer_median


def productivity_rows(shifts: Iterable[ShiftSpan], cases: Iterable[Case], start: datetime, end: datetime,
                      by: tuple[str, ...] = ("clinician_id", "role", "service"),
                      audits: dict | None = None) -> list[ProductivityRow]:  # fmt: skip
    """Hours, cases, cases per hour and disposition mix for each group of ``by`` (fields shared by
    ShiftSpan and Case), over [start, end). ``audits`` maps a clinician id to their AuditOutcome; it is
    attached to each row keyed by a clinician. A group with cases but no shifts has hours 0 and no rate;
    one with shifts but no cases has 0 cases per hour."""

    def key(item) -> tuple:
        return tuple(getattr(item, name) for name in by)

    hours = hours_by(shifts, start, end, key=key)
    dispositions: dict = defaultdict(list)
    for case in cases:
        if start <= case.consulted_at < end:
            dispositions[key(case)].append(case.disposition)
    rows = [ProductivityRow(k, hours.get(k, 0.0), len(dispositions.get(k, ())), disposition_mix(dispositions.get(k, ())))
            for k in sorted(set(hours) | set(dispositions), key=lambda k: tuple(str(v) for v in k))]
    if audits and "clinician_id" in by:
        at = by.index("clinician_id")
        for row in rows:
            row.audit = audits.get(row.key[at])
    if "role" in by:
        add_peer_medians(rows, by.index("role"))
    return rows


def add_peer_medians(rows: list[ProductivityRow], role_at: int) -> None:
    """Give each row the median rate of the other rows in the same role (None when it has no peers)."""
    by_role: dict = defaultdict(list)
    for index, row in enumerate(rows):
        if row.rate is not None:
            by_role[row.key[role_at]].append((index, row.rate))
    for row_index, row in enumerate(rows):
        others = [rate for index, rate in by_role.get(row.key[role_at], ()) if index != row_index]
        row.peer_median = median(others) if others else None
