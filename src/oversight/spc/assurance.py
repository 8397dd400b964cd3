"""Assurance: can the process be relied on to meet its target? (``ptd_calculate_assurance_type``)

From the last row of each series, i.e. the limits of its latest rebase group
(docs/rules/spc-making-data-count.md §1.6; NHSRplotthedots 0.2.2
``R/ptd_calculate_assurance_type.R``):

* no target, or a neutral direction: no assurance;
* target above the upper limit: increase -> consistent_fail, decrease -> consistent_pass;
* else target below the lower limit: increase -> consistent_pass, decrease -> consistent_fail;
* otherwise inconsistent - including a target on a limit and NaN limits.

One deliberate difference: when targets are given per series and a series has none,
the package compares NA and reports "inconsistent"; here that series has no assurance.
"""

from __future__ import annotations

import numpy as np

#: Assurance names in code order; code -1 means none.
ASSURANCE_TYPES = ("consistent_pass", "consistent_fail", "inconsistent")
NONE, CONSISTENT_PASS, CONSISTENT_FAIL, INCONSISTENT = -1, 0, 1, 2


def assurance(target: np.ndarray, lpl: np.ndarray, upl: np.ndarray, direction_sign: int) -> np.ndarray:
    """Assurance code (int8) of each series from its target and its latest limits."""
    codes = np.full(len(target), INCONSISTENT, dtype=np.int8)
    if direction_sign == 0:
        codes[:] = NONE
        return codes
    above = target > upl
    below = ~above & (target < lpl)
    codes[above] = CONSISTENT_FAIL if direction_sign > 0 else CONSISTENT_PASS
    codes[below] = CONSISTENT_PASS if direction_sign > 0 else CONSISTENT_FAIL
    codes[np.isnan(target)] = NONE
    return codes


def assurance_names(codes: np.ndarray) -> list[str | None]:
    """Assurance names, None where there is none."""
    return [ASSURANCE_TYPES[c] if c >= 0 else None for c in codes.tolist()]
