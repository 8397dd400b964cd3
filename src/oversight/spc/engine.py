"""The SPC kernel: flat values + segment offsets in, every per-point and per-segment result out.

No frames and no Python loop per series: NumPy array operations over all segments at
once, so the same function can run per partition of a larger data set (e.g. Spark
``mapInArrow`` with whole series in each partition).

A *segment* is one (series, rebase group); ``starts`` are their offsets into ``y``, which
is sorted by series then date. Rules: docs/rules/spc-making-data-count.md §1
(NHSRplotthedots 0.2.2); each step cites its source in its own module.

Speed: the work is done in blocks of whole segments of about ``block_points`` points, so
the dozens of temporary arrays stay in the CPU cache and only the results go to main
memory. Values that are constant over a segment (mean, limits, warnings) are returned
once per segment; :meth:`SPCArrays.per_point` spreads them over the points when a frame
is built (see docs/performance.md, "SPC engine").
"""

from __future__ import annotations

import itertools
from dataclasses import dataclass

import numpy as np

from oversight.spc import labels, rules
from oversight.spc.limits import group_limits, point_position
from oversight.spc.options import SPCOptions
from oversight.spc.segments import IntArray, continues_segment, expand, segment_lengths, steps

#: Per-point results and their dtypes.
POINT_FIELDS: dict[str, type] = {
    "relative_to_mean": np.int8,
    "trend_raw": np.int8,  # +1 / -1 at the last point of a rising / falling trend
    "flags": np.uint8,  # the yes/no results, one bit each (FLAG_BITS); read with SPCArrays.flag
    "label": np.int8,  # see labels.label_texts
    "point_type": np.int8,  # see labels.POINT_TYPES
}
#: Bit of each yes/no per-point result in ``points["flags"]``. Packing them keeps the
#: kernel's output to 5 bytes a point instead of 12 (memory traffic is its main cost).
FLAG_BITS: dict[str, int] = {
    "outside_limits": 0,  # False where limits are unknown (see groups["limits_known"])
    "close_to_limits": 1,
    "trend_part": 2,
    "two_in_three_raw": 3,
    "two_in_three_part": 4,
    "two_in_three_unknown": 5,  # where R's two-in-three flags are NA
    "shift_raw": 6,
    "shift_part": 7,
}
#: Per-segment results and their dtypes.
GROUP_FIELDS: dict[str, type] = {
    "mean": np.float64,
    "amr": np.float64,
    "lpl": np.float64,
    "upl": np.float64,
    "nlpl": np.float64,
    "nupl": np.float64,
    "limits_known": np.bool_,  # False where limits are NaN (single point, constant baseline)
    "short_group_warning": np.bool_,  # fewer than options.warning_threshold points
}
#: Points per block: temporaries of a block stay in cache (measured best on 2-core EPYC).
DEFAULT_BLOCK_POINTS = 1 << 16


@dataclass(frozen=True, slots=True)
class SPCArrays:
    """Engine output: ``points[name]`` has one value per point, ``groups[name]`` one per segment."""

    starts: IntArray
    lengths: IntArray
    points: dict[str, np.ndarray]
    groups: dict[str, np.ndarray]

    def flag(self, name: str) -> np.ndarray:
        """One yes/no per-point result (a name of :data:`FLAG_BITS`) as a boolean array."""
        return (self.points["flags"] & np.uint8(1 << FLAG_BITS[name])) != 0

    def per_point(self, name: str) -> np.ndarray:
        """A per-segment result spread over every point of its segment."""
        return expand(self.groups[name], self.lengths)


def pack_flags(flags: dict[str, np.ndarray]) -> np.ndarray:
    """The boolean results as one byte a point, bit ``FLAG_BITS[name]`` each."""
    packed = np.zeros(len(next(iter(flags.values()))), dtype=np.uint8)
    bit = np.empty_like(packed)
    for name, values in flags.items():
        np.multiply(values.view(np.uint8), np.uint8(1 << FLAG_BITS[name]), out=bit)  # faster than << on bytes
        packed |= bit
    return packed


