"""Making Data Count charts as Vega-Lite (Altair): interactive in a browser, static via vl-convert.

* :func:`spc_chart` - one series: values, mean, process limits and target, points coloured
  by point type (colours of NHSRplotthedots ``ptd_spc_colours``, docs/rules/spc-making-data-count.md §1.7), lines
  broken at each rebase (the package's default ``break_lines = "both"``), tooltips, and the
  variation and assurance icons drawn by :mod:`oversight.spc.icon_svg`.
* :func:`summary_matrix_chart` - the variation x assurance matrix of many metrics.
* :func:`chart_svg` / :func:`chart_png` - offline rendering for reports.
"""

from __future__ import annotations

from typing import Any

import altair as alt
import pandas as pd

from oversight.spc import colours
from oversight.spc.analysis import SPCResult
from oversight.spc.icon_svg import assurance_icon_svg, svg_data_uri, variation_icon_svg
from oversight.spc.icons import assurance_icon, variation_icon
from oversight.spc.inputs import as_pandas
from oversight.spc.labels import POINT_TYPES
from oversight.spc.matrix import ASSURANCE_COLUMNS, VARIATION_ROWS, summary_matrix

ICON_SIZE = 44
#: How the legend and tooltips name point types.
POINT_TYPE_NAMES = {
    "common_cause": "Common cause",
    "special_cause_improvement": "Improvement",
    "special_cause_concern": "Concern",
    "special_cause_neutral_high": "Neutral (high)",
    "special_cause_neutral_low": "Neutral (low)",
}


def _key_mask(points: pd.DataFrame, by: tuple[str, ...], series: Any) -> pd.Series:
    if isinstance(series, dict):
        wanted = series
    else:
        values = series if isinstance(series, tuple) else (series,)
        if len(values) != len(by):
            raise ValueError(f"series must give a value for each of {list(by)} (got {series!r})")
        wanted = dict(zip(by, values, strict=True))
    mask = pd.Series(True, index=points.index)
    for name, value in wanted.items():
        mask &= points[name] == value
    return mask


def series_points(result: SPCResult, series: Any = None) -> pd.DataFrame:
    """The points of one series as pandas: ``series`` is its by value, a tuple, or a {column: value} dict."""
    points = as_pandas(result.points)
    by = result.by
    if series is None:
        if by and points[list(by)].drop_duplicates().shape[0] > 1:
            raise ValueError(f"the result has several series: pass series= (by {list(by)})")
        return points
    chosen = points[_key_mask(points, by, series)]
    if chosen.empty:
        raise ValueError(f"no series {series!r} in the result")
    return chosen


def _chart_data(result: SPCResult, points: pd.DataFrame) -> pd.DataFrame:
    data = pd.DataFrame(
        {
            "date": points[result.date].to_numpy(),
            "value": points[result.value].to_numpy(),
            "rebase_group": points["rebase_group"].to_numpy(),
            "mean": points["mean"].to_numpy(),
            "lpl": points["lpl"].to_numpy(),
            "upl": points["upl"].to_numpy(),
            "target": points["target"].to_numpy(),
            "label": points["special_cause_type"].astype(str).to_numpy(),
            "point_type": points["point_type"].astype(str).map(POINT_TYPE_NAMES).to_numpy(),
        }
    )
    return data


def icon_svgs(result: SPCResult, points: pd.DataFrame) -> list[str]:
    """The series' variation icon (from its latest point) and, when it has one, its assurance icon."""
    last = points.iloc[-1]
    icons = [variation_icon_svg(variation_icon(str(last["point_type"]), result.options.direction))]
    if pd.notna(last["assurance"]):
        icons.append(assurance_icon_svg(assurance_icon(str(last["assurance"]))))
    return icons


def _icon_layers(svgs: list[str], width: int) -> list[alt.Chart]:
    """Image marks above the plot's top right corner, one per icon."""
    layers = []
    for slot, svg in enumerate(svgs):
        x = width - (len(svgs) - slot - 0.5) * (ICON_SIZE + 6)
        layers.append(
            alt.Chart(alt.InlineData(values=[{"url": svg_data_uri(svg)}]))
            .mark_image(width=ICON_SIZE, height=ICON_SIZE)
            .encode(url=alt.Url("url:N"), x=alt.XValue(x), y=alt.YValue(-ICON_SIZE / 2 - 4))
        )
    return layers


