"""Making Data Count colours (NHSRplotthedots ``ptd_spc_colours``; docs/rules/spc-making-data-count.md §1.7)."""

from __future__ import annotations

COMMON_CAUSE = "#a6a6a6"  # grey
IMPROVEMENT = "#00b0f0"  # blue
NEUTRAL = "#490092"  # purple
CONCERN = "#e46c0a"  # orange
VALUE_LINE = "#a6a6a6"
MEAN_LINE = "#000000"
LIMIT_LINE = "#a6a6a6"
TARGET = "#de1b1b"
TRAJECTORY = "#490092"

#: Point colour by point type.
POINT_TYPE_COLOURS: dict[str, str] = {
    "common_cause": COMMON_CAUSE,
    "special_cause_improvement": IMPROVEMENT,
    "special_cause_concern": CONCERN,
    "special_cause_neutral_high": NEUTRAL,
    "special_cause_neutral_low": NEUTRAL,
}
