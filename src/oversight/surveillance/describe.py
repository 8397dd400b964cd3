"""Words for SPC results: the text alternative of a chart, icon labels, signal descriptions.

A chart's text alternative states its signal the way a board paper would, e.g. "Special cause concern:
the latest point (June 2025, 71.2%) is below the lower process limit; 3 points below the lower limit in
the 13 months shown. Assurance: consistently failing the 78.0% target."
"""

from __future__ import annotations

from datetime import date

import pandas as pd

from oversight.warehouse import Metric

from .series import RULES, format_value

VARIATION_TEXT = {
    "common_cause": "Common cause variation",
    "improvement_high": "Special cause improvement (high)",
    "improvement_low": "Special cause improvement (low)",
    "concern_high": "Special cause concern (high)",
    "concern_low": "Special cause concern (low)",
    "neutral_high": "Special cause variation, neither improvement nor concern (high)",
    "neutral_low": "Special cause variation, neither improvement nor concern (low)",
}
VARIATION_SHORT = {
    "common_cause": "Common cause",
    "improvement_high": "Improvement (high)",
    "improvement_low": "Improvement (low)",
    "concern_high": "Concern (high)",
    "concern_low": "Concern (low)",
    "neutral_high": "Neutral (high)",
    "neutral_low": "Neutral (low)",
}
ASSURANCE_SHORT = {"pass": "Passes target", "fail": "Fails target", "inconsistent": "Hit and miss", "": "No target"}
ASSURANCE_TEXT = {
    "consistent_pass": "consistently passing",
    "consistent_fail": "consistently failing",
    "inconsistent": "sometimes passing and sometimes failing",
}
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
NATURE = {
    "special_cause_improvement": "improvement",
    "special_cause_concern": "concern",
    "special_cause_neutral_high": "neutral",
    "special_cause_neutral_low": "neutral",
    "common_cause": "common cause",
}


def month(value) -> str:
    when = value.date() if hasattr(value, "date") and not isinstance(value, date) else value
    return f"{when:%B %Y}"


def rules_text(codes: str) -> str:
    names = [RULES[c] for c in codes.split(",") if c in RULES]
    return "; ".join(names)


def point_text(when, value, special_cause_type: str, point_type: str, metric: Metric | None) -> str:
    """'June 2025, 71.2%: below the lower process limit (special cause concern)'."""
    nature = NATURE.get(str(point_type), "")
    where = RULE_TEXT.get(str(special_cause_type), "common cause")
    shown = format_value(metric, value) if metric is not None else f"{value:.4g}"
    return f"{month(when)}, {shown}: {where.replace('is ', '', 1)} (special cause {nature})"


def describe_series(points: pd.DataFrame, metric: Metric | None, target: float | None,
                    value_column: str = "value", date_column: str = "Month", unit_words: str = "points") -> str:  # fmt: skip
    """The text alternative of one series' chart."""
    if points.empty:
        return "No data."
    last = points.iloc[-1]
    n = len(points)
    value = format_value(metric, last[value_column]) if metric is not None else f"{last[value_column]:.4g}"
    when = month(last[date_column])
    point_type = str(last["point_type"])
    label = str(last["special_cause_type"])
    if point_type == "common_cause":
        first = f"Common cause variation: the latest point ({when}, {value}) shows no special cause."
    else:
        first = (
            f"Special cause {NATURE.get(point_type, 'variation')}: the latest point ({when}, {value}) "
            f"{RULE_TEXT.get(label, 'is special cause')}."
        )
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
    assurance = last["assurance"]
    if target is None or pd.isna(target):
        third = " Assurance: no target."
    elif pd.isna(assurance):
        third = " Assurance: not assessed (no improvement direction)."
    else:
        shown = format_value(metric, target) if metric is not None else f"{target:.4g}"
        third = f" Assurance: {ASSURANCE_TEXT.get(str(assurance), str(assurance))} the {shown} target."
    return first + counts + third
