"""Suggest rebase dates: sustained shifts, with the evidence, for a person to accept or reject.

Not in NHSRplotthedots (rebasing there is only ever by hand) and off unless called. MDC
guidance is to recalculate limits only when the process has changed for a known reason
and enough points have been seen since; this module finds the candidates, it does not
decide. A candidate is a run of at least ``min_run`` points in a row on one side of the
current mean (default: the shift length, 7) within a (series, rebase group), leaving at
least ``min_points`` points (default 12, the package's smallest ``fix_after``) both before
the run and from its first point to the end of the group. The proposed rebase date is the
run's first date (a rebase date is the first point of the new group). Evidence: the run
(dates, length, side), the mean and limits before and after recomputed with the same
options, the change in mean, its nature (improvement / concern / neutral), and whether the
run is still going at the latest point, and the change in units of the old sigma
(amr / 1.128) to help rank them.

The result has the ``by`` columns and ``date``, so the rows a person accepts can be passed
straight back as ``spc(..., rebase=accepted)`` (together with any rebase dates already used).
"""

from __future__ import annotations

from typing import Any

import numpy as np

from oversight.spc import frames
from oversight.spc.analysis import SPCResult
from oversight.spc.limits import group_limits, process_limits
from oversight.spc.options import MIN_FIX_AFTER
from oversight.spc.segments import continues_segment, segment_lengths, steps


def _runs(relative_to_mean: np.ndarray, cont: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Start offsets and lengths of every maximal run of equal, non-zero side within a segment."""
    side = relative_to_mean
    new_run = ~cont
    new_run[1:] |= side[1:] != side[:-1]
    starts = np.flatnonzero(new_run)
    lengths = segment_lengths(starts, len(side))
    keep = side[starts] != 0
    return starts[keep], lengths[keep]


def _concat_ranges(begin: np.ndarray, end: np.ndarray) -> np.ndarray:
    """Indices ``begin[0]..end[0]-1, begin[1]..end[1]-1, ...`` without a Python loop."""
    sizes = end - begin
    offsets = np.repeat(begin - np.concatenate([[0], np.cumsum(sizes)[:-1]]), sizes)
    return np.arange(sizes.sum()) + offsets


def _limits_of_ranges(result: SPCResult, begin: np.ndarray, end: np.ndarray):
    """Mean and limits of ``y[begin:end]`` for each range, with the analysis' options."""
    if len(begin) == 0:
        return process_limits(np.empty(0), np.empty(0))
    values = result.input.y[_concat_ranges(begin, end)]
    starts = np.concatenate([[0], np.cumsum(end - begin)[:-1]]).astype(np.int64)
    lengths = segment_lengths(starts, len(values))
    options = result.options
    return group_limits(values, steps(values), starts, lengths, options.fix_after, options.screen_outliers)


def _in_sigma(change: np.ndarray, amr: np.ndarray) -> np.ndarray:
    """The change in units of the old process' sigma (amr / 1.128); NaN where sigma is 0 or unknown."""
    sigma = amr / 1.128
    out = np.full(len(change), np.nan)
    np.divide(change, sigma, out=out, where=sigma > 0)
    return out


def suggest_rebase(result: SPCResult, *, min_run: int | None = None, min_points: int = MIN_FIX_AFTER) -> Any:
    """Candidate rebase dates with their evidence, one row per sustained shift (frame of the input's kind)."""
    arrays, inp, options = result.arrays, result.input, result.options
    min_run = options.shift_length if min_run is None else min_run
    segment_of_point = np.repeat(np.arange(len(arrays.starts)), arrays.lengths)
    run_start, run_length = _runs(
        arrays.points["relative_to_mean"], continues_segment(arrays.starts, len(inp.y))
    )
    segment = segment_of_point[run_start]
    group_start = arrays.starts[segment]
    group_end = group_start + arrays.lengths[segment]
    keep = (
        (run_length >= min_run)
        & (run_start - group_start >= min_points)
        & (group_end - run_start >= min_points)
    )
    run_start, run_length, segment = run_start[keep], run_length[keep], segment[keep]
    group_start, group_end = group_start[keep], group_end[keep]

    before = _limits_of_ranges(result, group_start, run_start)
    after = _limits_of_ranges(result, run_start, group_end)
    side = arrays.points["relative_to_mean"][run_start]
    nature = side * options.direction_sign  # +1 improvement, -1 concern, 0 neutral
    columns: dict[str, frames.Column] = {
        "date": frames.caller_dates(inp, inp.dates[run_start]),
        "rebase_group": result.segments.rebase_group[segment],
        "run_last_date": frames.caller_dates(inp, inp.dates[run_start + run_length - 1]),
        "run_length": run_length,
        "side": frames.Coded((side < 0).astype(np.int8), ("above", "below")),
        "nature": frames.Coded((1 - nature).astype(np.int8), ("improvement", "neutral", "concern")),
        "ongoing": run_start + run_length == group_end,
        "points_before": run_start - group_start,
        "points_after": group_end - run_start,
        "mean_before": before.mean,
        "lpl_before": before.lpl,
        "upl_before": before.upl,
        "mean_after": after.mean,
        "lpl_after": after.lpl,
        "upl_after": after.upl,
        "change": after.mean - before.mean,
        "change_in_sigma": _in_sigma(after.mean - before.mean, before.amr),
    }
    return frames.to_frame(inp.kind, frames.series_keys(inp, inp.series[run_start]), columns)
