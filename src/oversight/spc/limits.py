"""XmR process limits for every segment at once (NHSRplotthedots ``ptd_spc_standard``).

Rules (docs/rules/spc-making-data-count.md §1.3; NHSRplotthedots 0.2.2
``R/ptd_spc_standard.R``), per (series, rebase group):

* the baseline is the first ``fix_after`` points (all points when unset);
* ``mean`` = mean of the baseline values;
* moving ranges ``|y[i] - y[i-1]|`` within the baseline (none across a rebase);
* ``amr`` = their mean; with outlier screening only ranges ``< 3.267 * amr`` are kept and
  ``amr`` is recomputed (Nelson 1982; NHS England's Excel tools do not screen);
* limits ``mean +/- 2.66 amr``; near limits ``mean +/- (2 * 2.66 / 3) amr``; not clipped at 0.

0/0 gives NaN, which reproduces the package's edge cases: a single point or a constant
series (every range screened) has NaN limits; ranges that are all screened but not all
zero give ``amr = 0`` and limits equal to the mean.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from oversight.spc.segments import BoolArray, FloatArray, IntArray, expand, segment_of, segment_sums

#: 3 / d2 for n = 2 (1.128), rounded as in NHSRplotthedots.
LIMIT = 2.66
#: Edge of the "close to the limit" zone, about 2 sigma: 2 * (2.66 / 3).
LIMIT_CLOSE = 2 * (LIMIT / 3)
#: Upper range limit D4 for n = 2, used to screen outlying moving ranges.
MR_SCREEN = 3.267


@dataclass(frozen=True, slots=True)
class GroupLimits:
    """Centre line and limits, one value per segment."""

    mean: FloatArray
    amr: FloatArray
    lpl: FloatArray
    upl: FloatArray
    nlpl: FloatArray
    nupl: FloatArray


@dataclass(frozen=True, slots=True)
class PointPosition:
    """Where each point sits against its segment's lines."""

    above: BoolArray  # y > mean
    below: BoolArray  # y < mean
    outside: BoolArray  # y > upl or y < lpl (False where limits are NaN)
    close: BoolArray  # not outside and beyond a near limit (False where limits are NaN)
    known: BoolArray  # limits are numbers; where False, outside/close are unknown (NA in R)


def baseline_counts(lengths: IntArray, fix_after: int | None) -> IntArray:
    """Points used for the limits in each segment: all of them, or the first ``fix_after``."""
    return lengths if fix_after is None else np.minimum(lengths, fix_after)


def baseline_mean(
    y: FloatArray, starts: IntArray, lengths: IntArray, counts: IntArray, ends: IntArray | None
) -> FloatArray:
    """Mean of each segment's baseline, with R's second correction pass.

    R's ``mean()`` adds ``mean(x - mean)`` to a first estimate; doing the same makes the
    mean of a constant series exactly that constant, so no point is off its mean by a
    rounding error (which would invent a 7-point shift).
    """
    first = segment_sums(y, starts, ends) / counts
    deviation = y - expand(first, lengths)
    return first + segment_sums(deviation, starts, ends) / counts


def moving_ranges(steps: FloatArray, starts: IntArray) -> FloatArray:
    """``|y[i] - y[i-1]|`` inside each segment; 0 at each segment's first point (no range there).

    ``steps`` are the differences from :func:`oversight.spc.segments.steps`.
    """
    mr = np.abs(steps)
    mr[starts] = 0.0
    return mr


def mean_moving_range(
    mr: FloatArray,
    starts: IntArray,
    lengths: IntArray,
    counts: IntArray,
    ends: IntArray | None,
    screen_outliers: bool,
) -> FloatArray:
    """Mean moving range of each baseline, optionally screened (``mr < 3.267 * amr`` kept).

    ``mr`` is overwritten (screened ranges set to 0). Outliers are rare, so they are
    found once and subtracted from the counts sparsely rather than recounting every point.
    """
    n_ranges = counts - 1
    amr = _mean_or_nan(segment_sums(mr, starts, ends), n_ranges)
    if not screen_outliers:
        return amr
    screened = ~(mr < expand(MR_SCREEN * amr, lengths))
    screened[starts] = False
    where = np.flatnonzero(screened)
    segment = segment_of(where, starts)
    if ends is not None:
        inside = where < ends[segment]
        where, segment = where[inside], segment[inside]
    mr[where] = 0.0
    kept = n_ranges - np.bincount(segment, minlength=len(starts))
    return _mean_or_nan(segment_sums(mr, starts, ends), kept)


def _mean_or_nan(total: FloatArray, count: IntArray) -> FloatArray:
    """``total / count``, NaN where there is nothing to average (R's ``mean()`` of nothing)."""
    return np.divide(total, count, out=np.full(len(total), np.nan), where=count > 0)


def process_limits(mean: FloatArray, amr: FloatArray) -> GroupLimits:
    """Process and near-process limits from the mean and mean moving range (not clipped)."""
    return GroupLimits(
        mean=mean,
        amr=amr,
        lpl=mean - LIMIT * amr,
        upl=mean + LIMIT * amr,
        nlpl=mean - LIMIT_CLOSE * amr,
        nupl=mean + LIMIT_CLOSE * amr,
    )


def group_limits(
    y: FloatArray,
    steps: FloatArray,
    starts: IntArray,
    lengths: IntArray,
    fix_after: int | None,
    screen_outliers: bool,
) -> GroupLimits:
    """Limits of every segment of ``y`` (sorted by series then date; ``steps`` its differences)."""
    counts = baseline_counts(lengths, fix_after)
    ends = None if fix_after is None else starts + counts
    mean = baseline_mean(y, starts, lengths, counts, ends)
    amr = mean_moving_range(moving_ranges(steps, starts), starts, lengths, counts, ends, screen_outliers)
    return process_limits(mean, amr)


def point_position(y: FloatArray, lines: dict[str, FloatArray], known: BoolArray) -> PointPosition:
    """Each point against its own segment's lines (strict comparisons, as the package).

    ``lines`` holds the per-point ``mean``, ``lpl``, ``upl``, ``nlpl`` and ``nupl``.
    """
    outside = (y > lines["upl"]) | (y < lines["lpl"])
    close = ((y < lines["nlpl"]) | (y > lines["nupl"])) & ~outside
    return PointPosition(
        above=y > lines["mean"], below=y < lines["mean"], outside=outside, close=close, known=known
    )