def spc_chart(result: SPCResult, *, series: Any = None, title: str | None = None,
              width: int = 640, height: int = 320, icons: bool = True, legend: bool = True) -> alt.LayerChart:  # fmt: skip
    """The MDC chart of one series, with tooltips and the variation / assurance icons. A document
    that shows the icons and explains the colours itself can leave out both (``icons=False,
    legend=False``): the chart is then a third quicker to draw in a PDF."""
    points = series_points(result, series)
    data = _chart_data(result, points)
    # The data is attached once, to the layer chart: Altair then converts it once, not per layer.
    # Month and year on every label ("Nov 26"): a board reader should not have to count from "2026".
    month_axis = alt.Axis(format="%b %y", labelOverlap="greedy", labelFlush=True)
    base = alt.Chart().encode(x=alt.X("date:T", title=None, axis=month_axis))
    y_scale = alt.Scale(zero=False)
    by_group = alt.Detail("rebase_group:O")

    def line(field: str, colour: str, dash: list[int] | None = None) -> alt.Chart:
        return base.mark_line(color=colour, strokeWidth=1.5, strokeDash=dash or []).encode(
            y=alt.Y(f"{field}:Q", scale=y_scale, title=None), detail=by_group
        )

    layers = [
        line("value", colours.VALUE_LINE),
        line("mean", colours.MEAN_LINE),
        line("lpl", colours.LIMIT_LINE, [6, 4]),
        line("upl", colours.LIMIT_LINE, [6, 4]),
    ]
    if data["target"].notna().any():
        layers.append(line("target", colours.TARGET, [2, 2]))
    layers.append(
        base.mark_circle(size=55, opacity=1).encode(
            y=alt.Y("value:Q", scale=y_scale, title=result.value),
            color=alt.Color(
                "point_type:N",
                title="Point type",
                legend=alt.Legend() if legend else None,
                scale=alt.Scale(
                    domain=[POINT_TYPE_NAMES[t] for t in POINT_TYPES],
                    range=[colours.POINT_TYPE_COLOURS[t] for t in POINT_TYPES],
                ),
            ),
            tooltip=[
                alt.Tooltip("date:T", title=result.date),
                alt.Tooltip("value:Q", title=result.value, format=".4~g"),
                alt.Tooltip("label:N", title="Rule"),
                alt.Tooltip("point_type:N", title="Point type"),
                alt.Tooltip("mean:Q", format=".4~g"),
                alt.Tooltip("lpl:Q", title="Lower limit", format=".4~g"),
                alt.Tooltip("upl:Q", title="Upper limit", format=".4~g"),
                alt.Tooltip("target:Q", format=".4~g"),
            ],
        )
    )
    if icons:
        layers += _icon_layers(icon_svgs(result, points), width)
    chart = alt.layer(*layers, data=data).properties(width=width, height=height)
    return chart.properties(title=title) if title else chart


#: How the matrix names its rows and columns.
MATRIX_NAMES = {
    "special_cause_improvement": "Improvement",
    "common_cause": "Common cause",
    "special_cause_concern": "Concern",
    "special_cause_neutral": "Neutral",
    "consistent_pass": "Pass",
    "inconsistent": "Inconsistent",
    "consistent_fail": "Fail",
    "none": "No target",
}


def summary_matrix_chart(summary_or_matrix: Any, *, title: str | None = None) -> alt.LayerChart:
    """Heat map of the variation x assurance matrix with counts (from a summary or a :func:`summary_matrix`)."""
    frame = as_pandas(summary_or_matrix)
    matrix = frame if "count" in frame.columns else summary_matrix(frame)
    data = matrix.assign(
        series=matrix["series"].map(
            lambda names: ", ".join(names[:20]) + (" ..." if len(names) > 20 else "")
        ),
        variation=matrix["variation"].map(MATRIX_NAMES),
        assurance=matrix["assurance"].map(MATRIX_NAMES),
    )
    dark = max(1, int(data["count"].max())) / 2
    base = alt.Chart(data).encode(
        x=alt.X("assurance:N", sort=[MATRIX_NAMES[a] for a in ASSURANCE_COLUMNS], title="Assurance",
                axis=alt.Axis(labelAngle=0, orient="top")),
        y=alt.Y("variation:N", sort=[MATRIX_NAMES[v] for v in VARIATION_ROWS], title="Variation"),
    )  # fmt: skip
    cells = base.mark_rect(stroke="#ffffff", strokeWidth=2).encode(
        color=alt.Color("count:Q", scale=alt.Scale(scheme="blues"), legend=None),
        tooltip=["variation:N", "assurance:N", "count:Q", alt.Tooltip("series:N", title="Series")],
    )
    counts = base.mark_text(fontSize=16, fontWeight="bold").encode(
        text="count:Q",
        color=alt.condition(f"datum.count > {dark}", alt.value("#ffffff"), alt.value("#000000")),
    )
    chart = alt.layer(cells, counts).properties(width=4 * 110, height=4 * 60)
    return chart.properties(title=title) if title else chart


def chart_svg(chart: alt.TopLevelMixin, *, validate: bool = True) -> str:
    """Static SVG of a chart (vl-convert, offline). Reports pass ``validate=False`` for charts
    this module built (their specification is validated in its tests): it saves half the time."""
    import vl_convert

    return vl_convert.vegalite_to_svg(chart.to_json(validate=validate))


def chart_png(chart: alt.TopLevelMixin, scale: float = 2.0) -> bytes:
    """Static PNG of a chart (vl-convert, offline); ``scale`` 2 suits print."""
    import vl_convert

    return vl_convert.vegalite_to_png(chart.to_json(), scale=scale)
