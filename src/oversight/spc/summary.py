"""Per-group summary (NHSRplotthedots ``summary.ptd_spc_df``; docs/rules/spc-making-data-count.md §1.5 and 1.6).

One row per (series, rebase group): its limits, the number of points, how many are common
cause / improvement / concern (``common_cause = n - special-cause points``), the
``variation_type`` = point type of the group's last point and its icon, and - on the
series' latest group only - the assurance against the target.
"""

from __future__ import annotations

import numpy as np

from oversight.spc import labels
from oversight.spc.engine import SPCArrays
from oversight.spc.icons import variation_icon_codes
from oversight.spc.segments import segment_counts


def point_type_counts(arrays: SPCArrays) -> dict[str, np.ndarray]:
    """Per segment: common cause, improvement, concern and neutral special-cause points."""
    point_type = arrays.points["point_type"]
    special = segment_counts(arrays.points["label"] != labels.COMMON_CAUSE, arrays.starts)
    return {
        "common_cause": arrays.lengths - special,
        "special_cause_improvement": segment_counts(point_type == labels.IMPROVEMENT, arrays.starts),
        "special_cause_concern": segment_counts(point_type == labels.CONCERN, arrays.starts),
        "special_cause_neutral": segment_counts(point_type >= labels.NEUTRAL_HIGH, arrays.starts),
    }


def last_points(arrays: SPCArrays) -> np.ndarray:
    """Offset of the last point of each segment."""
    return arrays.starts + arrays.lengths - 1


def variation(arrays: SPCArrays, direction_sign: int) -> tuple[np.ndarray, np.ndarray]:
    """Point-type code and variation-icon code of each segment's last point."""
    point_type = arrays.points["point_type"][last_points(arrays)]
    return point_type, variation_icon_codes(point_type, direction_sign)
