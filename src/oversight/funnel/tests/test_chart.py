"""The funnel chart: valid Vega-Lite, limits drawn as the result says, outliers named."""

from __future__ import annotations

from oversight.funnel import FunnelOptions, funnel
from oversight.funnel.chart import drawn_lines, funnel_chart
from oversight.indicators.charts import render_funnel

OBSERVED, E, G = [5, 60, 30, 31, 29, 30, 33, 28], [100] * 8, list("abcdefgh")


def test_chart_is_valid_and_names_the_outliers():
    result = funnel(OBSERVED, E, G, FunnelOptions(data_type="PR", limit=95))
    spec = funnel_chart(result, title="Test").to_dict()  # validates against the Vega-Lite schema
    assert spec["title"] == "Test"
    svg = render_funnel(result, title="Test")
    assert svg.startswith('<svg aria-hidden="true"')
    for name in result.outliers()["high"] + result.outliers()["low"]:
        assert f">{name}<" in svg


def test_both_kinds_of_limits_when_both_are_drawn():
    result = funnel(OBSERVED, E, G, FunnelOptions(data_type="PR", draw_unadjusted=True))
    assert drawn_lines(result) == ["95%", "99.8%", "95% overdispersed", "99.8% overdispersed"]
