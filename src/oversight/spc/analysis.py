"""The public entry points: :func:`spc`, :func:`spc_summary` and :func:`spc_analysis`.

A frame goes in (pandas or Polars) and the same kind comes out. The steps: validate the
options once (:mod:`options`), read and sort the input (:mod:`inputs`), place targets and
rebase dates (:mod:`per_series`), run the kernel on flat arrays (:mod:`engine`), decide
assurance (:mod:`assurance`) and build frames (:mod:`frames`, :mod:`summary`).
"""

from __future__ import annotations

import inspect
from collections.abc import Sequence
from dataclasses import dataclass
from functools import cached_property
from typing import Any

import numpy as np

from oversight.spc import frames, labels
from oversight.spc.assurance import ASSURANCE_TYPES, assurance
from oversight.spc.engine import SPCArrays, spc_arrays
from oversight.spc.errors import SPCInputError
from oversight.spc.frames import Coded, Nullable
from oversight.spc.icons import ASSURANCE_ICONS, VARIATION_ICONS
from oversight.spc.inputs import SeriesInput, read_input
from oversight.spc.options import SPCOptions, spc_options
from oversight.spc.per_series import rebase_flags, target_per_series
from oversight.spc.segments import expand, segment_lengths
from oversight.spc.summary import point_type_counts, variation

#: Output columns the engine adds; input columns may not use these names.
POINT_COLUMNS = (
    "rebase_group", "mean", "lpl", "upl", "nlpl", "nupl", "outside_limits", "relative_to_mean",
    "close_to_limits", "rule_trend_raw", "rule_part_of_trend", "rule_two_in_three_raw",
    "rule_part_of_two_in_three", "rule_shift_raw", "rule_part_of_shift", "special_cause_type",
    "special_cause_flag", "point_type", "short_group_warning", "target", "assurance",
)  # fmt: skip


@dataclass(frozen=True)
class Segments:
    """Where each (series, rebase group) starts, and which rebase group it is."""

    starts: np.ndarray
    rebase_group: np.ndarray  # per segment, counting from 0 within its series
    latest: np.ndarray  # per segment: is it its series' last group?
    last_of_series: np.ndarray  # per series: index of its last segment


def segments_of(inp: SeriesInput, rebase: Any) -> Segments:
    """Cut each series at its rebase dates (a rebase date is the first point of its group)."""
    flags = rebase_flags(inp, rebase)
    boundary = flags.copy()
    boundary[inp.series_starts] = True
    starts = np.flatnonzero(boundary).astype(np.int64)
    seen = np.cumsum(flags, dtype=np.int64)
    before_series = seen[inp.series_starts] - flags[inp.series_starts]
    rebase_group = seen[starts] - before_series[inp.series[starts]]
    first_of_series = np.searchsorted(starts, inp.series_starts)
    last_of_series = np.append(first_of_series[1:], len(starts)) - 1
    latest = np.zeros(len(starts), dtype=bool)
    latest[last_of_series] = True
    return Segments(starts, rebase_group, latest, last_of_series)


class SPCResult:
    """Everything :func:`spc_analysis` found; frames are built when first asked for."""

    def __init__(self, data: Any, inp: SeriesInput, segments: Segments, arrays: SPCArrays,
                 target: np.ndarray, options: SPCOptions) -> None:  # fmt: skip
        self._data = data
        self.input = inp
        self.segments = segments
        self.arrays = arrays
        self.target = target  # per series, NaN for none
        self.options = options
        limits = arrays.groups
        last = segments.last_of_series
        self.assurance = assurance(target, limits["lpl"][last], limits["upl"][last], options.direction_sign)

    @property
    def by(self) -> tuple[str, ...]:
        return self.input.by

    @property
    def value(self) -> str:
        return self.input.value

    @property
    def date(self) -> str:
        return self.input.date

    @cached_property
    def points(self) -> Any:
        """One row per point: the caller's by, date and value columns, then every result."""
        inp, arrays = self.input, self.arrays
        series_lengths = segment_lengths(inp.series_starts, len(inp.y))
        unknown = ~arrays.per_point("limits_known")
        two_unknown = arrays.flag("two_in_three_unknown")
        p, flag = arrays.points, arrays.flag
        columns: dict[str, frames.Column] = {
            inp.value: inp.y,
            "rebase_group": expand(self.segments.rebase_group.astype(np.int32), arrays.lengths),
            **{name: arrays.per_point(name) for name in ("mean", "lpl", "upl", "nlpl", "nupl")},
            "outside_limits": Nullable(flag("outside_limits"), unknown),
            "relative_to_mean": p["relative_to_mean"],
            "close_to_limits": Nullable(flag("close_to_limits"), unknown),
            "rule_trend_raw": p["trend_raw"],
            "rule_part_of_trend": flag("trend_part"),
            "rule_two_in_three_raw": Nullable(flag("two_in_three_raw"), two_unknown),
            "rule_part_of_two_in_three": Nullable(flag("two_in_three_part"), two_unknown),
            "rule_shift_raw": flag("shift_raw"),
            "rule_part_of_shift": flag("shift_part"),
            "special_cause_type": Coded(p["label"], self.label_texts),
            "special_cause_flag": p["label"] != labels.COMMON_CAUSE,
            "point_type": Coded(p["point_type"], labels.POINT_TYPES),
            "short_group_warning": arrays.per_point("short_group_warning"),
            "target": expand(self.target, series_lengths),
            "assurance": Coded(expand(self.assurance, series_lengths), ASSURANCE_TYPES),
        }
        return frames.to_frame(inp.kind, frames.key_columns(inp, self._data), columns)

    @cached_property
    def summary(self) -> Any:
        """One row per (series, rebase group): limits, counts, variation and assurance."""
        inp, arrays, segments = self.input, self.arrays, self.segments
        series = inp.series[arrays.starts]
        point_type, icon = variation(arrays, self.options.direction_sign)
        series_assurance = np.where(segments.latest, self.assurance[series], -1).astype(np.int8)
        icon_names = tuple(ASSURANCE_ICONS[name] for name in ASSURANCE_TYPES)
        columns: dict[str, frames.Column] = {
            "rebase_group": segments.rebase_group,
            "first_date": frames.caller_dates(inp, inp.dates[arrays.starts]),
            "last_date": frames.caller_dates(inp, inp.dates[arrays.starts + arrays.lengths - 1]),
            "n": arrays.lengths,
            "mean": arrays.groups["mean"],
            "lpl": arrays.groups["lpl"],
            "upl": arrays.groups["upl"],
            **point_type_counts(arrays),
            "variation_type": Coded(point_type, labels.POINT_TYPES),
            "variation_icon": Coded(icon, VARIATION_ICONS),
            "target": self.target[series],
            "assurance": Coded(series_assurance, ASSURANCE_TYPES),
            "assurance_icon": Coded(series_assurance, icon_names),
            "latest": segments.latest,
        }
        return frames.to_frame(inp.kind, frames.series_keys(inp, series), columns)

    @property
    def label_texts(self) -> tuple[str, ...]:
        return labels.label_texts(self.options.trend_length, self.options.shift_length)


