"""The monthly board report and the annual quality account data pack, assembled from the
warehouse, the SPC engine, governance records, NOF and the escalation register, using only data up
to the end of the period, so regenerating a period gives the same numbers.

A trust's report has a section per metric of its template (chart, latest value, target, icons, the
text that states its signal, the narrative), then safety, complaints and overdue high-risk actions.
A region's (or ICB's) summarises its trusts as a matrix and a safety table. The quality account is
the same over a financial year: each metric's twelve months, the year's safety figures.
"""

from __future__ import annotations

import calendar
import dataclasses
from dataclasses import dataclass, field
from datetime import date, timedelta

import pandas as pd
from django.conf import settings
from django.db.models import Q
from django.utils import timezone

from oversight.accounts.access import can
from oversight.accounts.roles import Capability
from oversight.governance.board_figures import SafetyFigures, first_record_month, safety_figures
from oversight.governance.metrics import monthly_metrics
from oversight.indicators import VARIATION_FAMILIES, assurance_label, window_start
from oversight.organisations.models import Organisation, OrganisationKind, descendant_ids
from oversight.surveillance.services import escalation_summary, nof_position
from oversight.warehouse import Warehouse

from .comparisons import ComparisonSection, comparisons, latest_months
from .models import SUMMARY_CODE, Orientation, ReportKind
from .sections import (
    CHART_KEY,
    MetricSection,
    chosen_metrics,
    is_governance,
    known_metrics,
    metric_section,
    render_charts,
)
from .services import narratives_for, template_for

WINDOW_MONTHS = 24
#: The organisations a report is made for (a site's figures are in its trust's report).
REPORTABLE = (OrganisationKind.REGION, OrganisationKind.ICB, OrganisationKind.TRUST)


class ReportError(ValueError):
    """A report that cannot be made, with the reason a person can act on."""


@dataclass
class ProviderRow:
    code: str
    name: str
    cells: dict[str, MetricSection]
    nof: dict | None
    escalation: dict | None
    safety: SafetyFigures | None = None


@dataclass
class SignalCount:
    """How many of a region's providers show each Making Data Count signal for one metric."""
    code: str
    name: str
    providers: int = 0
    latest_month: date | None = None  # the most recent month any provider has
    improvement: int = 0
    concern: int = 0
    neutral: int = 0
    common_cause: int = 0
    consistent_pass: int = 0
    inconsistent: int = 0
    consistent_fail: int = 0
    too_few_points: int = 0  # providers whose series is too short for a signal (not counted by icon)

    #: The columns a signal-count table shows, in the indicators' words: (heading, field).
    VARIATION_COLUMNS = tuple((label, family) for family, label in VARIATION_FAMILIES.items())
    ASSURANCE_COLUMNS = tuple((assurance_label(a), a) for a in ("consistent_pass", "inconsistent", "consistent_fail"))

    def add(self, cell: MetricSection) -> None:
        self.providers += 1
        self.latest_month = max(filter(None, (self.latest_month, cell.latest_month)))
        if not cell.variation:
            self.too_few_points += 1
            return
        setattr(self, cell.family, getattr(self, cell.family) + 1)
        if cell.assurance:
            setattr(self, cell.assurance, getattr(self, cell.assurance) + 1)


