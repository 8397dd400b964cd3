"""Special-cause rules on flat arrays (NHSRplotthedots ``R/ptd_calculate_point_type.R``).

Every rule works within a segment (series x rebase group): a window may never span two
segments. Windows are built from boolean arrays by doubling (``a & shifted(a)``), so a
rule costs a handful of byte-wide passes whatever the number of series.

Rules (docs/rules/spc-making-data-count.md §1.4):

* **Trend**: at point i, the ``length - 1`` differences ending at i all > 0 (+1) or all < 0
  (-1); a tie breaks it. "Part of trend" marks the ``length`` points of each trend.
* **Shift**: ``length`` points in a row on the same side of the mean; a point exactly on
  the mean breaks it. "Part of shift" marks those points.
* **Two in three**: some window of 3 points containing i, inside the segment, has at least
  2 points close to a limit and all 3 on the same side of the mean; only the close points
  are "part of" it. Where limits are NaN, "close" is unknown, and so is the flag wherever a
  same-side window could have made it (exactly where R gives NA).
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from oversight.spc.segments import BoolArray

Int8Array = np.ndarray


def _and_lagged(a: BoolArray, b: BoolArray, lag: int) -> BoolArray:
    """``a[i] & b[i - lag]``; False for the first ``lag`` points."""
    out = np.empty_like(a)
    out[:lag] = False
    if lag < len(a):
        np.logical_and(a[lag:], b[: len(b) - lag], out=out[lag:])
    return out


def _or_ahead(a: BoolArray, b: BoolArray, lead: int) -> BoolArray:
    """``a[i] | b[i + lead]``; just ``a[i]`` for the last ``lead`` points."""
    out = a.copy()
    if lead < len(a):
        np.logical_or(a[: len(a) - lead], b[lead:], out=out[: len(a) - lead])
    return out


def window_all(x: BoolArray, width: int) -> BoolArray:
    """``all(x[i - width + 1 .. i])`` for every i (False while the window is incomplete)."""
    span, result = 1, x
    while 2 * span <= width:
        result, span = _and_lagged(result, result, span), 2 * span
    if span < width:  # two overlapping windows of ``span`` cover ``width``
        result = _and_lagged(result, result, width - span)
    return result


def window_any_ahead(x: BoolArray, width: int) -> BoolArray:
    """``any(x[i .. i + width - 1])`` for every i (the window is cut at the end of the array)."""
    span, result = 1, x
    while 2 * span <= width:
        result, span = _or_ahead(result, result, span), 2 * span
    if span < width:
        result = _or_ahead(result, result, width - span)
    return result


@dataclass(frozen=True, slots=True)
class RuleFlags:
    """Raw and "part of" flags of one rule (``unknown`` is only used by two-in-three)."""

    raw: np.ndarray
    part: BoolArray
    unknown: BoolArray | None = None


def rises_and_falls(steps: np.ndarray, cont: BoolArray) -> tuple[BoolArray, BoolArray]:
    """``y[i] > y[i-1]`` and ``y[i] < y[i-1]`` within a segment (both False at a segment start).

    ``steps[i] = y[i] - y[i-1]``; its sign is the sign of the comparison for finite values.
    """
    rises = steps > 0
    falls = steps < 0
    rises &= cont
    falls &= cont
    return rises, falls


def _same_sign_run(sign: np.ndarray, count: int, cont: BoolArray | None = None) -> BoolArray:
    """True at i when ``sign[i - count + 1 .. i]`` are all equal and not 0 (within a segment if ``cont``)."""
    same = np.empty(len(sign), dtype=bool)
    same[0] = False
    np.equal(sign[1:], sign[:-1], out=same[1:])
    if cont is not None:
        same &= cont
    return window_all(same, count - 1) & (sign != 0)


def trend(rises: BoolArray, falls: BoolArray, length: int) -> RuleFlags:
    """Trend of ``length`` points: raw +1 / -1 at the last point of each, "part of" on all of them.

    The ``length - 1`` differences ending at i have the same non-zero sign; a segment's
    first point has no difference (sign 0), so a trend never reaches into another segment.
    """
    step_sign = rises.view(np.int8) - falls.view(np.int8)
    found = _same_sign_run(step_sign, length - 1)
    return RuleFlags(raw=step_sign * found.view(np.int8), part=window_any_ahead(found, length))


def trend_rising(rises: BoolArray, part: BoolArray, cont: BoolArray) -> BoolArray:
    """Direction of a point that is part of a trend (label "Increasing" when True).

    As ``ptd_special_cause_type``: if this point and the next (same segment) are both part
    of a trend, use the next difference; otherwise the difference into this point.
    """
    rising = rises.copy()
    use_next = part[:-1] & part[1:]
    use_next &= cont[1:]
    rising[:-1] ^= use_next & (rises[:-1] ^ rises[1:])
    return rising


def shift(relative_to_mean: np.ndarray, cont: BoolArray, length: int) -> RuleFlags:
    """``length`` points in a row on one side of the mean (same non-zero sign), within a segment."""
    raw = _same_sign_run(relative_to_mean, length, cont)
    return RuleFlags(raw=raw, part=window_any_ahead(raw, length))


def two_in_three(
    close: BoolArray, above: BoolArray, below: BoolArray, cont: BoolArray, known: BoolArray
) -> RuleFlags:
    """Two of three points close to a limit, all three on the same side of the mean."""
    n = len(close)
    if n < 3:
        empty = np.zeros(n, dtype=bool)
        return RuleFlags(raw=empty, part=empty.copy(), unknown=empty.copy())
    # window k covers points k, k+1, k+2 (arrays of length n - 2)
    inside = cont[1:-1] & cont[2:]
    same_side = ((above[:-2] & above[1:-1] & above[2:]) | (below[:-2] & below[1:-1] & below[2:])) & inside
    c0, c1, c2 = close[:-2], close[1:-1], close[2:]
    qualifies = same_side & ((c0 & c1) | (c0 & c2) | (c1 & c2))
    raw = _windows_touching(qualifies, n)
    unknown = _windows_touching(same_side, n) & ~known
    return RuleFlags(raw=raw, part=raw & close, unknown=unknown)


def _windows_touching(window: BoolArray, n: int) -> BoolArray:
    """Points covered by a flagged 3-point window (window k covers k..k+2)."""
    out = np.zeros(n, dtype=bool)
    out[:-2] |= window
    out[1:-1] |= window
    out[2:] |= window
    return out
