"""A report's "Providers compared" chapter: for each proportion metric it shows, a funnel plot of every
provider in the warehouse that month (``oversight.indicators.comparison``), so a board sees whether its
trust, or a region its trusts, differ from their peers once size is allowed for.

The comparison month is the metric's latest month in the report, so a regenerated report compares
the same month. Published statistics only: governance metrics are recorded in Oversight for few trusts,
and a funnel of those would compare a handful of providers with each other.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

import pandas as pd

from oversight.indicators import Metric, render_funnel
from oversight.indicators.comparison import Comparison, Outlier, compare_providers
from oversight.warehouse import Warehouse

from .sections import CHART_THREADS, is_governance

#: Enough to see the pattern without turning the report into an atlas.
MOST_COMPARISONS = 6


@dataclass
class ComparisonSection:
    code: str
    name: str
    month: date
    providers: int
    target: str
    sentence: str  # the chart's text alternative
    outliers: list[Outlier]
    position: str = ""  # a trust report: where the trust sits ("within the limits", "worse than expected")
    chart_svg: str = ""
    comparison: Comparison | None = field(default=None, repr=False)

    @property
    def chart_uri(self) -> str:
        from oversight.spc.icon_svg import svg_data_uri

        return svg_data_uri(self.chart_svg) if self.chart_svg else ""

    @property
    def outliers_in_focus(self) -> list[Outlier]:
        return [o for o in self.outliers if o.in_focus]


def comparisons(store: Warehouse, metrics: list[tuple[Metric, date]], *, focus: set[str],
                with_charts: bool) -> list[ComparisonSection]:
    """One section per proportion metric (with its latest month) that has enough providers to compare."""
    wanted = [(m, when) for m, when in metrics if m.is_proportion and not is_governance(m)][:MOST_COMPARISONS]
    if not wanted:
        return []
    names = _names(store)
    sections = []
    for metric, when in wanted:
        frame = store.observations(metric=metric.code, start=when, end=when)
        comparison = compare_providers(frame, metric, when, names=names, focus=focus)
        if comparison is not None:
            sections.append(_section(comparison, focus))
    if with_charts:
        _render(sections)
    return sections


def _section(comparison: Comparison, focus: set[str]) -> ComparisonSection:
    metric = comparison.metric
    position = ""
    if len(focus) == 1:
        [code] = focus
        position = comparison.position(code) or "not in this month's figures"
    return ComparisonSection(metric.code, metric.label, comparison.month, comparison.providers, comparison.target_text,
                             comparison.sentence(), comparison.outliers(), position, comparison=comparison)


def _names(store: Warehouse) -> dict[str, str]:
    organisations = store.organisations()
    if organisations.empty:
        return {}
    named = organisations.dropna(subset=["org_name"]).drop_duplicates("org_code")
    return dict(zip(named["org_code"].astype(str), named["org_name"].astype(str), strict=True))


def _render(sections: list[ComparisonSection]) -> None:
    from concurrent.futures import ThreadPoolExecutor

    def draw(section: ComparisonSection) -> str:
        compared = section.comparison
        return render_funnel(compared.result, value_label=section.name, width=620, height=300, names=compared.names)

    with ThreadPoolExecutor(max_workers=CHART_THREADS) as pool:
        svgs = list(pool.map(draw, sections))
    for section, svg in zip(sections, svgs, strict=True):
        section.chart_svg = svg
        section.comparison = None


def latest_months(frame: pd.DataFrame, metrics: list[Metric]) -> list[tuple[Metric, date]]:
    """Each metric with its latest month in these observations (those with none are left out)."""
    found = []
    for metric in metrics:
        rows = frame[frame["metric"] == metric.code] if not frame.empty else frame
        if not rows.empty:
            found.append((metric, pd.Timestamp(rows["period"].max()).date()))
    return found
