"""Steps 2b-4 of the NOF method: segments from average scores, the deficit cap, segment 5, league table.

A year's method names its segmentation rule; each rule is a function here, registered in
``SEGMENTATION_RULES`` with a validator for its settings. 2025/26 quartiles the average score; 2026/27
uses fixed thresholds (``fixed_thresholds``), so a new year is a new method file.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any

import numpy as np
import pandas as pd

from oversight.nof.errors import MethodError
from oversight.rulefiles import RuleFile, Table


@dataclass(frozen=True)
class SegmentationRule:
    apply: Callable[[pd.Series, pd.Series, dict[str, Any]], pd.Series]
    validate: Callable[[RuleFile, Table], None]


def quartile_segments(average: pd.Series, trust_type: pd.Series, spec: dict[str, Any]) -> pd.Series:
    """Segment 1-4 = quartile of the average score (lower is better), from each trust's rank.

    segment = 1 + floor(4 (rank - 1) / n). Trusts tied at an edge share a segment: the better one when
    ``edge_ties = "better"`` (rank = lowest shared rank), the worse one when "worse".
    ``population = "all"`` quartiles every trust together; "trust_type" each type separately.
    """
    groups = (
        trust_type if spec.get("population", "all") == "trust_type" else pd.Series("all", index=average.index)
    )
    method = "min" if spec.get("edge_ties", "better") == "better" else "max"
    segments = pd.Series(np.nan, index=average.index)
    for _, members in average.groupby(groups):
        present = members.dropna()
        ranks = present.rank(method=method)
        segments[present.index] = 1 + np.floor(4 * (ranks - 1) / len(present))
    return segments


def _validate_quartiles(rules: RuleFile, spec: Table) -> None:
    rules.optional(spec, "population", str, choices=("all", "trust_type"))
    rules.optional(spec, "edge_ties", str, choices=("better", "worse"))


def threshold_segments(average: pd.Series, trust_type: pd.Series, spec: dict[str, Any]) -> pd.Series:
    """Segment = 1 + the number of ``thresholds`` the average is above (at or above if not
    ``upper_inclusive``): fixed cut points, as in 2026/27, or cut points read off a publication."""
    cuts = np.asarray(spec["thresholds"], dtype=float)
    values = average.to_numpy(dtype=float)
    side = "left" if spec.get("upper_inclusive", True) else "right"
    segments = 1 + np.searchsorted(cuts, values, side=side).astype(float)
    return pd.Series(np.where(np.isnan(values), np.nan, segments), index=average.index)


def _validate_thresholds(rules: RuleFile, spec: Table) -> None:
    cuts = spec.get("thresholds")
    if (
        not isinstance(cuts, list)
        or len(cuts) != 3
        or any(isinstance(c, bool) or not isinstance(c, int | float) for c in cuts)
        or sorted(cuts) != cuts
    ):
        raise rules.fail(
            f"expected 3 ascending numbers (the upper edges of segments 1-3), found {cuts!r}",
            table=spec,
            key="thresholds",
        )


def validate_segmentation(spec: Mapping[str, Any], source: str = "the segmentation settings") -> None:
    """Check segmentation settings given in code or options (not read from a method file)."""
    rules = RuleFile(source, {"segmentation": spec}, error=MethodError)
    table = rules.table("segmentation")
    name = rules.require(table, "rule", str, choices=tuple(SEGMENTATION_RULES))
    SEGMENTATION_RULES[name].validate(rules, table)


SEGMENTATION_RULES = {
    "quartiles": SegmentationRule(quartile_segments, _validate_quartiles),
    "fixed_thresholds": SegmentationRule(threshold_segments, _validate_thresholds),
}


def unadjusted_segments(average: pd.Series, trust_type: pd.Series, spec: dict[str, Any]) -> pd.Series:
    """Step 2: the method's segmentation rule applied to the average scores."""
    return SEGMENTATION_RULES[spec["rule"]].apply(average, trust_type, spec)


def adjusted_segments(unadjusted: pd.Series, in_deficit: pd.Series, cap: int) -> pd.Series:
    """Step 3: a trust in deficit can be no better than segment ``cap`` (3)."""
    deficit = in_deficit.reindex(unadjusted.index).fillna(False).astype(bool)
    return unadjusted.where(~deficit | (unadjusted >= cap), float(cap))


def final_segments(adjusted: pd.Series, in_rsp: pd.Series, rsp_segment: int) -> pd.Series:
    """Step 4: trusts in the Recovery Support / Provider Improvement Programme are segment 5."""
    rsp = in_rsp.reindex(adjusted.index).fillna(False).astype(bool)
    return adjusted.where(~rsp, float(rsp_segment))


def league_ranks(adjusted: pd.Series, average: pd.Series, group: pd.Series, ties: str = "min") -> pd.Series:
    """League position within each group: by adjusted segment, then average score (lower first).

    Equal (segment, average) pairs share the lowest position (``ties = "min"``), or are numbered in
    input order ("first").
    """
    key = pd.DataFrame({"segment": adjusted, "average": average, "group": group})
    ranks = pd.Series(np.nan, index=adjusted.index)
    for _, members in key.dropna().groupby("group"):
        ordered = members.sort_values(["segment", "average"], kind="stable")
        position = pd.Series(np.arange(1, len(ordered) + 1), index=ordered.index, dtype=float)
        if ties == "min":
            same = ordered[["segment", "average"]].ne(ordered[["segment", "average"]].shift()).any(axis=1)
            position = position.where(same).ffill()
        ranks[ordered.index] = position
    return ranks


# --- deriving the deficit flag when the input has none ---------------------------------------------------
# Each takes the trust x ID table of values and scores (OF0079 planned surplus/deficit %, OF0081
# year-to-date variance %, OF1080 combined finance score) and returns True/False/NA per trust.


def planned_deficit(table: pd.DataFrame) -> pd.Series:
    """In deficit = planning a deficit (OF0079 < 0)."""
    return _derived(table, ("OF0079",), lambda t: t["OF0079"] < 0)


def combined_finance_above_1(table: pd.DataFrame) -> pd.Series:
    """In deficit = combined finance score (OF1080) worse than 1."""
    return _derived(table, ("OF1080",), lambda t: t["OF1080"] > 1)


def planned_deficit_or_breakeven_off_plan(table: pd.DataFrame) -> pd.Series:
    """In deficit = planning a deficit, or planning breakeven and 0.5% or more behind plan year to date."""
    return _derived(
        table,
        ("OF0079", "OF0081"),
        lambda t: (t["OF0079"] < 0) | ((t["OF0079"] == 0) & (t["OF0081"] <= -0.5)),
    )


def _derived(
    table: pd.DataFrame, ids: tuple[str, ...], flag: Callable[[pd.DataFrame], pd.Series]
) -> pd.Series:
    """``flag`` where every ID in ``ids`` has a value, NA elsewhere."""
    if any(i not in table for i in ids):
        return pd.Series(pd.NA, index=table.index, dtype="boolean")
    known = table[list(ids)].notna().all(axis=1)
    return flag(table).astype("boolean").where(known, pd.NA)


DEFICIT_RULES: dict[str, Callable[[pd.DataFrame], pd.Series]] = {
    "planned_deficit": planned_deficit,
    "combined_finance_above_1": combined_finance_above_1,
    "planned_deficit_or_breakeven_off_plan": planned_deficit_or_breakeven_off_plan,
}
