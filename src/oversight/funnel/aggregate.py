"""Check the caller's rows and sum them by group (FunnelPlotR ``aggregate_func``, rules §10.2 step 1).

Repeated groups are summed, as the package does with record-level data. With ``unique_groups`` a
repeated group is refused instead, naming both rows: a "one row per group" file that repeats a
group is a mistake, and summing would double count it. Groups come back sorted by name, the
order the package returns them in.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd
from pandas.api.types import infer_dtype

from oversight.funnel.errors import FunnelInputError


@dataclass(frozen=True, slots=True)
class Aggregated:
    """One entry per group, sorted by group name."""

    group: np.ndarray  # str labels
    numerator: np.ndarray  # float, summed
    denominator: np.ndarray  # float, summed (before any SHMI rounding)


def _row_error(problem: str, index: int, groups: np.ndarray, column: str | None) -> FunnelInputError:
    group = None if index >= len(groups) or pd.isna(groups[index]) else str(groups[index])
    where = f"row {index + 1}" + (f" (group {group!r})" if group is not None else "")
    return FunnelInputError(f"{where}: {problem}", row=index + 1, group=group, column=column)


def _numbers(values: object, name: str, groups: np.ndarray) -> np.ndarray:
    """Float values; a missing, non-numeric, infinite or negative cell is refused, naming its row."""
    raw = pd.Series(np.asarray(values) if not isinstance(values, pd.Series) else values.to_numpy())
    numbers = pd.to_numeric(raw, errors="coerce").to_numpy(dtype=float)
    bad = ~np.isfinite(numbers) | (numbers < 0)
    if not bad.any():
        return numbers
    index = int(np.flatnonzero(bad)[0])
    value = raw.iloc[index]
    shown = repr(value) if isinstance(value, str) else str(value)
    if pd.isna(value) or (isinstance(value, str) and not value.strip()):
        problem = f"{name} is missing"
    elif np.isnan(numbers[index]):
        problem = f"{name} {shown} is not a number"
    elif np.isinf(numbers[index]):
        problem = f"{name} is infinite"
    else:
        problem = f"{name} {shown} is negative (counts cannot be below 0)"
    return _raise(_row_error(problem, index, groups, name))


def _raise(error: FunnelInputError):
    raise error


def _labels(group: object) -> np.ndarray:
    """Group names as an object array of text; a missing or empty name is refused, naming its row."""
    values = group.to_numpy() if isinstance(group, pd.Series) else np.asarray(group, dtype=object)
    if values.dtype != object or not (len(values) == 0 or isinstance(values[0], str)):
        values = pd.Series(values).astype(object).where(pd.notna(values), None).to_numpy()
        values = np.array([v if v is None else str(v) for v in values], dtype=object)
    # All text (the usual case) can only be missing as "": checking that first skips pandas' slower
    # general missing-value scan of a million objects.
    all_text = infer_dtype(values, skipna=False) == "string"
    missing = (values == "") if all_text else (pd.isna(values) | (values == ""))
    if missing.any():
        index = int(np.flatnonzero(missing)[0])
        raise FunnelInputError(f"row {index + 1}: group is missing", row=index + 1, column="group")
    return values.astype(object)


def _sorted_order(labels: np.ndarray) -> np.ndarray | None:
    """None when the names are already in order (files usually are: no sort needed), else the sort order."""
    try:
        if len(labels) < 2 or bool(np.all(labels[1:] >= labels[:-1])):
            return None
    except TypeError:  # names of mixed kinds: compare them as text
        labels[:] = [str(v) for v in labels]
    return np.argsort(labels.astype(str), kind="stable")


def check_and_aggregate(numerator: object, denominator: object, group: object, *,
                        unique_groups: bool = False) -> Aggregated:
    """Validate the three columns row by row, then sum by group. Raises FunnelInputError."""
    lengths = {len(numerator), len(denominator), len(group)}  # type: ignore[arg-type]
    if len(lengths) != 1:
        raise FunnelInputError("numerator, denominator and group must have the same number of rows")
    if lengths == {0}:
        raise FunnelInputError("there are no rows to plot")
    labels = _labels(group)
    observed = _numbers(numerator, "numerator", labels)
    expected = _numbers(denominator, "denominator", labels)
    zero = np.flatnonzero(expected == 0)
    if zero.size:
        raise _row_error("denominator is 0 (a funnel needs a denominator above 0)", int(zero[0]), labels, "denominator")
    order = _sorted_order(labels)
    if order is not None:
        labels, observed, expected = labels[order], observed[order], expected[order]
    starts = np.flatnonzero(np.concatenate([[True], labels[1:] != labels[:-1]]))
    if len(starts) < len(labels):
        if unique_groups:
            _refuse_repeats(starts, labels, order)
        # Sum each run of equal names (record-level rows -> one per group, as aggregate_func).
        observed, expected = np.add.reduceat(observed, starts), np.add.reduceat(expected, starts)
    return Aggregated(group=labels[starts], numerator=observed, denominator=expected)


def _refuse_repeats(starts: np.ndarray, labels: np.ndarray, order: np.ndarray | None) -> None:
    """Name the first repeated group and the two rows (in the caller's numbering) it appears on."""
    run_lengths = np.diff(np.concatenate([starts, [len(labels)]]))
    first = int(starts[np.flatnonzero(run_lengths > 1)[0]])
    rows = sorted(int(order[i]) if order is not None else i for i in (first, first + 1))
    group = str(labels[first])
    raise FunnelInputError(
        f"group {group!r} appears on rows {rows[0] + 1} and {rows[1] + 1}: each group must have one row "
        "(or allow repeated groups to be summed)",
        row=rows[1] + 1, group=group, column="group",
    )
