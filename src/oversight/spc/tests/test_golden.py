"""Parity with NHSRplotthedots 0.2.2: every row of every golden set in shared/reference/spc."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from oversight.spc import spc_analysis
from oversight.spc.tests.golden import GOLDEN_SETS, as_float, golden_input, read_golden

# Real NHS data and the package's own outputs: skipped, saying why, without ../shared.
pytestmark = pytest.mark.shared

TOLERANCE = 1e-9

#: our column -> golden column
NUMBERS = {
    "mean": "mean_col",
    "lpl": "lpl",
    "upl": "upl",
    "target": "target",
    "rebase_group": "rebase_group",
    "relative_to_mean": "relative_to_mean",
    "rule_trend_raw": "rule_trend_raw",
}
FLAGS = (
    "outside_limits",
    "close_to_limits",
    "special_cause_flag",
    "short_group_warning",
    "rule_part_of_trend",
    "rule_two_in_three_raw",
    "rule_part_of_two_in_three",
    "rule_shift_raw",
    "rule_part_of_shift",
)
TEXT = {"special_cause_type": "special_cause_type", "point_type": "point_type", "assurance": "assurance_type"}


@pytest.fixture(scope="module", params=GOLDEN_SETS)
def golden_case(request, shared):
    data, arguments = golden_input(request.param, shared)
    return request.param, spc_analysis(data, **arguments), arguments


def _text(values) -> np.ndarray:
    return pd.Series(values).astype(object).where(pd.Series(values).notna(), "").astype(str).to_numpy()


def test_every_point_matches(golden_case, shared):
    name, result, arguments = golden_case
    golden = read_golden(shared, name, "spc")
    points = result.points
    assert len(points) == len(golden)
    if "by" in arguments:
        assert points["f"].tolist() == golden["f"].tolist()
    assert points[arguments["date"]].dt.strftime("%Y-%m-%d").tolist() == golden["x"].tolist()
    np.testing.assert_allclose(points[arguments["value"]], golden["y"], rtol=0, atol=TOLERANCE)
    for ours, theirs in NUMBERS.items():
        np.testing.assert_allclose(
            as_float(points[ours]), as_float(golden[theirs]), rtol=0, atol=TOLERANCE, err_msg=ours
        )
    for column in FLAGS:
        np.testing.assert_array_equal(as_float(points[column]), as_float(golden[column]), err_msg=column)
    for ours, theirs in TEXT.items():
        assert (_text(points[ours]) == _text(golden[theirs])).all(), ours


def test_every_summary_row_matches(golden_case, shared):
    name, result, arguments = golden_case
    golden = read_golden(shared, name, "summary")
    summary = result.summary
    assert len(summary) == len(golden)
    if "by" in arguments:
        assert summary["f"].tolist() == golden["f"].tolist()
    if "rebase_group" in golden:
        assert summary["rebase_group"].tolist() == golden["rebase_group"].tolist()
    for ours, theirs in {"mean": "mean_col", "lpl": "lpl", "upl": "upl"}.items():
        np.testing.assert_allclose(summary[ours], golden[theirs], rtol=0, atol=TOLERANCE, err_msg=ours)
    for column in ("n", "common_cause", "special_cause_improvement", "special_cause_concern"):
        assert summary[column].tolist() == golden[column].tolist(), column
    assert _text(summary["variation_type"]).tolist() == golden["variation_type"].tolist()
    expected_assurance = golden["assurance_type"] if "assurance_type" in golden else [None] * len(golden)
    assert _text(summary["assurance"]).tolist() == _text(expected_assurance).tolist()
