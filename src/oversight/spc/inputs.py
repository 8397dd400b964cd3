"""The input edge: a pandas or Polars frame in, sorted flat arrays out, every problem named.

Checks (NHSRplotthedots ``ptd_validate_spc_options`` plus what the package leaves
undefined, docs/rules/spc-making-data-count.md §1.2 and 1.8): the columns exist;
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
    date_dtype: Any = None  # the caller's date dtype (pandas or Polars) when native_dates

    @property
    def n_series(self) -> int:
        return len(self.series_starts)

    def series_name(self, code: int) -> str:
        """How messages name a series: ``org_code=RF4, type=1`` (empty without ``by``)."""
        if not self.by:
            return ""
        row = self.keys.iloc[int(code)]
        return ", ".join(f"{column}={row[column]}" for column in self.by)


def kind_of(data: Any) -> str | None:
    """``"pandas"`` or ``"polars"`` for a DataFrame of either library, else None (Polars is not imported)."""
    if isinstance(data, pd.DataFrame):
        return "pandas"
    if type(data).__module__.startswith("polars") and type(data).__name__ == "DataFrame":
        return "polars"
    return None


def as_pandas(frame: Any) -> pd.DataFrame:
    """A pandas or Polars frame as pandas (a Polars frame is converted)."""
    return frame if kind_of(frame) == "pandas" else frame.to_pandas()


def frame_kind(data: Any) -> str:
    """``"pandas"`` or ``"polars"``; anything else is refused."""
    kind = kind_of(data)
    if kind is None:
        raise SPCInputError(f"data must be a pandas or Polars DataFrame (got {type(data).__name__})")
    return kind


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
        return data[name]
    column = data.get_column(name)
    plain = column.dtype.is_numeric() or column.dtype.is_temporal() or column.dtype.to_python() is bool
    return column.to_pandas(use_pyarrow_extension_array=not plain)  # text stays in Arrow, not Python str


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
    raw = raw_dates.iloc[row]
    if isinstance(raw, (pd.Timestamp, np.datetime64)) and not pd.isna(raw):
        raw = format_date(np.datetime64(pd.Timestamp(raw).tz_localize(None), "ns"))
    return f"{where}on {raw}"


def _as_nanoseconds(dates: pd.Series) -> np.ndarray:
    """datetime64[ns] values of a datetime Series (UTC instants for time-zone-aware ones)."""
    if isinstance(dates.dtype, pd.DatetimeTZDtype):
        dates = dates.dt.tz_convert("UTC").dt.tz_localize(None)
    values = dates.to_numpy()
    return values if values.dtype == "datetime64[ns]" else values.astype("datetime64[ns]")


def _parse_dates(raw: pd.Series, name: str, where) -> tuple[np.ndarray, bool]:
    """Dates as datetime64[ns] (NaT where missing), and whether they were dates already.

    Text must be ISO 8601 (``2018-04-01``); ``where(row)`` names a row in messages.
    """
    if pd.api.types.is_bool_dtype(raw) or pd.api.types.is_numeric_dtype(raw):
        raise SPCInputError(f"date column {name!r} must hold dates or ISO 8601 text (it holds {raw.dtype})")
    if pd.api.types.is_datetime64_any_dtype(raw):
        return _as_nanoseconds(raw), True
    try:
        parsed = pd.to_datetime(raw, format="ISO8601", errors="coerce")
    except (TypeError, ValueError, OverflowError) as exc:
        raise SPCInputError(f"date column {name!r} could not be read as dates: {exc}") from None
    unreadable = np.flatnonzero(parsed.isna().to_numpy() & raw.notna().to_numpy())
    if len(unreadable):
        raise SPCInputError(
            f"date column {name!r} has a value that is not a date (use YYYY-MM-DD): {where(int(unreadable[0]))}"
        )
    return _as_nanoseconds(parsed), False


def _parse_values(raw: pd.Series, name: str, where) -> np.ndarray:
    """Values as finite float64, NaN where missing; text that is not a number is an error."""
    if pd.api.types.is_bool_dtype(raw):
        raise SPCInputError(f"value column {name!r} must be numeric (it holds {raw.dtype})")
    if raw.dtype == np.float64:
        values = raw.to_numpy()
    elif pd.api.types.is_numeric_dtype(raw):
        values = raw.to_numpy(dtype=np.float64, na_value=np.nan)
    else:
        values = pd.to_numeric(raw, errors="coerce").to_numpy(dtype=np.float64, na_value=np.nan)
        not_numbers = np.flatnonzero(np.isnan(values) & raw.notna().to_numpy())
        if len(not_numbers):
            row = int(not_numbers[0])
            raise SPCInputError(
                f"value column {name!r} has {raw.iloc[row]!r}, which is not a number: {where(row)}"
            )
    infinite = np.flatnonzero(np.isinf(values))
    if len(infinite):
        raise SPCInputError(f"value column {name!r} has an infinite value: {where(int(infinite[0]))}")
    return values


def _column_codes(values: pd.Series, name: str, where) -> tuple[np.ndarray, int]:
    """Codes of one by column in sorted value order, and how many distinct values it has."""
    raw = values.to_numpy() if values.dtype.kind in "iu" else None
    if raw is not None and len(raw) > 1 and bool(np.all(raw[1:] >= raw[:-1])):
        change = np.empty(len(raw), dtype=np.int64)  # sorted integers: codes from the change points
        change[0] = 0
        np.not_equal(raw[1:], raw[:-1], out=change[1:])
        codes = np.cumsum(change, out=change)
        return codes, int(codes[-1]) + 1
    codes, uniques = pd.factorize(values, sort=True)
    missing = np.flatnonzero(codes < 0)
    if len(missing):
        raise SPCInputError(f"by column {name!r} has a missing value: {where(int(missing[0]))}")
    return codes.astype(np.int64, copy=False), len(uniques)


def _series_codes(by_values: dict[str, pd.Series], n: int, where) -> np.ndarray:
    """A code per row that sorts as the by values do (lexicographically); not necessarily dense."""
    codes = np.zeros(n, dtype=np.int64)
    span = 1
    for name, values in by_values.items():
        column_codes, size = _column_codes(values, name, where)
        if span * size >= 2**62:  # keep the combined code within int64
            codes = pd.factorize(codes, sort=True)[0].astype(np.int64)
            span = int(codes.max()) + 1
        codes = codes * size + column_codes if span > 1 else column_codes
        span *= size
    return codes


def _sort_order(series: np.ndarray, dates: np.ndarray) -> np.ndarray | None:
    """Row order by series then date, or None when the rows are in that order already."""
    if len(series) < 2:
        return None
    moment = dates.view(np.int64)
    new_series = series[1:] != series[:-1]
    if np.all(series[1:] >= series[:-1]) and np.all(new_series | (moment[1:] > moment[:-1])):
        return None
    date_rank = pd.factorize(moment, sort=True)[0].astype(np.int64)
    return np.argsort(series * (int(date_rank.max()) + 1) + date_rank, kind="stable")


def _dense(series: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Sorted codes renumbered 0, 1, 2, ... and the offset where each series starts."""
    change = np.empty(len(series), dtype=bool)
    change[0] = True
    np.not_equal(series[1:], series[:-1], out=change[1:])
    starts = np.flatnonzero(change)
    dense = np.cumsum(change, dtype=np.int64)
    dense -= 1
    return dense, starts.astype(np.int64)


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
    if len(raw_dates) == 0:
        raise SPCInputError("data has no rows")

    def where(row: int) -> str:
        return _describe_row(by_values, raw_dates, row)

    date_values, native = _parse_dates(raw_dates, date, where)
    y = _parse_values(raw_values, value, where)
    series = _series_codes(by_values, len(y), where)

    gaps = np.isnan(y) | np.isnat(date_values)
    rows = None
    if gaps.any():
        row = int(np.flatnonzero(gaps)[0])
        if missing != "drop":
            column = value if np.isnan(y[row]) else date
            raise SPCInputError(
                f"column {column!r} has a missing value: {where(row)} (pass missing='drop' to leave such rows out)"
            )
        rows = np.flatnonzero(~gaps)
        if len(rows) == 0:
            raise SPCInputError(f"every row has a missing value in {value!r} or {date!r}")
        series, y, date_values = series[rows], y[rows], date_values[rows]
    order = _sort_order(series, date_values)
    if order is not None:
        series, y, date_values = series[order], y[order], date_values[order]
        rows = order if rows is None else rows[order]
    series, series_starts = _dense(series)

    source_rows = series_starts if rows is None else rows[series_starts]
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
        series_starts=series_starts,
        keys=keys,
        native_dates=native,
        date_dtype=data[date].dtype if native else None,
    )
    _refuse_duplicates(result)
    return result


def _refuse_duplicates(inp: SeriesInput) -> None:
    """Each (series, date) once (``ptd_validate_spc_options``: "duplicate rows found")."""
    same = np.flatnonzero((inp.series[1:] == inp.series[:-1]) & (inp.dates[1:] == inp.dates[:-1]))
    if len(same):
        i = int(same[0])
        name = inp.series_name(inp.series[i])
        raise SPCInputError(
            f"duplicate rows {'for series ' + name + ' ' if name else ''}on {format_date(inp.dates[i])}: "
            "each series may have one row per date"
        )
