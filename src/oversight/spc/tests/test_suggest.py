"""Suggested rebase dates come with their evidence and can be fed back (issue point 5)."""

from __future__ import annotations

import numpy as np
import pandas as pd
import polars as pl

from oversight.spc import spc_analysis
from oversight.spc.suggest import suggest_rebase


def stepped() -> pd.DataFrame:
    rng = np.random.default_rng(3)
    months = pd.date_range("2019-01-01", periods=36, freq="MS")
    values = np.r_[rng.normal(50, 1, 18), rng.normal(56, 1, 18)]
    flat = rng.normal(50, 1, 36)
    return pd.DataFrame(
        {"ward": ["step"] * 36 + ["flat"] * 36, "month": list(months) * 2, "score": np.r_[values, flat]}
    )


def test_a_sustained_shift_is_found_with_its_evidence():
    result = spc_analysis(stepped(), value="score", date="month", by="ward")
    found = suggest_rebase(result)
    assert found["ward"].tolist() == ["step"]
    row = found.iloc[0]
    assert row["date"] == pd.Timestamp("2020-07-01")
    assert row["side"] == "above" and row["nature"] == "improvement" and row["ongoing"]
    assert row["points_before"] == 18 and row["points_after"] == 18 and row["run_length"] == 18
    assert 5 < row["change"] < 7 and row["mean_after"] > row["upl_before"] - 1
    assert row["change_in_sigma"] > 3


def test_accepting_a_suggestion_rebases_there():
    data = stepped()
    found = suggest_rebase(spc_analysis(data, value="score", date="month", by="ward"))
    again = spc_analysis(data, value="score", date="month", by="ward", rebase=found)
    summary = again.summary
    step = summary[summary["ward"] == "step"]
    assert step["rebase_group"].tolist() == [0, 1]
    assert suggest_rebase(again).empty


def test_short_runs_and_short_groups_are_not_suggested():
    result = spc_analysis(stepped(), value="score", date="month", by="ward")
    assert suggest_rebase(result, min_points=20).empty
    assert suggest_rebase(result, min_run=19).empty


def test_polars_in_polars_out():
    result = spc_analysis(pl.from_pandas(stepped()), value="score", date="month", by="ward")
    assert isinstance(suggest_rebase(result), pl.DataFrame)