def spc_analysis(
    data: Any,
    *,
    value: str,
    date: str,
    by: str | Sequence[str] | None = None,
    direction: str = "increase",
    target: Any = None,
    rebase: Any = None,
    fix_after: int | None = None,
    screen_outliers: bool = True,
    missing: str = "error",
    trend_length: int = 7,
    shift_length: int = 7,
    warning_threshold: int = 13,
) -> SPCResult:
    """Run the Making Data Count SPC analysis and keep every result (see :func:`spc`)."""
    options = spc_options(
        direction=direction,
        fix_after=fix_after,
        screen_outliers=screen_outliers,
        trend_length=trend_length,
        shift_length=shift_length,
        warning_threshold=warning_threshold,
        missing=missing,
    )
    inp = read_input(data, value=value, date=date, by=by, missing=options.missing)
    _refuse_clashing_names(inp)
    series_target = target_per_series(inp, target)
    segments = segments_of(inp, rebase)
    arrays = spc_arrays(inp.y, segments.starts, options)
    return SPCResult(data, inp, segments, arrays, series_target, options)


def _refuse_clashing_names(inp: SeriesInput) -> None:
    clash = [name for name in (*inp.by, inp.date, inp.value) if name in POINT_COLUMNS]
    if clash:
        raise SPCInputError(f"input column {clash[0]!r} has the name of an output column; rename it first")


def _arguments_of_spc_analysis(function):
    """Give ``function(data, **kwargs)`` the signature of :func:`spc_analysis` (for help and IDEs)."""
    function.__signature__ = inspect.signature(spc_analysis).replace(return_annotation=Any)
    return function


@_arguments_of_spc_analysis
def spc(data: Any, **kwargs: Any) -> Any:
    """Making Data Count SPC, one output row per input point (same frame kind as ``data``).

    ``spc(data, *, value, date, by=None, direction="increase", target=None, rebase=None,
    fix_after=None, screen_outliers=True, missing="error", trend_length=7, shift_length=7,
    warning_threshold=13)``

    * ``value``, ``date``: column names; ``by``: a column name or list of names (one series each).
    * ``direction``: ``"increase"``, ``"decrease"`` or ``"neutral"`` (which way is improvement).
    * ``target``: a number, a mapping from series key to number, or a frame (by columns + ``target``).
    * ``rebase``: a list of dates (every series), or a mapping / frame (by columns + ``date``)
      per series; a rebase date is the first point of the new group.
    * ``fix_after``: limits from the first n (>= 12) points of each group.
    * ``screen_outliers``: drop moving ranges >= 3.267 x their mean (NHSRplotthedots; NHS
      England's Excel tools do not screen: pass False to match them).
    * ``missing``: ``"error"`` (default) or ``"drop"`` rows with no value or date.
    * ``trend_length``, ``shift_length``: 7 (MDC and the package) or 6.

    Raises :class:`oversight.spc.SPCInputError` naming the column, series and date at fault.
    """
    return spc_analysis(data, **kwargs).points


@_arguments_of_spc_analysis
def spc_summary(data: Any, **kwargs: Any) -> Any:
    """One row per (series, rebase group): limits, counts, variation and assurance (see :func:`spc`)."""
    return spc_analysis(data, **kwargs).summary
