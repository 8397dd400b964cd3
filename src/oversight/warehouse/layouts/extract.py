"""What every loader hands to the store: observations and organisations from one file, checked and derived,
with the scope (metrics x periods) the file speaks for."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import Any

import polars as pl

from oversight.warehouse.errors import IngestError
from oversight.warehouse.reading import LINE, Table, clean_text

OBSERVATION_SCHEMA = {
    "org_code": pl.String,
    "metric": pl.String,
    "period": pl.Date,
    "numerator": pl.Float64,
    "denominator": pl.Float64,
    "value": pl.Float64,
}
ORGANISATION_SCHEMA = {
    "org_code": pl.String,
    "org_name": pl.String,
    "parent_name": pl.String,
    "period": pl.Date,
}


@dataclass(frozen=True)
class Extract:
    """One file's contribution. A reload replaces the warehouse's ``metrics`` x ``periods`` with ``observations``."""

    layout: str
    file: str
    rows_read: int
    rows_excluded: int  # national TOTAL rows
    observations: pl.DataFrame
    organisations: pl.DataFrame
    metrics: tuple[str, ...]
    periods: tuple[date, ...]
    skipped_periods: tuple[date, ...] = ()
    options: dict[str, Any] = field(default_factory=dict)
    notes: tuple[str, ...] = ()


class Derived:
    """Collects derived metrics from one frame (columns org_code, period, inputs) and the codes derived,
    including a code whose rows were all dropped: the file still speaks for it on reload."""

    def __init__(self, frame: pl.DataFrame) -> None:
        self.frame = frame
        self.codes: list[str] = []
        self._parts: list[pl.DataFrame] = []

    def proportion(self, metric: str, numerator: pl.Expr, denominator: pl.Expr) -> None:
        """numerator / denominator per row. A zero denominator means nothing to measure: no row.
        A missing input gives a row with empty values (reported as missing)."""
        rows = self._rows(metric, numerator, denominator, numerator / denominator)
        self._add(metric, rows.filter(pl.col("denominator").is_null() | (pl.col("denominator") != 0)))

    def count(
        self, metric: str, value: pl.Expr, *, denominator: pl.Expr | None = None, drop_zero: bool = False
    ) -> None:
        """value = numerator = the count. ``drop_zero`` where zero means "no such service", not "none"."""
        rows = self._rows(metric, value, denominator if denominator is not None else pl.lit(None), value)
        self._add(
            metric, rows.filter(pl.col("value").is_null() | (pl.col("value") != 0)) if drop_zero else rows
        )

    def observations(self) -> pl.DataFrame:
        return (
            pl.concat(self._parts, how="vertical") if self._parts else pl.DataFrame(schema=OBSERVATION_SCHEMA)
        )

    def _rows(self, metric: str, numerator: pl.Expr, denominator: pl.Expr, value: pl.Expr) -> pl.DataFrame:
        return self.frame.select(
            pl.col("org_code"),
            pl.lit(metric).alias("metric"),
            pl.col("period"),
            numerator.cast(pl.Float64).alias("numerator"),
            denominator.cast(pl.Float64).alias("denominator"),
            value.cast(pl.Float64).alias("value"),
        )

    def _add(self, metric: str, rows: pl.DataFrame) -> None:
        self.codes.append(metric)
        self._parts.append(rows)


def refuse_duplicates(table: Table, frame: pl.DataFrame, keys: list[str], what: str) -> None:
    """Two rows for one key would be silently summed or overwritten: name both lines instead."""
    dupes = frame.filter(pl.len().over(keys) > 1).sort(LINE)
    if dupes.height:
        first = dupes.row(0, named=True)
        lines = dupes.filter(pl.all_horizontal([pl.col(k) == first[k] for k in keys]))[LINE].to_list()
        label = ", ".join(f"{k}={first[k]}" for k in keys)
        raise IngestError(
            table.name, f"{table.where}s {lines}: more than one row for the same {what} ({label})"
        )


def organisations(frame: pl.DataFrame, columns: dict[str, str]) -> pl.DataFrame:
    """Codes with names and parent as seen in the file (``columns``: field -> header), one row per code and
    period. A layout without names (the tidy A&E file) gives empty names."""

    def text(field: str) -> pl.Expr:
        return (clean_text(columns[field]) if field in columns else pl.lit(None, dtype=pl.String)).alias(
            field
        )

    return frame.select(pl.col("org_code"), text("org_name"), text("parent_name"), pl.col("period")).unique(
        subset=["org_code", "period"], keep="first", maintain_order=True
    )
