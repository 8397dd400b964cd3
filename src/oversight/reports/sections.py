"""A report's metric sections: which metrics (the organisation's template), each one's SPC
analysis, icons, text alternative and chart. Shared by the board report and the quality account."""

from __future__ import annotations

import os
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from datetime import date

import pandas as pd
from markupsafe import Markup, escape

from oversight.governance.metrics import indicators as governance_indicators
from oversight.indicators import (
    MONTH,
    Metric,
    analyse,
    assurance_label,
    describe_series,
    format_value,
    freshness_note,
    reading,
    render_chart,
    target_for,
    variation_family,
    variation_label,
)
from oversight.spc import colours
from oversight.spc.icon_svg import assurance_icon_svg, svg_data_uri, variation_icon_svg
from oversight.spc.icons import ASSURANCE_ICONS as ASSURANCE_ICONS_BY_TYPE
from oversight.spc.icons import variation_icon

CHART_THREADS = max(2, os.cpu_count() or 2)
GOVERNANCE = "governance"  # the registry source of governance's metrics
GOVERNANCE_SOURCE = "Oversight governance records"  # how a report names that source
#: Governance metrics a report shows when its organisation has no template: the rest are in the
#: safety tables already.
DEFAULT_GOVERNANCE_METRICS = (
    "gov_incidents_reported", "gov_incidents_moderate_or_above", "gov_never_events",
    "gov_doc_notification_in_time", "gov_complaints_responded_in_time",
)

#: The key printed once before the charts (which leave out their own legend), in the indicators' words.
CHART_KEY = (
    (colours.POINT_TYPE_COLOURS["common_cause"], "Common cause variation"),
    (colours.POINT_TYPE_COLOURS["special_cause_improvement"], "Special cause of an improving nature"),
    (colours.POINT_TYPE_COLOURS["special_cause_concern"], "Special cause of a concerning nature"),
    (colours.POINT_TYPE_COLOURS["special_cause_neutral_high"], "Special cause of neither improving nor concerning nature"),
)


@dataclass
class MetricSection:
    code: str
    name: str
    definition: str
    source: str
    latest_month: date
    latest_value: str
    target: str
    variation: str  # icon name; "" when the series has too few points for a signal
    assurance: str  # consistent_pass | consistent_fail | inconsistent | "" (no target, or too few points)
    signal: str  # the chart's text alternative
    points: int
    note: str = ""  # why there are no icons ("Fewer than 12 points: no SPC signal yet")
    freshness: str = ""  # "No new data since June 2025" when the publication was due by the period's end
    period_values: list[tuple[date, str]] = field(default_factory=list)  # each month of the report's period
    narrative: str = ""
    chart_svg: str = ""
    chart_result: object = None  # the SPC result, until its chart is rendered

    @property
    def family(self) -> str:
        """The variation's family as a summary counts it ("improvement"); "" without a signal."""
        return variation_family(self.variation)

    @property
    def variation_svg(self) -> str:
        return variation_icon_svg(self.variation, size=36) if self.variation else ""

    @property
    def assurance_svg(self) -> str:
        icon = ASSURANCE_ICONS_BY_TYPE.get(self.assurance)
        return assurance_icon_svg(icon, size=36) if icon else ""

    @property
    def icons_html(self) -> str:
        """The two icons as <img> elements with alt text, or why there are none. Images, not inline SVG:
        WeasyPrint parses each distinct icon once, where it lays out every inline copy."""
        if not self.variation:
            return Markup(f'<span class="note">{escape(self.note)}</span>')
        icons = [(self.variation_svg, variation_label(self.variation))]
        if self.assurance_svg:
            icons.append((self.assurance_svg, assurance_label(self.assurance)))
        return Markup("".join(f'<img class="icon" src="{svg_data_uri(svg)}" alt="{escape(text)}">' for svg, text in icons))

    @property
    def icons_text(self) -> str:
        """The icons in words, for their alt text and for screen readers (or why there are none)."""
        return self.note or f"{variation_label(self.variation)}; {assurance_label(self.assurance)}"

    @property
    def chart_uri(self) -> str:
        # An <img> of the SVG: WeasyPrint lays it out 3-4 times faster than inline SVG, and it takes alt text.
        return svg_data_uri(self.chart_svg) if self.chart_svg else ""


def governance_metrics() -> list[Metric]:
    return governance_indicators()


def is_governance(metric: Metric) -> bool:
    return metric.source == GOVERNANCE


def source_label(metric: Metric) -> str:
    return GOVERNANCE_SOURCE if is_governance(metric) else metric.source


def known_metrics(warehouse_metrics: list[Metric]) -> dict[str, Metric]:
    """Every metric a template may name: the warehouse's then governance's (all registered with indicators)."""
    return {m.code: m for m in [*warehouse_metrics, *governance_metrics()]}


def chosen_metrics(known: dict[str, Metric], template_codes: list[str] | None, available: set[str]) -> list[Metric]:
    """The template's metrics in its order; without a template, every warehouse metric with data
    and the default governance metrics."""
    if template_codes is not None:
        return [known[c] for c in template_codes if c in known]
    return [m for m in known.values()
            if (not is_governance(m) and m.code in available) or m.code in DEFAULT_GOVERNANCE_METRICS]


def metric_section(metric: Metric, frame: pd.DataFrame, *, start: date, end: date, with_chart: bool) -> MetricSection | None:
    """The section for one metric's observations (one organisation), or None when it has none. A series
    too short for a signal shows its values without icons; one whose publication was due by ``end`` says
    it has no new data (judged at the period's end, so regenerating a period gives the same report)."""
    if frame.empty:
        return None
    result = analyse(frame, metric, by=None)
    points = result.points
    last = points.iloc[-1]
    latest = _as_date(last[MONTH])
    target, target_label = target_for(metric, latest)
    assurance = result.summary.iloc[-1].get("assurance") if len(result.summary) else None
    read = reading(metric, len(points), variation_icon(str(last["point_type"]), metric.improvement_direction),
                   assurance if isinstance(assurance, str) else "")  # fmt: skip
    section = MetricSection(
        code=metric.code, name=metric.label, definition=metric.definition, source=source_label(metric),
        latest_month=latest, latest_value=format_value(metric, last["value"]), target=target_label or "No target",
        variation=read.variation, assurance=read.assurance, note=read.note,
        freshness=freshness_note(metric, latest, end),
        signal=describe_series(points, metric, target), points=len(points),
        period_values=[(_as_date(row[MONTH]), format_value(metric, row["value"]))
                       for _, row in points.iterrows() if _as_date(row[MONTH]) >= start],
    )  # fmt: skip
    if with_chart:
        section.chart_result = result
    return section


def render_charts(sections: list[MetricSection]) -> None:
    """Charts are most of a report's time. The report shows each metric's icons beside its chart and
    explains the point colours once, so the charts leave both out (a third less for WeasyPrint to draw)."""
    pending = [s for s in sections if s.chart_result is not None]
    with ThreadPoolExecutor(max_workers=CHART_THREADS) as pool:
        svgs = pool.map(lambda s: render_chart(s.chart_result, width=620, height=230, icons=False, legend=False), pending)
    for section, svg in zip(pending, svgs, strict=True):
        section.chart_svg = svg
        section.chart_result = None


def _as_date(value) -> date:
    return value.date() if hasattr(value, "date") else value
