"""Charts and icons render offline to SVG and PNG (issue point 6)."""

from __future__ import annotations

import xml.etree.ElementTree as ET

import pandas as pd
import pytest

from oversight.spc import spc_analysis
from oversight.spc.chart import chart_png, chart_svg, spc_chart, summary_matrix_chart
from oversight.spc.icon_svg import assurance_icon_svg, svg_data_uri, variation_icon_svg
from oversight.spc.icons import ASSURANCE_ICONS, VARIATION_ICONS, variation_icon
from oversight.spc.matrix import summary_matrix


@pytest.fixture(scope="module")
def result():
    months = pd.date_range("2020-01-01", periods=30, freq="MS")
    # 15 stable months, then a shift up with one outlier (20) for the chart to mark.
    values = [10, 11, 9, 10, 12, 10, 9, 11, 10, 10, 11, 9, 10, 10, 11]
    values += [13, 14, 13, 15, 14, 13, 14, 15, 14, 13, 14, 15, 20, 14, 13]
    data = pd.DataFrame(
        {"unit": ["A"] * 30 + ["B"] * 30, "month": list(months) * 2, "falls": values + values[::-1]}
    )
    return spc_analysis(
        data,
        value="falls",
        date="month",
        by="unit",
        direction="decrease",
        target=12,
        rebase={"A": ["2021-04-01"]},
    )


@pytest.mark.parametrize("name", VARIATION_ICONS)
def test_variation_icons_are_valid_svg_with_a_title(name):
    root = ET.fromstring(variation_icon_svg(name))
    assert root.tag.endswith("svg") and root.find("{http://www.w3.org/2000/svg}title").text


@pytest.mark.parametrize("name", sorted(set(ASSURANCE_ICONS.values())))
def test_assurance_icons_are_valid_svg(name):
    assert ET.fromstring(assurance_icon_svg(name)).tag.endswith("svg")


def test_unknown_icons_are_refused():
    with pytest.raises(ValueError):
        variation_icon_svg("sideways")
    with pytest.raises(ValueError):
        assurance_icon_svg("maybe")


def test_variation_icon_depends_on_direction():
    assert variation_icon("special_cause_concern", "increase") == "concern_low"
    assert variation_icon("special_cause_concern", "decrease") == "concern_high"
    assert variation_icon("special_cause_improvement", "decrease") == "improvement_low"
    assert svg_data_uri("<svg/>").startswith("data:image/svg+xml;base64,")


def test_chart_has_tooltips_limits_target_and_both_icons(result):
    spec = spc_chart(result, series="A", title="Falls, unit A").to_dict()
    fields = [layer["encoding"].get("y", {}).get("field") for layer in spec["layer"]]
    assert {"value", "mean", "lpl", "upl", "target"} <= set(fields)
    assert any("tooltip" in layer.get("encoding", {}) for layer in spec["layer"])
    assert sum(layer["mark"]["type"] == "image" for layer in spec["layer"]) == 2  # variation + assurance


@pytest.mark.slow  # vl-convert starts its JavaScript engine (a few seconds, once)
def test_chart_renders_to_svg_and_png(result):
    chart = spc_chart(result, series="A", title="Falls, unit A")
    svg = chart_svg(chart)
    assert svg.startswith("<svg") and "Falls, unit A" in svg
    assert chart_png(chart, scale=1).startswith(b"\x89PNG")


def test_chart_needs_a_series_when_there_are_several(result):
    with pytest.raises(ValueError, match="several series"):
        spc_chart(result)
    with pytest.raises(ValueError, match="no series"):
        spc_chart(result, series="Z")


@pytest.mark.slow
def test_summary_matrix_as_data_and_chart(result):
    matrix = summary_matrix(result.summary)
    assert len(matrix) == 16 and matrix["count"].sum() == 2
    assert set(matrix.columns) == {"variation", "assurance", "count", "series"}
    assert chart_svg(summary_matrix_chart(matrix)).startswith("<svg")
