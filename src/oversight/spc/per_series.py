"""Per-series settings: targets and rebase dates, given as one value, a mapping or a frame.

NHSRplotthedots (``R/ptd_add_target_column.R``, ``R/ptd_add_rebase_column.R``) takes a
scalar or a list named by facet, and refuses names that are not facets
(``ptd_validate_spc_options``). Here a series is named by its ``by`` value, or by a tuple
of values when ``by`` has several columns; a frame gives the ``by`` columns plus
``target`` (or ``date``). A rebase date marks the first point of a new group.
"""

from __future__ import annotations

from collections.abc import Mapping
from numbers import Real
from typing import Any

import numpy as np
import pandas as pd

from oversight.spc.errors import SPCInputError
from oversight.spc.inputs import SeriesInput, as_pandas, format_date, kind_of


def _as_pandas(frame: Any) -> pd.DataFrame | None:
    """A pandas version of a pandas or Polars frame, or None for anything else."""
    return as_pandas(frame) if kind_of(frame) else None


def _series_lookup(inp: SeriesInput) -> dict[Any, int]:
    """Series key (value, or tuple of values for several ``by`` columns) -> series code."""
    if len(inp.by) == 1:
        return {key: code for code, key in enumerate(inp.keys[inp.by[0]].tolist())}
    return {key: code for code, key in enumerate(zip(*(inp.keys[name].tolist() for name in inp.by), strict=True))}


def _codes_for(inp: SeriesInput, keys: list[Any], what: str) -> np.ndarray:
    """Series codes of the given keys; an unknown key is an error naming it."""
    lookup = _series_lookup(inp)
    codes = np.empty(len(keys), dtype=np.int64)
    for i, key in enumerate(keys):
        code = lookup.get(key)
        if code is None:
            raise SPCInputError(f"{what} names series {key!r}, which is not in the data (by {list(inp.by)})")
        codes[i] = code
    return codes


def _frame_keys(frame: pd.DataFrame, inp: SeriesInput, column: str, what: str) -> list[Any]:
    """Series keys of each row of a per-series frame (by columns + ``column``)."""
    needed = [*inp.by, column]
    absent = [name for name in needed if name not in frame.columns]
    if absent:
        raise SPCInputError(f"{what} frame needs columns {needed}; missing {absent}")
    if len(inp.by) == 1:
        return frame[inp.by[0]].tolist()
    return list(zip(*(frame[name].tolist() for name in inp.by), strict=True))


def _number(value: Any, what: str) -> float:
    if isinstance(value, bool) or not isinstance(value, Real) or not np.isfinite(float(value)):
        raise SPCInputError(f"{what} must be a finite number (got {value!r})")
    return float(value)


def target_per_series(inp: SeriesInput, target: Any) -> np.ndarray:
    """Target of each series (NaN for none) from a number, a mapping or a frame."""
    out = np.full(inp.n_series, np.nan)
    if target is None:
        return out
    if isinstance(target, Real) and not isinstance(target, bool):
        out[:] = _number(target, "target")
        return out
    frame = _as_pandas(target)
    if frame is not None:
        if not inp.by:
            if list(frame.columns) != ["target"] or len(frame) != 1:
                raise SPCInputError("without by, a target frame must have one row and one column, target")
            out[:] = _number(frame["target"].iloc[0], "target")
            return out
        keys = _frame_keys(frame, inp, "target", "target")
        values = [_number(v, f"target for {k!r}") for k, v in zip(keys, frame["target"].tolist(), strict=True)]
    elif isinstance(target, Mapping):
        if not inp.by:
            raise SPCInputError("target must be a single number when by is not set")
        keys = list(target.keys())
        values = [_number(v, f"target for {k!r}") for k, v in target.items()]
    else:
        raise SPCInputError(f"target must be a number, a mapping or a frame (got {type(target).__name__})")
    codes = _codes_for(inp, keys, "target")
    if len(np.unique(codes)) != len(codes):
        raise SPCInputError("target gives more than one target for a series")
    out[codes] = values
    return out


def _parse_rebase_dates(values: list[Any]) -> np.ndarray:
    """Rebase dates as datetime64[ns]; text must be ISO 8601."""
    try:
        parsed = pd.to_datetime(pd.Series(values, dtype=object), format="ISO8601")
    except (TypeError, ValueError) as exc:
        raise SPCInputError(f"rebase dates must be dates or ISO 8601 text: {exc}") from None
    if parsed.isna().any():
        raise SPCInputError("rebase dates must not be missing")
    if isinstance(parsed.dtype, pd.DatetimeTZDtype):
        parsed = parsed.dt.tz_convert("UTC").dt.tz_localize(None)
    return parsed.to_numpy(dtype="datetime64[ns]")


def _rebase_pairs(inp: SeriesInput, rebase: Any) -> tuple[np.ndarray, np.ndarray]:
    """(series codes, dates) of a per-series rebase mapping or frame."""
    frame = _as_pandas(rebase)
    if frame is not None:
        if not inp.by:
            if "date" not in frame.columns:
                raise SPCInputError("rebase frame needs a date column")
            return np.zeros(len(frame), dtype=np.int64), _parse_rebase_dates(frame["date"].tolist())
        keys = _frame_keys(frame, inp, "date", "rebase")
        return _codes_for(inp, keys, "rebase"), _parse_rebase_dates(frame["date"].tolist())
    if not inp.by:
        raise SPCInputError("rebase must be a list of dates when by is not set")
    keys, dates = [], []
    for key, when in rebase.items():
        listed = list(when) if isinstance(when, (list, tuple, set, np.ndarray, pd.Series)) else [when]
        keys += [key] * len(listed)
        dates += listed
    return _codes_for(inp, keys, "rebase"), _parse_rebase_dates(dates)


def rebase_flags(inp: SeriesInput, rebase: Any) -> np.ndarray:
    """True at each point that starts a new rebase group.

    A plain list applies to every series, and a series without that date is left alone
    (as the package). A mapping or frame names series and dates; each must match a point.
    """
    flags = np.zeros(len(inp.y), dtype=bool)
    if rebase is None:
        return flags
    if isinstance(rebase, (str, bytes)) or not hasattr(rebase, "__iter__"):
        raise SPCInputError("rebase must be a list of dates, a mapping of series to dates, or a frame")
    if not isinstance(rebase, Mapping) and _as_pandas(rebase) is None:
        flags[np.isin(inp.dates, _parse_rebase_dates(list(rebase)))] = True
        return flags
    codes, dates = _rebase_pairs(inp, rebase)
    if len(codes) == 0:
        return flags
    ranks = pd.factorize(np.concatenate([inp.dates, dates]).view(np.int64), sort=True)[0].astype(np.int64)
    width = int(ranks.max()) + 1
    point_keys = inp.series * width + ranks[: len(inp.y)]
    wanted = codes * width + ranks[len(inp.y) :]
    where = np.minimum(np.searchsorted(point_keys, wanted), len(point_keys) - 1)
    missing = np.flatnonzero(point_keys[where] != wanted)
    if len(missing):
        i = int(missing[0])
        name = inp.series_name(codes[i])
        raise SPCInputError(
            f"rebase date {format_date(dates[i])} is not a date of {'series ' + name if name else 'the data'}: "
            "a rebase date must be the date of the first point of the new group"
        )
    flags[where] = True
    return flags
