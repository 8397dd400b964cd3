"""The input edge: a pandas or Polars frame in, sorted flat arrays out, every problem named.

Checks (NHSRplotthedots ``ptd_validate_spc_options`` plus what the package leaves
undefined, shared/domain/nhs-governance-rules.md sections 1.2 and 1.8): the columns exist;
values are numbers (strings that read as numbers are accepted) and finite; dates are
dates or ISO 8601 text; no (series, date) appears twice; missing values are an error
unless ``missing="drop"``. Every :class:`SPCInputError` names the column, the series and
the date at fault.

The result is sorted by series (in sorted key order, as ``dplyr::arrange``) then date.
Data that already arrives in that order is not copied through a sort.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np
import pandas as pd

from oversight.spc.errors import SPCInputError


@dataclass(frozen=True)
class SeriesInput:
    """Validated input, sorted by series then date."""

    kind: str  # "pandas" or "polars": the kind of frame to return
    by: tuple[str, ...]
    value: str
    date: str
    rows: np.ndarray | None  # input row of each sorted point; None when rows are used as given
    y: np.ndarray  # float64
    dates: np.ndarray  # datetime64[ns]
    series: np.ndarray  # int64 series code of each point, 0..n_series-1 in key order
    series_starts: np.ndarray  # int64 offset of each series' first point
    keys: pd.DataFrame  # one row per series code: its by values
    native_dates: bool  # the date column already holds dates (returned as given)

    @property
    def n_series(self) -> int:
        return len(self.series_starts)

    def series_name(self, code: int) -> str:
        """How messages name a series: ``org_code=RF4, type=1`` (empty without ``by``)."""
        if not self.by:
            return ""
        row = self.keys.iloc[int(code)]
        return ", ".join(f"{column}={row[column]}" for column in self.by)


def frame_kind(data: Any) -> str:
    """``"pandas"`` or ``"polars"``; anything else is refused."""
    if isinstance(data, pd.DataFrame):
        return "pandas"
    module = type(data).__module__
    if module.startswith("polars") and type(data).__name__ == "DataFrame":
        return "polars"
    raise SPCInputError(f"data must be a pandas or Polars DataFrame (got {type(data).__name__})")


def by_columns(by: str | Sequence[str] | None) -> tuple[str, ...]:
    """``by`` as a tuple of column names."""
    if by is None:
        return ()
    if isinstance(by, str):
        return (by,)
    names = tuple(by)
    if not all(isinstance(name, str) for name in names):
        raise SPCInputError(f"by must be a column name or a list of column names (got {by!r})")
    if len(set(names)) != len(names):
        raise SPCInputError(f"by names a column twice: {list(names)}")
    return names


def _column(data: Any, kind: str, name: str) -> pd.Series:
    """One input column as a pandas Series (Polars columns are converted at the door)."""
    columns = list(data.columns)
    if name not in columns:
        raise SPCInputError(f"column {name!r} not found; the data has columns {columns}")
    if kind == "pandas":
        return data[name].reset_index(drop=True)
    return data.get_column(name).to_pandas()


def format_date(value: np.datetime64) -> str:
    """A date as messages and tables show it: ``2018-04-01``, with the time only when it has one."""
    day = np.datetime64(value, "D")
    if np.datetime64(value, "ns") == day:
        return str(day)
    return np.datetime_as_string(value, unit="s")


def _describe_row(by_values: dict[str, pd.Series], raw_dates: pd.Series, row: int) -> str:
    """``series org_code=RF4, type=1 on 2018-04-01`` for an input row."""
    series = ", ".join(f"{name}={values.iloc[row]}" for name, values in by_values.items())
    where = f"series {series} " if series else ""
    return f"{where}on {raw_dates.iloc[row]}"


def _parse_dates(raw: pd.Series, name: str) -> tuple[pd.Series, bool]:
    """Dates as datetime64[ns] (NaT where missing) and whether they were dates already."""
    if pd.api.types.is_bool_dtype(raw) or pd.api.types.is_numeric_dtype(raw):
        raise SPCInputError(f"date column {name!r} must hold dates or ISO 8601 text (it holds {raw.dtype})")
    if isinstance(raw.dtype, pd.DatetimeTZDtype):
        return raw.dt.tz_convert("UTC").dt.tz_localize(None).astype("datetime64[ns]"), True
    if pd.api.types.is_datetime64_dtype(raw):
        return raw.astype("datetime64[ns]"), True
    try:
        parsed = pd.to_datetime(raw, format="ISO8601", errors="coerce")
    except (TypeError, ValueError, OverflowError) as exc:
        raise SPCInputError(f"date column {name!r} could not be read as dates: {exc}") from None
    if isinstance(parsed.dtype, pd.DatetimeTZDtype):
        parsed = parsed.dt.tz_convert("UTC").dt.tz_localize(None)
    return parsed.astype("datetime64[ns]"), False


def _parse_values(raw: pd.Series, name: str) -> pd.Series:
    """Values as float64 (NaN where missing); ``None`` marks text that is not a number."""
    if pd.api.types.is_bool_dtype(raw):
        raise SPCInputError(f"value column {name!r} must be numeric (it holds {raw.dtype})")
    if pd.api.types.is_numeric_dtype(raw):
        return pd.Series(raw.to_numpy(dtype=np.float64, na_value=np.nan))
    return pd.to_numeric(raw, errors="coerce").astype(np.float64)


def _series_codes(by_values: dict[str, pd.Series], raw_dates: pd.Series, n: int) -> np.ndarray:
    """Series code of every row, numbered in sorted key order (lexicographic over ``by``)."""
    codes = np.zeros(n, dtype=np.int64)
    for name, values in by_values.items():
        column_codes, uniques = pd.factorize(values, sort=True)
        missing = np.flatnonzero(column_codes < 0)
        if len(missing):
            row = int(missing[0])
            raise SPCInputError(f"by column {name!r} has a missing value (row {row}, date {raw_dates.iloc[row]})")
        codes = codes * len(uniques) + column_codes
        codes = pd.factorize(codes, sort=True)[0].astype(np.int64)
    return codes


def _sort_order(series: np.ndarray, dates: np.ndarray) -> np.ndarray | None:
    """Row order by series then date, or None when the rows are in that order already."""
    if len(series) < 2:
        return None
    step = np.diff(series)
    later = np.diff(dates.view(np.int64)) > 0
    if np.all((step > 0) | ((step == 0) & later)):
        return None
    date_rank = pd.factorize(dates.view(np.int64), sort=True)[0].astype(np.int64)
    return np.argsort(series * (int(date_rank.max()) + 1) + date_rank, kind="stable")


def read_input(
    data: Any, *, value: str, date: str, by: str | Sequence[str] | None, missing: str = "error"
) -> SeriesInput:
    """Check ``data`` and return its values, dates and series codes sorted by series then date."""
    kind = frame_kind(data)
    names = by_columns(by)
    if value == date or value in names or date in names:
        raise SPCInputError("value, date and by must name different columns")
    by_values = {name: _column(data, kind, name) for name in names}
    raw_dates = _column(data, kind, date)
    raw_values = _column(data, kind, value)
    n = len(raw_dates)
    if n == 0:
        raise SPCInputError("data has no rows")

    dates, native = _parse_dates(raw_dates, date)
    unreadable = np.flatnonzero(dates.isna().to_numpy() & raw_dates.notna().to_numpy())
    if len(unreadable):
        row = int(unreadable[0])
        raise SPCInputError(
            f"date column {date!r} has a value that is not a date (use YYYY-MM-DD): "
            f"{_describe_row(by_values, raw_dates, row)}"
        )
    values = _parse_values(raw_values, value)
    not_numbers = np.flatnonzero(values.isna().to_numpy() & raw_values.notna().to_numpy())
    if len(not_numbers):
        row = int(not_numbers[0])
        raise SPCInputError(
            f"value column {value!r} has {raw_values.iloc[row]!r}, which is not a number: "
            f"{_describe_row(by_values, raw_dates, row)}"
        )
    y = values.to_numpy()
    infinite = np.flatnonzero(np.isinf(y))
    if len(infinite):
        row = int(infinite[0])
        raise SPCInputError(
            f"value column {value!r} has an infinite value: {_describe_row(by_values, raw_dates, row)}"
        )
    date_values = dates.to_numpy(dtype="datetime64[ns]")

    gaps = np.isnan(y) | np.isnat(date_values)
    keep = None
    if gaps.any():
        row = int(np.flatnonzero(gaps)[0])
        column = value if np.isnan(y[row]) else date
        if missing != "drop":
            raise SPCInputError(
                f"column {column!r} has a missing value: {_describe_row(by_values, raw_dates, row)} "
                "(pass missing='drop' to leave such rows out)"
            )
        keep = np.flatnonzero(~gaps)
        if len(keep) == 0:
            raise SPCInputError(f"every row has a missing value in {value!r} or {date!r}")

    series = _series_codes(by_values, raw_dates, n)
    if keep is not None:
        series, y, date_values = series[keep], y[keep], date_values[keep]
        series = pd.factorize(series, sort=True)[0].astype(np.int64)
    order = _sort_order(series, date_values)
    rows = keep
    if order is not None:
        series, y, date_values = series[order], y[order], date_values[order]
        rows = order if keep is None else keep[order]

    same = np.flatnonzero((np.diff(series) == 0) & (np.diff(date_values.view(np.int64)) == 0))
    first_rows = np.flatnonzero(np.diff(series, prepend=-1))
    source_rows = first_rows if rows is None else rows[first_rows]
    keys = pd.DataFrame(
        {name: values.iloc[source_rows].to_numpy() for name, values in by_values.items()},
        index=pd.RangeIndex(len(source_rows)),
    )
    result = SeriesInput(
        kind=kind,
        by=names,
        value=value,
        date=date,
        rows=rows,
        y=np.ascontiguousarray(y, dtype=np.float64),
        dates=date_values,
        series=series,
        series_starts=first_rows.astype(np.int64),
        keys=keys,
        native_dates=native,
    )
    if len(same):
        i = int(same[0])
        where = result.series_name(series[i])
        raise SPCInputError(
            f"duplicate rows for {'series ' + where + ' ' if where else ''}on {format_date(date_values[i])}: "
            "each series may have one row per date"
        )
    return result
