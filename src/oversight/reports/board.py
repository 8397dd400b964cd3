"""The monthly board report: assembled from the warehouse, the SPC engine, governance,
NOF and the escalation register, using only data up to the end of the chosen month, so
regenerating a month gives the same numbers.

A trust's report has a section per metric (chart, latest value, target, icons, the text
that states its signal); a region's (or ICB's) summarises its trusts as a matrix.
"""

from __future__ import annotations

import calendar
import os
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from datetime import date

import pandas as pd
from django.conf import settings

from oversight.governance.metrics import catalogue as governance_catalogue
from oversight.governance.metrics import monthly_metrics
from oversight.organisations.models import Organisation, OrganisationKind, descendant_ids
from oversight.spc.icon_svg import assurance_icon_svg, variation_icon_svg
from oversight.surveillance.describe import describe_series
from oversight.surveillance.series import MONTH, analyse, format_value, render_chart, target_for, window_start
from oversight.surveillance.services import escalation_summary, nof_position
from oversight.warehouse import Metric, Warehouse

WINDOW_MONTHS = 24
CHART_THREADS = max(2, os.cpu_count() or 2)
VARIATION_ICON = {  # point type of the latest point and direction -> icon name
    ("common_cause", "increase"): "common_cause", ("common_cause", "decrease"): "common_cause",
    ("common_cause", "neutral"): "common_cause",
    ("special_cause_improvement", "increase"): "improvement_high",
    ("special_cause_improvement", "decrease"): "improvement_low",
    ("special_cause_concern", "increase"): "concern_low", ("special_cause_concern", "decrease"): "concern_high",
    ("special_cause_neutral_high", "neutral"): "neutral_high", ("special_cause_neutral_low", "neutral"): "neutral_low",
}

ASSURANCE_ICON = {"consistent_pass": "pass", "consistent_fail": "fail", "inconsistent": "inconsistent"}


class ReportError(ValueError):
    """A report that cannot be made, with the reason a person can act on."""


@dataclass
class MetricSection:
    code: str
    name: str
    definition: str
    latest_month: date
    latest_value: str
    target: str
    variation: str  # icon name
    assurance: str  # consistent_pass | consistent_fail | inconsistent | ""
    signal: str  # the chart's text alternative
    chart_svg: str
    points: int
    chart_result: object = None  # the SPC result, until its chart is rendered

    @property
    def variation_svg(self) -> str:
        return variation_icon_svg(self.variation, size=36)

    @property
    def assurance_svg(self) -> str:
        icon = ASSURANCE_ICON.get(self.assurance)
        return assurance_icon_svg(icon, size=36) if icon else ""


@dataclass
class ProviderRow:
    code: str
    name: str
    cells: dict[str, MetricSection]
    nof: dict | None
    escalation: dict | None


@dataclass
class BoardReport:
    organisation: Organisation
    month: date
    sections: list[MetricSection] = field(default_factory=list)
    providers: list[ProviderRow] = field(default_factory=list)
    matrix_metrics: list[tuple[str, str]] = field(default_factory=list)
    nof: dict | None = None
    escalation: dict | None = None
    loads: list[dict] = field(default_factory=list)
    missing: list[str] = field(default_factory=list)

    @property
    def month_label(self) -> str:
        return f"{self.month:%B %Y}"

    @property
    def is_regional(self) -> bool:
        return self.organisation.kind in {OrganisationKind.REGION, OrganisationKind.ICB}

    def numbers(self) -> dict:
        """Every figure the report states, for reproducibility checks."""
        rows = {s.code: (s.latest_month.isoformat(), s.latest_value, s.target, s.variation, s.assurance)
                for s in self.sections}
        for provider in self.providers:
            for code, cell in provider.cells.items():
                rows[f"{provider.code}:{code}"] = (cell.latest_month.isoformat(), cell.latest_value, cell.variation,
                                                    cell.assurance)
        return rows


def month_end(month: date) -> date:
    return date(month.year, month.month, calendar.monthrange(month.year, month.month)[1])


def parse_month(text: str) -> date:
    try:
        year, month = (int(part) for part in text.split("-"))
        return date(year, month, 1)
    except ValueError:
        raise ReportError(f"{text!r} is not a month in the form YYYY-MM") from None


def build_board_report(organisation: Organisation, month: date) -> BoardReport:
    report = BoardReport(organisation, month)
    end = month_end(month)
    store = Warehouse(settings.OVERSIGHT_WAREHOUSE)
    report.loads = _loads(store, end)
    if report.is_regional:
        _regional(report, store, end)
    else:
        _trust(report, store, end)
    return report