def segment_kernel(y: np.ndarray, starts: IntArray, options: SPCOptions) -> tuple[dict, dict]:
    """All results for the whole segments of ``y`` (finite float64) starting at ``starts``."""
    n = len(y)
    lengths = segment_lengths(starts, n)
    cont = continues_segment(starts, n)
    step = steps(y)
    limits = group_limits(y, step, starts, lengths, options.fix_after, options.screen_outliers)
    known = ~np.isnan(limits.amr)
    lines = {name: expand(getattr(limits, name), lengths) for name in ("mean", "lpl", "upl", "nlpl", "nupl")}
    known_points = expand(known, lengths)
    position = point_position(y, lines, known_points)

    rises, falls = rules.rises_and_falls(step, cont)
    trend = rules.trend(rises, falls, options.trend_length)
    relative_to_mean = position.above.view(np.int8) - position.below.view(np.int8)
    shift = rules.shift(relative_to_mean, cont, options.shift_length)
    two = rules.two_in_three(position.close, position.above, position.below, cont, known_points)
    label = labels.special_cause_label(
        position.outside,
        trend.part,
        rules.trend_rising(rises, trend.part, cont),
        two.part,
        shift.part,
        position.above,
    )
    flags = {
        "outside_limits": position.outside,
        "close_to_limits": position.close,
        "trend_part": trend.part,
        "two_in_three_raw": two.raw,
        "two_in_three_part": two.part,
        "two_in_three_unknown": two.unknown,
        "shift_raw": shift.raw,
        "shift_part": shift.part,
    }
    points = {
        "relative_to_mean": relative_to_mean,
        "trend_raw": trend.raw,
        "flags": pack_flags(flags),
        "label": label,
        "point_type": labels.point_type(label, options.direction_sign),
    }
    groups = {name: getattr(limits, name) for name in ("mean", "amr", "lpl", "upl", "nlpl", "nupl")}
    groups["limits_known"] = known
    groups["short_group_warning"] = lengths < options.warning_threshold
    return points, groups


def block_bounds(starts: IntArray, n: int, block_points: int) -> IntArray:
    """Segment indices cutting the data into blocks of whole segments, about ``block_points`` each."""
    cuts = np.searchsorted(starts, np.arange(0, n, block_points), side="right") - 1
    return np.unique(np.append(cuts, len(starts)))


def spc_arrays(
    y: np.ndarray, starts: IntArray, options: SPCOptions, block_points: int = DEFAULT_BLOCK_POINTS
) -> SPCArrays:
    """Run the whole Making Data Count analysis on sorted values ``y`` with segment ``starts``.

    ``y``: finite float64, sorted by series then date. ``starts``: sorted segment offsets
    beginning at 0 (a new segment at each series and at each rebase date).
    """
    y = np.ascontiguousarray(y, dtype=np.float64)
    starts = np.ascontiguousarray(starts, dtype=np.int64)
    n = len(y)
    points = {name: np.empty(n, dtype=dtype) for name, dtype in POINT_FIELDS.items()}
    groups = {name: np.empty(len(starts), dtype=dtype) for name, dtype in GROUP_FIELDS.items()}
    bounds = block_bounds(starts, n, block_points) if n else np.zeros(1, dtype=np.int64)
    for first, last in itertools.pairwise(bounds):
        lo = starts[first]
        hi = starts[last] if last < len(starts) else n
        block_points_out, block_groups = segment_kernel(y[lo:hi], starts[first:last] - lo, options)
        for name, values in block_points_out.items():
            points[name][lo:hi] = values
        for name, values in block_groups.items():
            groups[name][first:last] = values
    return SPCArrays(starts=starts, lengths=segment_lengths(starts, n), points=points, groups=groups)
