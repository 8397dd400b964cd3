"""The output edge: engine arrays to a pandas or Polars frame (the kind the caller passed).

Columns are described once, kind-neutrally (:class:`Nullable` booleans that R leaves NA,
:class:`Coded` categoricals built from small integer codes), then assembled by
:func:`to_frame`. The caller's ``by`` and date columns come back as given (dates parsed
from text come back as datetimes).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import numpy as np
import pandas as pd

from oversight.spc.inputs import SeriesInput


@dataclass(frozen=True, slots=True)
class Nullable:
    """Booleans with a mask: True in ``missing`` means unknown (NA / null)."""

    values: np.ndarray
    missing: np.ndarray


@dataclass(frozen=True, slots=True)
class Coded:
    """A categorical column: ``codes`` index ``categories``; -1 is missing."""

    codes: np.ndarray
    categories: tuple[str, ...]


Column = np.ndarray | Nullable | Coded


def _pandas_column(column: Column) -> Any:
    if isinstance(column, pd.Series):
        return column.to_numpy() if column.dtype.kind == "M" else column.array
    if isinstance(column, Nullable):
        return pd.arrays.BooleanArray(column.values, column.missing)
    if isinstance(column, Coded):
        return pd.Categorical.from_codes(column.codes, categories=list(column.categories))
    return column


def _polars_column(name: str, column: Column):
    """A Polars Series (built without pyarrow, whose first use costs seconds on a cold start)."""
    import polars as pl

    if isinstance(column, pl.Series):
        return column.alias(name)
    if isinstance(column, Nullable):
        return pl.select(
            pl.when(pl.Series(column.missing)).then(None).otherwise(pl.Series(column.values)).alias(name)
        ).to_series()
    if isinstance(column, Coded):
        categories = pl.Series(list(column.categories), dtype=pl.Enum(list(column.categories)))
        index = pl.Series(np.maximum(column.codes, 0).astype(np.uint32))
        missing = column.codes < 0
        if missing.any():
            index = pl.select(pl.when(pl.Series(missing)).then(None).otherwise(index)).to_series()
        return categories.gather(index).alias(name)
    return pl.Series(name, column)


def caller_dates(inp: SeriesInput, values: np.ndarray) -> Any:
    """datetime64[ns] values as a column of the caller's date type (as given, when it held dates)."""
    if inp.kind == "pandas":
        dates = pd.Series(values)
        if isinstance(inp.date_dtype, pd.DatetimeTZDtype):
            return dates.dt.tz_localize("UTC").dt.tz_convert(inp.date_dtype.tz)
        return dates.astype(inp.date_dtype) if inp.date_dtype is not None else dates
    import polars as pl

    dates = pl.Series(values)
    if inp.date_dtype is None:
        return dates
    if getattr(inp.date_dtype, "time_zone", None):
        return dates.dt.replace_time_zone("UTC").cast(inp.date_dtype)
    return dates.cast(inp.date_dtype)


def key_columns(inp: SeriesInput, data: Any) -> Any:
    """The caller's ``by`` and date columns, in sorted row order, as the caller's kind of frame."""
    names = [*inp.by, inp.date]
    if inp.kind == "pandas":
        keys = data[names] if inp.rows is None else data[names].iloc[inp.rows]
        keys = keys.reset_index(drop=True)
        if not inp.native_dates:
            keys[inp.date] = inp.dates
        return keys
    import polars as pl

    keys = data.select(names)
    if inp.rows is not None:
        keys = keys[inp.rows]
    if not inp.native_dates:
        keys = keys.with_columns(pl.Series(inp.date, inp.dates))
    return keys


def series_keys(inp: SeriesInput, series: np.ndarray) -> Any:
    """The ``by`` values of the given series codes, as the caller's kind of frame."""
    keys = inp.keys.iloc[series].reset_index(drop=True)
    if inp.kind == "pandas":
        return keys
    import polars as pl

    return pl.from_pandas(keys)


def to_frame(kind: str, keys: Any, columns: dict[str, Column]) -> Any:
    """``keys`` (a frame of the right kind and length) followed by ``columns``."""
    if kind == "pandas":
        built = pd.DataFrame({name: _pandas_column(column) for name, column in columns.items()}, copy=False)
        return pd.concat([keys, built], axis=1) if len(keys.columns) else built
    import polars as pl

    built = pl.DataFrame([_polars_column(name, column) for name, column in columns.items()])
    return pl.concat([keys, built], how="horizontal") if keys.width else built
