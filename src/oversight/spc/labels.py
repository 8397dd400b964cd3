"""Special-cause labels and point types (NHSRplotthedots ``ptd_special_cause_type`` / ``ptd_point_type``).

Labels are small integer codes on the hot path; their text is attached only when a frame
is built. Precedence (``dplyr::case_when`` order; docs/rules/spc-making-data-count.md §1.4 E): outside the limits >
trend > two-in-three > shift > common cause. A point's label direction times the
improvement direction gives its point type (§1.4 F).
"""

from __future__ import annotations

import numpy as np

from oversight.spc.segments import BoolArray

(
    COMMON_CAUSE,
    ABOVE_UCL,
    BELOW_LCL,
    TREND_UP,
    TREND_DOWN,
    TWO_IN_THREE_ABOVE,
    TWO_IN_THREE_BELOW,
    SHIFT_ABOVE,
    SHIFT_BELOW,
) = range(9)

#: Point types, in code order.
POINT_TYPES = (
    "common_cause",
    "special_cause_improvement",
    "special_cause_concern",
    "special_cause_neutral_high",
    "special_cause_neutral_low",
)
COMMON, IMPROVEMENT, CONCERN, NEUTRAL_HIGH, NEUTRAL_LOW = range(5)


def label_texts(trend_length: int = 7, shift_length: int = 7) -> tuple[str, ...]:
    """Label text for each code, exactly as NHSRplotthedots writes it (lengths 7 by default)."""
    return (
        "Common Cause",
        "Above UCL",
        "Below LCL",
        f"{trend_length} Point Trend (Increasing)",
        f"{trend_length} Point Trend (Decreasing)",
        "2 in 3 Above CL",
        "2 in 3 Below CL",
        f"{shift_length} Points Above CL",
        f"{shift_length} Points Below CL",
    )


def special_cause_label(
    outside: BoolArray,
    trend_part: BoolArray,
    rising: BoolArray,
    two_in_three_part: BoolArray,
    shift_part: BoolArray,
    above: BoolArray,
) -> np.ndarray:
    """Label code of every point, first matching rule wins.

    Odd codes point up (Above / Increasing), even non-zero codes point down; within each
    rule the "down" code is the "up" code + 1, so ``code = up_code + (not up)``.
    """
    outside_only = outside
    trend_only = trend_part & ~outside
    taken = outside | trend_part
    two_only = two_in_three_part & ~taken
    shift_only = shift_part & ~(taken | two_in_three_part)
    down = (~above).view(np.int8)
    falling = (~rising).view(np.int8)
    code = outside_only.view(np.int8) * (ABOVE_UCL + down)
    code += trend_only.view(np.int8) * (TREND_UP + falling)
    code += two_only.view(np.int8) * (TWO_IN_THREE_ABOVE + down)
    code += shift_only.view(np.int8) * (SHIFT_ABOVE + down)
    return code


def point_type(label: np.ndarray, direction_sign: int) -> np.ndarray:
    """Point-type code from label code and improvement direction (+1, -1, or 0 neutral)."""
    up = label & 1
    down = (label != COMMON_CAUSE).view(np.int8) - up
    if direction_sign == 0:
        return up * NEUTRAL_HIGH + down * NEUTRAL_LOW
    if direction_sign > 0:
        return up * IMPROVEMENT + down * CONCERN
    return up * CONCERN + down * IMPROVEMENT