@dataclass
class BoardReport:
    organisation: Organisation
    month: date  # the first month of the period
    kind: str = ReportKind.BOARD
    end: date | None = None  # the period's last day
    orientation: str = Orientation.PORTRAIT
    sections: list[MetricSection] = field(default_factory=list)
    providers: list[ProviderRow] = field(default_factory=list)
    matrix_metrics: list[tuple[str, str]] = field(default_factory=list)
    signal_counts: list[SignalCount] = field(default_factory=list)  # regional: the cover's summary
    comparisons: list[ComparisonSection] = field(default_factory=list)  # providers compared by funnel
    nof: dict | None = None
    escalation: dict | None = None
    safety: SafetyFigures | None = None
    summary_narrative: str = ""
    case_detail: bool = True  # the overdue actions' text and owners (for readers who may see cases)
    loads: list[dict] = field(default_factory=list)
    missing: list[str] = field(default_factory=list)

    def __post_init__(self):
        self.end = self.end or month_end(self.month)

    chart_key = CHART_KEY

    @property
    def is_quality_account(self) -> bool:
        return self.kind == ReportKind.QUALITY_ACCOUNT

    @property
    def title(self) -> str:
        return "Quality account data pack" if self.is_quality_account else "Board quality report"

    @property
    def month_label(self) -> str:
        if self.is_quality_account:
            return f"{financial_year_label(self.month)} (April {self.month.year} to March {self.end.year})"
        return f"{self.month:%B %Y}"

    @property
    def end_label(self) -> str:
        return f"{self.end:%-d %B %Y}"

    @property
    def file_stem(self) -> str:
        period = financial_year_label(self.month) if self.is_quality_account else f"{self.month:%Y-%m}"
        kind = "quality-account" if self.is_quality_account else "board-report"
        return f"{kind}-{self.organisation.ods_code}-{period}"

    @property
    def is_regional(self) -> bool:
        return self.organisation.kind in {OrganisationKind.REGION, OrganisationKind.ICB}

    def numbers(self) -> dict:
        """Every figure the report states, for reproducibility checks."""
        rows = {s.code: (s.latest_month.isoformat(), s.latest_value, s.target, s.variation, s.assurance,
                         tuple(s.period_values)) for s in self.sections}
        for provider in self.providers:
            for code, cell in provider.cells.items():
                rows[f"{provider.code}:{code}"] = (cell.latest_month.isoformat(), cell.latest_value, cell.variation,
                                                    cell.assurance)
            if provider.safety is not None:
                rows[f"{provider.code}:safety"] = dataclasses.asdict(provider.safety)
        for count in self.signal_counts:
            rows[f"signals:{count.code}"] = dataclasses.asdict(count)
        for compared in self.comparisons:
            rows[f"compared:{compared.code}"] = (compared.month.isoformat(), compared.providers, compared.target,
                                                 compared.position, tuple((o.code, o.side) for o in compared.outliers))
        if self.safety is not None:
            rows["safety"] = dataclasses.asdict(self.safety)
        return rows


def month_end(month: date) -> date:
    return date(month.year, month.month, calendar.monthrange(month.year, month.month)[1])


def parse_month(text: str) -> date:
    try:
        year, month = (int(part) for part in text.split("-"))
        return date(year, month, 1)
    except ValueError:
        raise ReportError(f"{text!r} is not a month in the form YYYY-MM") from None


def parse_financial_year(text: str) -> date:
    """'2024-25' -> 1 April 2024, the first day of that financial year."""
    try:
        first, second = text.strip().split("-")
        year = int(first)
        if len(first) != 4 or len(second) != 2 or int(second) != (year + 1) % 100:
            raise ValueError
    except ValueError:
        raise ReportError(f"{text!r} is not a financial year in the form 2024-25") from None
    return date(year, 4, 1)


def financial_year_label(start: date) -> str:
    return f"{start.year}-{(start.year + 1) % 100:02d}"


def latest_complete_month(today: date | None = None) -> date:
    today = today or timezone.localdate()
    return (today.replace(day=1) - timedelta(days=1)).replace(day=1)


def require_complete_month(month: date) -> date:
    """A board report's month must have ended: a part month's counts would read as falls, and its
    deadlines could not yet be judged."""
    if month_end(month) >= timezone.localdate():
        raise ReportError(f"{month:%B %Y} has not ended: the latest complete month is "
                          f"{latest_complete_month():%B %Y}")
    return month


def require_ended_year(year_start: date) -> date:
    end = date(year_start.year + 1, 3, 31)
    if end >= timezone.localdate():
        raise ReportError(f"The {financial_year_label(year_start)} financial year has not ended (it ends on "
                          f"31 March {end.year}); a quality account covers a whole year")
    return year_start


