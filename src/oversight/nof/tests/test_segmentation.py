"""Segments, the deficit cap, segment 5, league ranks and deficit rules on small hand-made tables."""

from __future__ import annotations

import pandas as pd
import pytest

from oversight.nof.errors import MethodError
from oversight.nof.segmentation import (
    adjusted_segments,
    combined_finance_above_1,
    final_segments,
    league_ranks,
    planned_deficit,
    planned_deficit_or_breakeven_off_plan,
    quartile_segments,
    threshold_segments,
    validate_segmentation,
)


def series(values, name=None):
    return pd.Series(values, index=[f"T{i}" for i in range(len(values))], name=name, dtype=float)


def one_type(n):
    return pd.Series("Acute trust", index=[f"T{i}" for i in range(n)])


def test_quartiles_of_eight():
    average = series([1.1, 1.2, 1.3, 1.4, 1.5, 1.6, 1.7, 1.8])
    segments = quartile_segments(average, one_type(8), {})
    assert segments.tolist() == [1, 1, 2, 2, 3, 3, 4, 4]


def test_quartile_edge_ties_take_the_better_segment_by_default():
    average = series([1.0, 2.0, 2.0, 2.5, 3.0, 3.1, 4.0, 4.1])  # the tie at ranks 2-3 straddles the 1|2 edge
    assert quartile_segments(average, one_type(8), {}).tolist() == [1, 1, 1, 2, 3, 3, 4, 4]
    assert quartile_segments(average, one_type(8), {"edge_ties": "worse"}).tolist() == [
        1,
        2,
        2,
        2,
        3,
        3,
        4,
        4,
    ]


def test_quartiles_by_trust_type_or_all_together():
    average = series([1.0, 2.0, 3.0, 4.0, 5.0, 6.0, 7.0, 8.0])
    types = pd.Series(["A"] * 4 + ["B"] * 4, index=average.index)
    assert quartile_segments(average, types, {"population": "trust_type"}).tolist() == [
        1,
        2,
        3,
        4,
        1,
        2,
        3,
        4,
    ]
    assert quartile_segments(average, types, {"population": "all"}).tolist() == [1, 1, 2, 2, 3, 3, 4, 4]


def test_missing_average_has_no_segment():
    segments = quartile_segments(series([1.0, None, 2.0]), one_type(3), {})
    assert segments.isna().tolist() == [False, True, False]


def test_fixed_thresholds_as_in_2026_27():
    average = series([1.5, 2.0, 2.01, 2.5, 3.0, 3.2])
    spec = {"thresholds": [2.0, 2.5, 3.0]}
    assert threshold_segments(average, one_type(6), spec).tolist() == [1, 1, 2, 2, 3, 4]
    spec["upper_inclusive"] = False
    assert threshold_segments(average, one_type(6), spec).tolist() == [1, 2, 2, 3, 4, 4]


@pytest.mark.parametrize(
    "spec", [{}, {"thresholds": [3, 2, 1]}, {"thresholds": [1, 2]}, {"thresholds": [1, "2", 3]}]
)
def test_fixed_thresholds_are_validated(spec):
    with pytest.raises(MethodError, match="3 ascending numbers"):
        validate_segmentation({"rule": "fixed_thresholds", **spec}, "test")


def test_deficit_caps_at_segment_3():
    unadjusted = series([1, 2, 3, 4, 1])
    deficit = pd.Series([True, True, True, True, False], index=unadjusted.index)
    assert adjusted_segments(unadjusted, deficit, 3).tolist() == [3, 3, 3, 4, 1]


def test_recovery_support_programme_is_segment_5():
    adjusted = series([1, 3, 4])
    rsp = pd.Series([False, True, True], index=adjusted.index)
    assert final_segments(adjusted, rsp, 5).tolist() == [1, 5, 5]


def test_league_rank_by_adjusted_segment_then_average_ties_shared():
    adjusted = series([3, 1, 1, 2, 1])
    average = series([1.5, 2.0, 1.9, 1.0, 2.0])
    group = one_type(5)
    assert league_ranks(adjusted, average, group).tolist() == [5, 2, 1, 4, 2]
    assert league_ranks(adjusted, average, group, ties="first").tolist() == [5, 2, 1, 4, 3]


def test_league_rank_within_each_trust_type():
    adjusted = series([1, 1, 1, 1])
    average = series([2.0, 1.0, 1.5, 1.2])
    group = pd.Series(["A", "A", "B", "B"], index=adjusted.index)
    assert league_ranks(adjusted, average, group).tolist() == [2, 1, 2, 1]


def test_deficit_rules():
    table = pd.DataFrame(
        {
            "OF0079": [-0.5, 0.0, 0.0, 0.47, None],
            "OF0081": [0.0, -0.57, -0.01, -1.65, -2.0],
            "OF1080": [2, 2, 1, 3, None],
        },
        index=list("ABCDE"),
    )
    assert planned_deficit(table).tolist() == [True, False, False, False, pd.NA]
    assert planned_deficit_or_breakeven_off_plan(table).tolist() == [True, True, False, False, pd.NA]
    assert combined_finance_above_1(table).tolist() == [True, True, False, True, pd.NA]
    assert planned_deficit(table.drop(columns="OF0079")).isna().all()
