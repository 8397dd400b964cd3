"""Outlier flags (FunnelPlotR ``outliers_func``, rules §10.2 step 10).

A group is an outlier when rr x multiplier lies outside [lower, upper]; a point exactly on a
limit is inside. The limits are the overdispersed ones when they are drawn (after the phi <= 1
gate), otherwise the unadjusted ones, at the chosen ``limit``. With both kinds of limits
switched off nothing is flagged.
"""

from __future__ import annotations

import numpy as np


def limit_columns(limit: int, adjusted: bool) -> tuple[str, str]:
    """The lower and upper columns that decide the flag."""
    level = "95" if limit == 95 else "998"
    return (f"od{level}lcl", f"od{level}ucl") if adjusted else (f"lcl{level}", f"ucl{level}")


def flag(value: np.ndarray, lower: np.ndarray, upper: np.ndarray) -> np.ndarray:
    """1 outside the limits, 0 inside or on them."""
    return np.where((value <= upper) & (value >= lower), 0, 1)


def direction(value: np.ndarray, lower: np.ndarray, upper: np.ndarray, flags: np.ndarray) -> np.ndarray:
    """'high' above the upper limit, 'low' below the lower one, '' for groups inside."""
    sides = np.full(len(value), "", dtype=object)
    sides[(flags == 1) & (value > upper)] = "high"
    sides[(flags == 1) & (value <= upper)] = "low"
    return sides
