"""The public API: frame kinds, by columns, targets, rebasing, summary and icons."""

from __future__ import annotations

import numpy as np
import pandas as pd
import polars as pl
import pytest

from oversight.spc import icon_states, spc, spc_analysis, spc_summary
from oversight.spc.analysis import POINT_COLUMNS


def frame(n: int = 24) -> pd.DataFrame:
    rng = np.random.default_rng(7)
    months = pd.date_range("2021-01-01", periods=n, freq="MS")
    rows = []
    for org in ("X", "Y"):
        for kind in ("1", "2"):
            level = {"X": 0.9, "Y": 0.7}[org] + (0.02 if kind == "2" else 0)
            for i, month in enumerate(months):
                rows.append((org, kind, month, level + 0.05 * (i >= n // 2) + rng.normal(0, 0.01)))
    return pd.DataFrame(rows, columns=["org", "kind", "month", "perf"])


ARGS = {"value": "perf", "date": "month", "by": ["org", "kind"]}


def test_pandas_in_pandas_out_with_every_documented_column():
    points = spc(frame(), **ARGS, target=0.8)
    assert isinstance(points, pd.DataFrame)
    assert list(points.columns) == ["org", "kind", "month", "perf", *POINT_COLUMNS]
    assert points["month"].dtype == frame()["month"].dtype  # the caller's column, as given
    assert points[["org", "kind"]].drop_duplicates().shape[0] == 4


def test_polars_in_polars_out_with_the_same_results():
    pandas_points = spc(frame(), **ARGS, target=0.8)
    polars_points = spc(pl.from_pandas(frame()), **ARGS, target=0.8)
    assert isinstance(polars_points, pl.DataFrame)
    assert polars_points.columns == list(pandas_points.columns)
    back = polars_points.to_pandas()
    for column in pandas_points.columns:
        left = pandas_points[column].astype(object).where(pandas_points[column].notna(), None).tolist()
        right = back[column].astype(object).where(back[column].notna(), None).tolist()
        assert left == right, column


def test_targets_as_a_number_a_mapping_or_a_frame_agree():
    targets = {("X", "1"): 0.95, ("X", "2"): 0.5, ("Y", "1"): 0.95, ("Y", "2"): 0.5}
    table = pd.DataFrame([(*key, value) for key, value in targets.items()], columns=["org", "kind", "target"])
    by_mapping = spc_summary(frame(), **ARGS, target=targets)
    by_frame = spc_summary(frame(), **ARGS, target=pl.from_pandas(table))
    pd.testing.assert_frame_equal(by_mapping, by_frame)
    assert by_mapping["target"].tolist() == [0.95, 0.5, 0.95, 0.5]


def test_a_series_without_a_target_has_no_assurance():
    # NHSRplotthedots would say "inconsistent" (it compares NA); documented departure
    summary = spc_summary(frame(), **ARGS, target={("X", "1"): 0.95})
    assert summary["assurance"].isna().tolist() == [False, True, True, True]


def test_assurance_follows_direction():
    up = spc_summary(frame(), **ARGS, target=0.5)
    down = spc_summary(frame(), **ARGS, target=0.5, direction="decrease")
    neutral = spc_summary(frame(), **ARGS, target=0.5, direction="neutral")
    assert set(up["assurance"]) == {"consistent_pass"}
    assert set(down["assurance"]) == {"consistent_fail"}
    assert neutral["assurance"].isna().all() and (neutral["target"] == 0.5).all()


def test_rebase_list_mapping_and_frame_agree_and_start_a_group():
    everywhere = spc_analysis(frame(), **ARGS, rebase=["2022-01-01"])
    mapping = spc_analysis(
        frame(),
        **ARGS,
        rebase={key: ["2022-01-01"] for key in [("X", "1"), ("X", "2"), ("Y", "1"), ("Y", "2")]},
    )
    table = pd.DataFrame(
        {"org": ["X", "X", "Y", "Y"], "kind": ["1", "2", "1", "2"], "date": ["2022-01-01"] * 4}
    )
    by_frame = spc_analysis(frame(), **ARGS, rebase=table)
    pd.testing.assert_frame_equal(everywhere.points, mapping.points)
    pd.testing.assert_frame_equal(everywhere.points, by_frame.points)
    points = everywhere.points
    first_of_new = points[points["month"] == "2022-01-01"]
    assert (first_of_new["rebase_group"] == 1).all()
    summary = everywhere.summary
    assert summary["rebase_group"].tolist() == [0, 1] * 4
    assert summary["latest"].tolist() == [False, True] * 4
    assert summary["n"].tolist() == [12, 12] * 4


def test_rebase_on_the_first_date_numbers_the_first_group_one():
    points = spc(frame(), **ARGS, rebase=["2021-01-01"])
    assert (points["rebase_group"] == 1).all()  # as NHSRplotthedots: cumsum of rebase flags


def test_assurance_only_on_the_latest_group_of_the_summary():
    summary = spc_summary(frame(), **ARGS, rebase=["2022-01-01"], target=0.8)
    assert summary["assurance"].isna().tolist() == [True, False] * 4


def test_short_groups_are_warned_below_thirteen_points():
    points = spc(frame(12), **ARGS)
    assert points["short_group_warning"].all()
    assert not spc(frame(13), **ARGS)["short_group_warning"].any()


def test_dates_as_text_and_a_single_by_column():
    data = frame().assign(
        month=lambda d: d["month"].dt.strftime("%Y-%m-%d"), key=lambda d: d["org"] + d["kind"]
    )
    points = spc(data.drop(columns=["org", "kind"]), value="perf", date="month", by="key")
    assert points["month"].dtype == "datetime64[ns]"
    assert points["key"].unique().tolist() == ["X1", "X2", "Y1", "Y2"]


def test_no_by_is_one_series():
    data = frame().query("org == 'X' and kind == '1'").drop(columns=["org", "kind"])
    summary = spc_summary(data, value="perf", date="month", target=0.9)
    assert len(summary) == 1 and summary.columns[0] == "rebase_group"


def test_summary_counts_and_variation_match_the_points():
    result = spc_analysis(frame(), **ARGS, target=0.8)
    points, summary = result.points, result.summary
    for _, row in summary.iterrows():
        mine = points[(points["org"] == row["org"]) & (points["kind"] == row["kind"])]
        assert row["n"] == len(mine)
        assert row["special_cause_improvement"] == (mine["point_type"] == "special_cause_improvement").sum()
        assert row["common_cause"] == (~mine["special_cause_flag"]).sum()
        assert row["variation_type"] == mine["point_type"].iloc[-1]
    assert set(summary["variation_icon"]) <= {"common_cause", "improvement_high", "concern_low"}


def test_icon_states_are_data():
    states = icon_states()
    names = {(state["kind"], state["name"]) for state in states}
    assert ("variation", "improvement_high") in names and ("assurance", "inconsistent") in names
    assert all(state["colour"].startswith("#") for state in states)


@pytest.mark.parametrize("length", [6, 7])
def test_run_lengths_are_options(length):
    points = spc(frame(), **ARGS, shift_length=length, trend_length=length)
    shifts = points["special_cause_type"].astype(str)
    assert not shifts.str.contains(f"{13 - length} Points").any()


def test_dates_keep_the_callers_type_in_points_and_summary():
    data = pl.from_pandas(frame()).with_columns(pl.col("month").cast(pl.Date))
    result = spc_analysis(data, **ARGS)
    assert result.points["month"].dtype == pl.Date and result.summary["first_date"].dtype == pl.Date
    aware = frame().assign(month=lambda d: d["month"].dt.tz_localize("Europe/London"))
    result = spc_analysis(aware, **ARGS)
    assert str(result.summary["last_date"].dt.tz) == "Europe/London"
    assert result.summary["last_date"].iloc[0] == aware["month"].iloc[-1]
