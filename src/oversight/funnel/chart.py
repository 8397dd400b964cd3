"""Funnel charts as Vega-Lite (Altair), rendered offline like the SPC charts (``oversight.spc.chart``).

The target line, the limits at 95% and 99.8% (overdispersed when they decide the outliers, else
unadjusted; both when both are drawn), every group as a point and the outliers labelled by name.
Colours follow FunnelPlotR's ``plot_cols`` order (95%, 99.8%, 95% OD, 99.8% OD).
"""

from __future__ import annotations

import altair as alt
import pandas as pd

from oversight.funnel.engine import FunnelResult
from oversight.funnel.options import DATA_TYPE_NAMES

#: FunnelPlotR 0.6.0 ``plot_cols``; line names as its legend.
LIMIT_LINES = {
    "95%": ("lcl95", "ucl95", "#FF7F0E"),
    "99.8%": ("lcl998", "ucl998", "#1F77B4"),
    "95% overdispersed": ("od95lcl", "od95ucl", "#9467BD"),
    "99.8% overdispersed": ("od998lcl", "od998ucl", "#2CA02C"),
}
POINT = "#005EB8"  # NHS blue
OUTLIER = "#D5281B"  # NHS red


def drawn_lines(result: FunnelResult) -> list[str]:
    """The limit lines this result draws, by legend name."""
    lines = []
    if result.unadjusted:
        lines += ["95%", "99.8%"]
    if result.adjusted:
        lines += ["95% overdispersed", "99.8% overdispersed"]
    return lines


def _limits_long(result: FunnelResult) -> pd.DataFrame:
    grid = result.limits
    frames = []
    for name in drawn_lines(result):
        lower, upper, _ = LIMIT_LINES[name]
        for side, column in (("lower", lower), ("upper", upper)):
            frames.append(pd.DataFrame({"denominator": grid["denominator"], "limit": grid[column],
                                        "line": name, "side": side}))
    return pd.concat(frames, ignore_index=True) if frames else pd.DataFrame(
        columns=["denominator", "limit", "line", "side"])


def funnel_chart(result: FunnelResult, *, title: str | None = None, value_label: str | None = None,
                 width: int = 640, height: int = 360) -> alt.LayerChart:
    """The funnel plot of one result, with tooltips; outliers are red and named beside their point."""
    options = result.options
    x_title = "Expected" if options.data_type == "SR" else "Denominator"
    y_title = value_label or DATA_TYPE_NAMES[options.data_type].capitalize()
    groups = result.groups[["group", "numerator", "denominator", "value", "outlier"]].copy()
    groups["status"] = groups["outlier"].map({1: "Outlier", 0: "Within limits"})
    x = alt.X("denominator:Q", title=x_title)
    y_scale = alt.Scale(zero=False)
    names = drawn_lines(result)
    lines = alt.Chart(_limits_long(result)).mark_line(strokeWidth=1.2, clip=True).encode(
        x=x, y=alt.Y("limit:Q", title=y_title, scale=y_scale),
        color=alt.Color("line:N", title="Limits", sort=names,
                        scale=alt.Scale(domain=names, range=[LIMIT_LINES[n][2] for n in names])),
        detail="side:N",
    )
    target = alt.Chart(pd.DataFrame({"target": [result.target * options.multiplier]})).mark_rule(
        color="#425563", strokeDash=[4, 3]).encode(y="target:Q")
    points = alt.Chart(groups).mark_circle(size=40, opacity=0.85).encode(
        x=x, y=alt.Y("value:Q", scale=y_scale),
        color=alt.condition("datum.outlier == 1", alt.value(OUTLIER), alt.value(POINT)),
        tooltip=[alt.Tooltip("group:N", title="Group"), alt.Tooltip("numerator:Q", title="Numerator"),
                 alt.Tooltip("denominator:Q", title=x_title), alt.Tooltip("value:Q", title=y_title, format=".4f"),
                 alt.Tooltip("status:N", title="Status")],
    )
    labels = alt.Chart(groups[groups["outlier"] == 1]).mark_text(align="left", dx=6, dy=-4, fontSize=11,
                                                                  color=OUTLIER).encode(
        x=x, y=alt.Y("value:Q", scale=y_scale), text="group:N")
    chart = alt.layer(lines, target, points, labels).properties(width=width, height=height)
    return chart.properties(title=title) if title else chart