def build_board_report(organisation: Organisation, month: date, *, charts: bool = True) -> BoardReport:
    """The board report for one complete month."""
    return _build(BoardReport(organisation, require_complete_month(month)), charts)


def build_quality_account(organisation: Organisation, year_start: date, *, charts: bool = True) -> BoardReport:
    """The quality account data pack for the financial year starting on ``year_start`` (1 April)."""
    require_ended_year(year_start)
    end = date(year_start.year + 1, 3, 31)
    return _build(BoardReport(organisation, year_start, kind=ReportKind.QUALITY_ACCOUNT, end=end), charts)


def _build(report: BoardReport, charts: bool) -> BoardReport:
    store = Warehouse(settings.OVERSIGHT_WAREHOUSE)
    template = template_for(report.organisation)
    if template is not None:
        report.orientation = template.orientation
    narratives = narratives_for(report.organisation, report.kind, report.month)
    report.summary_narrative = narratives.get(SUMMARY_CODE, "")
    codes = template.metric_codes if template is not None else None
    if report.is_regional:
        _regional(report, store, codes, charts)
    else:
        _trust(report, store, codes, charts)
    for section in report.sections:
        section.narrative = narratives.get(section.code, "")
    return report


def _loads(store: Warehouse, observations: pd.DataFrame, metrics: list) -> list[dict]:
    """The report's provenance: the loads that wrote the published values it shows."""
    used = observations.loc[observations["metric"].isin({m.code for m in metrics}), "load_id"].dropna()
    loads = store.loads()
    return loads[loads["load_id"].isin(set(used.astype(int)))].to_dict("records") if not loads.empty else []


def _observations(store: Warehouse, codes: list[str], end: date) -> pd.DataFrame:
    frame = store.observations(orgs=codes, start=window_start(end, WINDOW_MONTHS), end=end, with_load=True)
    return frame[frame["value"].notna()]


def _governance_observations(trusts: list[Organisation], end: date) -> pd.DataFrame:
    """The governance metrics of each trust by month, from its first record in Oversight: months
    before it are unrecorded, not zeros."""
    frame = monthly_metrics([t.ods_code for t in trusts], window_start(end, WINDOW_MONTHS), end, today=end)
    frame = frame[frame["value"].notna()]
    keep = pd.Series(False, index=frame.index)
    for trust in trusts:
        first = first_record_month(trust)
        if first is not None:
            keep |= (frame["org_code"] == trust.ods_code) & (frame["period"] >= first)
    return frame[keep]


def _trust(report: BoardReport, store: Warehouse, template_codes: list[str] | None, charts: bool) -> None:
    code = report.organisation.ods_code
    observations = _observations(store, [code], report.end)
    governance = _governance_observations([report.organisation], report.end)
    known = known_metrics(store.catalogue())
    without_data = []
    chosen = chosen_metrics(known, template_codes, set(observations["metric"]))
    report.loads = _loads(store, observations, chosen)
    for metric in chosen:
        source = governance if is_governance(metric) else observations
        rows = source[source["metric"] == metric.code] if not source.empty else source
        section = metric_section(metric, rows, start=report.month, end=report.end, with_chart=charts)
        if section is not None:
            report.sections.append(section)
        else:
            without_data.append(metric.label)
    if without_data:
        report.missing.append(f"No data up to {report.end_label} for: {'; '.join(without_data)}.")
    report.missing.extend(_stale_lines(report, report.sections))
    if charts:
        render_charts(report.sections)
    shown = {m.code: m for m in chosen}
    report.comparisons = comparisons(store, [(shown[s.code], s.latest_month) for s in report.sections],
                                     focus={code}, with_charts=charts)
    report.safety = safety_figures(report.organisation, report.month, report.end)
    if not report.safety.has_records:
        report.missing.append("No incidents or complaints are recorded in Oversight for this organisation.")
    report.nof = nof_position(code)
    report.escalation = escalation_summary(report.organisation)
    if report.nof is None:
        report.missing.append("Not in the latest NHS Oversight Framework publication loaded.")


