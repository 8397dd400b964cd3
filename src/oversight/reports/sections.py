"""A report's metric sections: which metrics (the organisation's template), each one's SPC
analysis, icons, text alternative and chart. Shared by the board report and the quality account."""

from __future__ import annotations

import os
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from datetime import date

import pandas as pd
from markupsafe import Markup, escape

from oversight.governance.metrics import catalogue as governance_catalogue
from oversight.spc import colours
from oversight.spc.icon_svg import assurance_icon_svg, svg_data_uri, variation_icon_svg
from oversight.surveillance.describe import describe_series
from oversight.surveillance.series import MONTH, analyse, format_value, render_chart, target_for
from oversight.warehouse import Metric

CHART_THREADS = max(2, os.cpu_count() or 2)
GOVERNANCE_SOURCE = "Oversight governance records"
#: Governance metrics a report shows when its organisation has no template: the rest are in the
#: safety tables already.
DEFAULT_GOVERNANCE_METRICS = (
    "gov_incidents_reported", "gov_incidents_moderate_or_above", "gov_never_events",
    "gov_doc_notification_in_time", "gov_complaints_responded_in_time",
)
VARIATION_ICON = {  # point type of the latest point and direction -> icon name
    ("common_cause", "increase"): "common_cause", ("common_cause", "decrease"): "common_cause",
    ("common_cause", "neutral"): "common_cause",
    ("special_cause_improvement", "increase"): "improvement_high",
    ("special_cause_improvement", "decrease"): "improvement_low",
    ("special_cause_concern", "increase"): "concern_low", ("special_cause_concern", "decrease"): "concern_high",
    ("special_cause_neutral_high", "neutral"): "neutral_high", ("special_cause_neutral_low", "neutral"): "neutral_low",
}
#: The variation icons grouped as a regional summary counts them.
VARIATION_GROUP = {
    "improvement_high": "improvement", "improvement_low": "improvement", "concern_high": "concern",
    "concern_low": "concern", "neutral_high": "neutral", "neutral_low": "neutral", "common_cause": "common_cause",
}
ASSURANCE_ICON = {"consistent_pass": "pass", "consistent_fail": "fail", "inconsistent": "inconsistent"}
VARIATION_TEXT = {
    "common_cause": "Common cause variation", "improvement_high": "Improvement (high)", "improvement_low": "Improvement (low)",
    "concern_high": "Concern (high)", "concern_low": "Concern (low)", "neutral_high": "Special cause (high)",
    "neutral_low": "Special cause (low)",
}
ASSURANCE_TEXT = {"consistent_pass": "Consistently passing", "consistent_fail": "Consistently failing",
                  "inconsistent": "Passing and failing"}

#: The key printed once before the charts (which leave out their own legend).
CHART_KEY = (
    (colours.POINT_TYPE_COLOURS["common_cause"], "Common cause: no signal"),
    (colours.POINT_TYPE_COLOURS["special_cause_improvement"], "Special cause: improvement"),
    (colours.POINT_TYPE_COLOURS["special_cause_concern"], "Special cause: concern"),
    (colours.POINT_TYPE_COLOURS["special_cause_neutral_high"], "Special cause where neither direction is better"),
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
    variation: str  # icon name
    assurance: str  # consistent_pass | consistent_fail | inconsistent | ""
    signal: str  # the chart's text alternative
    points: int
    period_values: list[tuple[date, str]] = field(default_factory=list)  # each month of the report's period
    narrative: str = ""
    chart_svg: str = ""
    chart_result: object = None  # the SPC result, until its chart is rendered

    @property
    def variation_svg(self) -> str:
        return variation_icon_svg(self.variation, size=36)

    @property
    def assurance_svg(self) -> str:
        icon = ASSURANCE_ICON.get(self.assurance)
        return assurance_icon_svg(icon, size=36) if icon else ""

    @property
    def icons_html(self) -> str:
        """The two icons as <img> elements with alt text. Images, not inline SVG: WeasyPrint parses
        each distinct icon once, where it lays out every inline copy."""
        icons = [(self.variation_svg, VARIATION_TEXT.get(self.variation, self.variation))]
        if self.assurance_svg:
            icons.append((self.assurance_svg, ASSURANCE_TEXT[self.assurance]))
        return Markup("".join(f'<img class="icon" src="{svg_data_uri(svg)}" alt="{escape(text)}">' for svg, text in icons))

    @property
    def icons_text(self) -> str:
        """The icons in words, for their alt text and for screen readers."""
        return f"{VARIATION_TEXT.get(self.variation, self.variation)}; {ASSURANCE_TEXT.get(self.assurance, 'no target')}"

    @property
    def chart_uri(self) -> str:
        # An <img> of the SVG: WeasyPrint lays it out 3-4 times faster than inline SVG, and it takes alt text.
        return svg_data_uri(self.chart_svg) if self.chart_svg else ""


def governance_metrics() -> list[Metric]:
    return [Metric(d.code, d.name, d.unit, d.improvement_direction, GOVERNANCE_SOURCE, d.definition, "")
            for d in governance_catalogue()]


def known_metrics(warehouse_metrics: list[Metric]) -> dict[str, Metric]:
    """Every metric a template may name: the warehouse catalogue then governance's."""
    return {m.code: m for m in [*warehouse_metrics, *governance_metrics()]}


def chosen_metrics(known: dict[str, Metric], template_codes: list[str] | None, available: set[str]) -> list[Metric]:
    """The template's metrics in its order; without a template, every warehouse metric with data
    and the default governance metrics."""
    if template_codes is not None:
        return [known[c] for c in template_codes if c in known]
    return [m for m in known.values()
            if (m.source != GOVERNANCE_SOURCE and m.code in available) or m.code in DEFAULT_GOVERNANCE_METRICS]


def metric_section(metric: Metric, frame: pd.DataFrame, *, start: date, with_chart: bool) -> MetricSection | None:
    """The section for one metric's observations (one organisation), or None when it has none."""
    if frame.empty:
        return None
    result = analyse(frame, metric, by=None)
    points = result.points
    last = points.iloc[-1]
    latest = _as_date(last[MONTH])
    target, target_label = target_for(metric, latest)
    assurance = result.summary.iloc[-1].get("assurance") if len(result.summary) else None
    section = MetricSection(
        code=metric.code, name=metric.name, definition=metric.definition, source=metric.source,
        latest_month=latest, latest_value=format_value(metric, last["value"]), target=target_label or "No target",
        variation=VARIATION_ICON.get((last["point_type"], metric.improvement_direction), "common_cause"),
        assurance=assurance if isinstance(assurance, str) else "",
        signal=describe_series(points, metric, target), points=len(points),
        period_values=[(_as_date(row[MONTH]), format_value(metric, row["value"]))
                       for _, row in points.iterrows() if _as_date(row[MONTH]) >= start],
    )
    if with_chart:
        section.chart_result = result
    return section


def render_charts(sections: list[MetricSection]) -> None:
    """Charts are most of a report's time. The report shows each metric's icons beside its chart and
    explains the point colours once, so the charts leave both out (a third less for WeasyPrint to draw)."""
    pending = [s for s in sections if s.chart_result is not None]
    with ThreadPoolExecutor(max_workers=CHART_THREADS) as pool:
        svgs = pool.map(lambda s: render_chart(s.chart_result, width=620, height=230, icons=False, legend=False), pending)
    for section, svg in zip(pending, svgs):
        section.chart_svg = svg
        section.chart_result = None


def _as_date(value) -> date:
    return value.date() if hasattr(value, "date") else value
