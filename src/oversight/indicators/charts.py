"""Making Data Count charts of a metric's series, as SVG for pages and reports (``oversight.spc.chart``).

A series too short for an SPC signal is drawn without its icons, like the table beside it.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import replace


def render_chart(result, series=None, width: int = 640, height: int = 260, *, icons: bool = True,
                 legend: bool = True) -> str:  # fmt: skip
    """The chart as SVG marked decorative (its content is given in text next to it)."""
    from oversight.spc.chart import (  # Altair and vl-convert load only when a chart is drawn
        chart_svg,
        spc_chart,
    )

    chart = spc_chart(result, series=series, width=width, height=height, icons=icons, legend=legend)
    return decorative(chart_svg(chart, validate=False))


def render_funnel(result, *, title: str | None = None, value_label: str | None = None, width: int = 640,
                  height: int = 360, names: Mapping[str, str] | None = None) -> str:
    """A funnel plot (``oversight.funnel``) as SVG marked decorative: pages give its groups as a table.
    ``names`` maps group codes to the names the outlier labels and tooltips show (a provider's or a
    clinician's name rather than its code); a code without a name is shown as it is."""
    from oversight.funnel.chart import funnel_chart  # Altair and vl-convert load only when a chart is drawn
    from oversight.spc.chart import chart_svg

    if names:
        groups = result.groups.copy()
        groups["group"] = groups["group"].astype(str).map(lambda code: names.get(code, code))
        result = replace(result, groups=groups)
    chart = funnel_chart(result, title=title, value_label=value_label, width=width, height=height)
    return decorative(chart_svg(chart, validate=False))


def decorative(svg: str) -> str:
    """Hide the SVG from assistive technology: the page gives the text alternative and the data table."""
    return svg.replace("<svg ", '<svg aria-hidden="true" focusable="false" ', 1)