def _loads(store: Warehouse, end: date) -> list[dict]:
    """The loads holding any data up to the month: the report's provenance."""
    loads = store.loads()
    if loads.empty:
        return []
    first = pd.to_datetime(loads["first_period"]).dt.date
    return loads[first <= end].to_dict("records")


def _observations(store: Warehouse, codes: list[str], end: date) -> pd.DataFrame:
    frame = store.observations(orgs=codes, start=window_start(end, WINDOW_MONTHS), end=end)
    return frame[frame["value"].notna()]


def _section(metric: Metric, frame: pd.DataFrame, with_chart: bool) -> MetricSection | None:
    if frame.empty:
        return None
    result = analyse(frame, metric, by=None)
    section = _describe(metric, result)
    if with_chart:
        section.chart_result = result
    return section


def _describe(metric: Metric, result) -> MetricSection:
    points = result.points
    last = points.iloc[-1]
    latest = last[MONTH].date() if hasattr(last[MONTH], "date") else last[MONTH]
    target, target_label = target_for(metric, latest)
    assurance = result.summary.iloc[-1].get("assurance") if len(result.summary) else None
    return MetricSection(
        code=metric.code,
        name=metric.name,
        definition=metric.definition,
        latest_month=latest,
        latest_value=format_value(metric, last["value"]),
        target=target_label or "No target",
        variation=VARIATION_ICON.get((last["point_type"], metric.improvement_direction), "common_cause"),
        assurance=assurance if isinstance(assurance, str) else "",
        signal=describe_series(points, metric, target),
        chart_svg="",
        points=len(points),
    )


def _render_charts(sections: list[MetricSection]) -> None:
    """Charts are most of a report's time; vl-convert renders them in parallel threads."""
    pending = [s for s in sections if getattr(s, "chart_result", None) is not None]
    with ThreadPoolExecutor(max_workers=CHART_THREADS) as pool:
        svgs = pool.map(lambda s: render_chart(s.chart_result, width=620, height=230), pending)
    for section, svg in zip(pending, svgs):
        section.chart_svg = svg
        section.chart_result = None


def _trust(report: BoardReport, store: Warehouse, end: date) -> None:
    code = report.organisation.ods_code
    observations = _observations(store, [code], end)
    for metric in store.catalogue():
        section = _section(metric, observations[observations["metric"] == metric.code], with_chart=True)
        if section is not None:
            report.sections.append(section)
    if not report.sections:
        report.missing.append("No published statistics for this organisation in the metric warehouse.")
    governance = monthly_metrics([code], window_start(end, WINDOW_MONTHS), end, today=end)
    governance = governance[governance["value"].notna()] if not governance.empty else governance
    if governance.empty or not governance["numerator"].fillna(0).any():
        report.missing.append("No incidents or complaints are recorded in Oversight for this organisation.")
        governance = governance.iloc[0:0]
    for definition in governance_catalogue():
        metric = Metric(definition.code, definition.name, definition.unit, definition.improvement_direction,
                        "Oversight governance records", definition.definition, "")
        rows = governance[governance["metric"] == definition.code] if not governance.empty else governance
        section = _section(metric, rows, with_chart=True) if len(rows) else None
        if section is not None:
            report.sections.append(section)
    _render_charts(report.sections)
    report.nof = nof_position(code)
    report.escalation = escalation_summary(report.organisation)
    if report.nof is None:
        report.missing.append("Not in the latest NHS Oversight Framework publication loaded.")


def _regional(report: BoardReport, store: Warehouse, end: date) -> None:
    trusts = Organisation.objects.filter(
        id__in=descendant_ids({report.organisation.id}), kind=OrganisationKind.TRUST, close_date__isnull=True
    ).order_by("name")
    names = {t.ods_code: t for t in trusts}
    observations = _observations(store, list(names), end)
    metrics = [m for m in store.catalogue() if m.code in set(observations["metric"])]
    report.matrix_metrics = [(m.code, m.name) for m in metrics]
    for code, trust in names.items():
        mine = observations[observations["org_code"] == code]
        cells = {}
        for metric in metrics:
            cell = _section(metric, mine[mine["metric"] == metric.code], with_chart=False)
            if cell is not None:
                cells[metric.code] = cell
        if cells:
            report.providers.append(ProviderRow(code, trust.name, cells, nof_position(code), escalation_summary(trust)))
    if not report.providers:
        report.missing.append("None of this organisation's trusts has published statistics in the metric warehouse.")
