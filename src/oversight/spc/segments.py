"""Flat arrays with segment offsets: the data layout of the whole engine.

Every series (and every rebase group inside it) is a contiguous *segment* of one flat
array, sorted by series then date. A segment is described by its start offset; the
lengths follow from the next start. Functions here work on all segments at once with
NumPy reductions (``np.add.reduceat``) and ``np.repeat`` - never a Python loop per
segment - so the same code can run per partition (e.g. on Spark).
"""

from __future__ import annotations

import numpy as np
import numpy.typing as npt

FloatArray = npt.NDArray[np.float64]
IntArray = npt.NDArray[np.int64]
BoolArray = npt.NDArray[np.bool_]


def segment_lengths(starts: IntArray, n: int) -> IntArray:
    """Length of each segment, given sorted start offsets into an array of ``n`` items."""
    lengths = np.empty(len(starts), dtype=np.int64)
    np.subtract(starts[1:], starts[:-1], out=lengths[:-1])
    lengths[-1:] = n - starts[-1:]
    return lengths


def continues_segment(starts: IntArray, n: int) -> BoolArray:
    """True where a point is in the same segment as the point before it (False at each start)."""
    cont = np.ones(n, dtype=bool)
    cont[starts] = False
    return cont


def steps(y: FloatArray) -> FloatArray:
    """``y[i] - y[i-1]`` (0 at i = 0); values at segment starts cross segments and must be masked."""
    out = np.empty_like(y)
    out[0] = 0.0
    np.subtract(y[1:], y[:-1], out=out[1:])
    return out


def segment_sums(
    values: npt.NDArray, starts: IntArray, ends: IntArray | None = None, dtype=None
) -> npt.NDArray:
    """Sum of ``values[starts[i]:ends[i]]`` for every segment, in one ``reduceat`` pass.

    ``ends`` (exclusive, each ``> starts[i]`` and ``<= starts[i+1]``) defaults to the next
    start, i.e. the whole segment. Interleaving start and end offsets lets one
    ``reduceat`` sum a leading part of each segment (used for ``fix_after``).
    """
    n = len(values)
    if ends is None:
        return np.add.reduceat(values, starts, dtype=dtype)
    bounds = np.empty(2 * len(starts), dtype=np.int64)
    bounds[0::2] = starts
    bounds[1::2] = ends
    if bounds[-1] >= n:  # reduceat runs the last index to the end by itself
        bounds = bounds[:-1]
    return np.add.reduceat(values, bounds, dtype=dtype)[0::2]


def segment_counts(mask: BoolArray, starts: IntArray, ends: IntArray | None = None) -> IntArray:
    """Number of True values of ``mask`` in each segment (or leading part of it)."""
    return segment_sums(mask.view(np.int8), starts, ends, dtype=np.int64)


def segment_of(positions: IntArray, starts: IntArray) -> IntArray:
    """Index of the segment holding each position (for a few positions: binary search)."""
    return np.searchsorted(starts, positions, side="right") - 1


def expand(per_segment: npt.NDArray, lengths: IntArray) -> npt.NDArray:
    """Repeat one value per segment onto every point of that segment."""
    return per_segment.repeat(lengths)
