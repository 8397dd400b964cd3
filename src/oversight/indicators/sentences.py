"""The sentences that state a series' signal: a chart's text alternative, a point's description.

A chart's text alternative states its signal the way a board paper would, e.g. "Special cause concern:
the latest point (June 2025, 71.2%) is below the lower process limit; 3 points below the lower limit in
the 13 months shown. Assurance: consistently falling short of the 78.0% target." A series with fewer
points than its metric's minimum says so instead of stating a signal.
"""

from __future__ import annotations

import pandas as pd

from .analysis import RULES, has_enough_points
from .formatting import format_value, month
from .metric import Metric
from .vocabulary import ASSURANCE_PHRASE, POINT_TYPE_FAMILY, VARIATION_FAMILIES, too_few_points

#: NHSRplotthedots' rule labels, as the clause of a sentence.
RULE_TEXT = {
    "Above UCL": "is above the upper process limit",
    "Below LCL": "is below the lower process limit",
    "7 Point Trend (Increasing)": "ends a run of 7 rising points",
    "7 Point Trend (Decreasing)": "ends a run of 7 falling points",
    "2 in 3 Above CL": "is one of 2 in 3 points close to the upper limit",
    "2 in 3 Below CL": "is one of 2 in 3 points close to the lower limit",
    "7 Points Above CL": "is one of 7 or more points in a row above the mean",
    "7 Points Below CL": "is one of 7 or more points in a row below the mean",
}


def rules_text(codes: str) -> str:
    """'outside_limits,shift' -> 'outside the process limits; 7 points in a row on one side of the mean'."""
    return "; ".join(RULES[c] for c in codes.split(",") if c in RULES)


def _shown(metric: Metric | None, value) -> str:
    return format_value(metric, value) if metric is not None else f"{value:.4g}"


def family_label(point_type: str) -> str:
    """The variation family's wording for a point type ("Special cause of a concerning nature")."""
    return VARIATION_FAMILIES[POINT_TYPE_FAMILY.get(str(point_type), "common_cause")]


def point_text(when, value, special_cause_type: str, point_type: str, metric: Metric | None) -> str:
    """'June 2025, 71.2%: below the lower process limit (special cause of a concerning nature)'."""
    where = RULE_TEXT.get(str(special_cause_type), "common cause")
    return f"{month(when)}, {_shown(metric, value)}: {where.replace('is ', '', 1)} ({family_label(point_type).lower()})"


def signal_text(metric: Metric, provider_name: str, when, value, point_type: str, rules: str) -> str:
    """A new signal as a line of the "new this month" list and an action's reason."""
    shown = format_value(metric, value)
    return f"{metric.label} at {provider_name}, {month(when)}: {shown}, {family_label(point_type).lower()} ({rules})"


def describe_series(points: pd.DataFrame, metric: Metric | None, target: float | None,
                    value_column: str = "value", date_column: str = "Month", unit_words: str = "points") -> str:  # fmt: skip
    """The text alternative of one series' chart."""
    if points.empty:
        return "No data."
    last = points.iloc[-1]
    n = len(points)
    latest = f"({month(last[date_column])}, {_shown(metric, last[value_column])})"
    if metric is not None and not has_enough_points(metric, n):
        return f"{too_few_points(metric.minimum_points)}: the latest point {latest}; {n} {unit_words} shown."
    return _variation(last, latest) + _counts(points, last, n, unit_words) + _assurance(last, metric, target)


def _variation(last: pd.Series, latest: str) -> str:
    point_type = str(last["point_type"])
    if point_type == "common_cause":
        return f"Common cause variation: the latest point {latest} shows no special cause."
    rule = RULE_TEXT.get(str(last["special_cause_type"]), "is special cause")
    return f"{family_label(point_type)}: the latest point {latest} {rule}."


def _counts(points: pd.DataFrame, last: pd.Series, n: int, unit_words: str) -> str:
    outside = points["outside_limits"].fillna(False).astype(bool)
    above = int((outside & (points["relative_to_mean"] > 0)).sum())
    below = int((outside & (points["relative_to_mean"] < 0)).sum())
    parts = []
    if above:
        parts.append(f"{above} point{'s' if above != 1 else ''} above the upper limit")
    if below:
        parts.append(f"{below} point{'s' if below != 1 else ''} below the lower limit")
    counts = f" {' and '.join(parts).capitalize()} in the {n} {unit_words} shown." if parts else f" {n} {unit_words} shown."
    if pd.isna(last["lpl"]) or pd.isna(last["upl"]):
        counts += " Too few points to calculate process limits."
    elif bool(last["short_group_warning"]):
        counts += " Fewer than 13 points: the limits are provisional."
    return counts


def _assurance(last: pd.Series, metric: Metric | None, target: float | None) -> str:
    assurance = last["assurance"]
    if target is None or pd.isna(target):
        return " Assurance: no target."
    if pd.isna(assurance):
        return " Assurance: not assessed (no improvement direction)."
    phrase = ASSURANCE_PHRASE.get(str(assurance), str(assurance))
    return f" Assurance: {phrase} the {_shown(metric, target)} target."