def _regional(report: BoardReport, store: Warehouse, template_codes: list[str] | None, charts: bool) -> None:
    # Trusts open for any of the period: one closed since is still in an earlier period's report.
    trusts = Organisation.objects.filter(
        Q(close_date__isnull=True) | Q(close_date__gt=report.month),
        id__in=descendant_ids({report.organisation.id}), kind=OrganisationKind.TRUST,
    ).order_by("name")
    names = {t.ods_code: t for t in trusts}
    # Published statistics and, for trusts whose records are in Oversight, governance metrics.
    observations = pd.concat([_observations(store, list(names), report.end),
                              _governance_observations(list(trusts), report.end)], ignore_index=True)
    with_data = set(observations["metric"])
    metrics = [m for m in chosen_metrics(known_metrics(store.catalogue()), template_codes, with_data) if m.code in with_data]
    report.matrix_metrics = [(m.code, m.label) for m in metrics]
    report.loads = _loads(store, observations, metrics)
    for code, trust in names.items():
        mine = observations[observations["org_code"] == code]
        cells = {}
        for metric in metrics:
            cell = metric_section(metric, mine[mine["metric"] == metric.code], start=report.month, end=report.end,
                                  with_chart=False)
            if cell is not None:
                cells[metric.code] = cell
        safety = safety_figures(trust, report.month, report.end)
        if cells or safety.has_records:
            report.providers.append(ProviderRow(code, trust.name, cells, nof_position(code), escalation_summary(trust),
                                                safety if safety.has_records else None))
    report.signal_counts = _signal_counts(metrics, report.providers)
    report.comparisons = comparisons(store, latest_months(observations, metrics), focus=set(names), with_charts=charts)
    report.missing.extend(_stale_lines(report, [c for p in report.providers for c in p.cells.values()]))
    if not report.providers:
        report.missing.append("None of this organisation's trusts has published statistics or governance records.")
    report.safety = safety_figures(report.organisation, report.month, report.end)


def _stale_lines(report: BoardReport, sections: list[MetricSection]) -> list[str]:
    """One line per metric whose publication was due by the period's end but has not arrived."""
    latest: dict[str, MetricSection] = {}
    for s in sections:
        if s.freshness and (s.code not in latest or s.latest_month > latest[s.code].latest_month):
            latest[s.code] = s
    return [f"{s.name}: {s.freshness.lower()} (figures up to {report.end_label} were due); its values are not this "
            f"period's." for s in latest.values() if all(o.freshness for o in sections if o.code == s.code)]


def _signal_counts(metrics: list, providers: list[ProviderRow]) -> list[SignalCount]:
    counts = [SignalCount(m.code, m.label) for m in metrics]
    for count in counts:
        for provider in providers:
            if count.code in provider.cells:
                count.add(provider.cells[count.code])
    return counts


def without_case_detail(report: BoardReport) -> BoardReport:
    """The report for a reader who may not see governance cases: overdue actions keep their case
    reference, why they are high risk, due date and days overdue, not the action's text or owner."""
    def redact(safety: SafetyFigures | None) -> SafetyFigures | None:
        if safety is None:
            return None
        rows = [dataclasses.replace(row, description="", owner_name="") for row in safety.overdue_actions]
        return dataclasses.replace(safety, overdue_actions=rows)

    report.safety = redact(report.safety)
    for provider in report.providers:
        provider.safety = redact(provider.safety)
    report.case_detail = False
    return report


def report_for_reader(user, organisation: Organisation, kind: str, start: date, *, charts: bool) -> BoardReport:
    """The board report (``kind`` "board") or quality account (``"quality-account"``) as ``user`` may
    read it: the overdue actions' text and owners only if they may see the organisation's cases."""
    build = build_board_report if kind == "board" else build_quality_account
    report = build(organisation, start, charts=charts)
    return report if can(user, Capability.VIEW_CASES, organisation) else without_case_detail(report)
