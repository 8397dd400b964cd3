"""What a load did, for the caller (LoadReport) and for the record (the ``loads`` table)."""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import UTC, date, datetime

import duckdb

from oversight.warehouse.layouts.extract import Extract
from oversight.warehouse.reading import FileFacts


@dataclass(frozen=True)
class LoadReport:
    source: str
    layout: str
    file: str
    path: str
    sha256: str
    load_id: int | None  # None when the file was already loaded and nothing changed (nothing written)
    rows_read: int
    rows_excluded: int
    rows_written: int
    periods: tuple[date, ...]
    metrics: tuple[str, ...]
    new: int
    replaced: int
    removed: int
    unchanged: int
    skipped_periods: tuple[date, ...] = ()
    notes: tuple[str, ...] = ()

    @property
    def already_loaded(self) -> bool:
        return self.load_id is None

    def summary(self) -> str:
        """One line for the command line."""
        span = _span(self.periods)
        parts = [
            f"{self.source} {self.file}: {self.rows_read} rows",
            f"{len(self.periods)} period{'' if len(self.periods) == 1 else 's'}{span}",
            f"{self.new} new, {self.replaced} replaced, {self.unchanged} unchanged",
        ]
        if self.removed:
            parts[-1] += f", {self.removed} removed"
        if self.rows_excluded:
            parts.append(f"{self.rows_excluded} TOTAL rows excluded")
        if self.skipped_periods:
            parts.append(
                "partial months skipped " + ", ".join(p.strftime("%Y-%m") for p in self.skipped_periods)
            )
        parts.append("already loaded, nothing written" if self.already_loaded else f"load {self.load_id}")
        return "; ".join(parts)


def _span(periods: tuple[date, ...]) -> str:
    if not periods:
        return ""
    first, last = min(periods), max(periods)
    return f" ({first:%Y-%m})" if first == last else f" ({first:%Y-%m} to {last:%Y-%m})"


def file_already_loaded(con: duckdb.DuckDBPyConnection, source: str, sha256: str) -> bool:
    row = con.execute(
        "SELECT count(*) FROM loads WHERE source = ? AND sha256 = ?", [source, sha256]
    ).fetchone()
    return bool(row and row[0])


def record_load(
    con: duckdb.DuckDBPyConnection, source: str, file: FileFacts, extract: Extract, counts: dict[str, int]
) -> int:
    """Insert the provenance row and return its load id."""
    load_id = con.execute("SELECT nextval('load_id_seq')").fetchone()[0]
    periods = extract.periods
    con.execute(
        """INSERT INTO loads VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)""",
        [
            load_id,
            source,
            extract.layout,
            extract.file,
            str(file.path.resolve()),
            file.sha256,
            file.size,
            datetime.now(UTC).replace(tzinfo=None),
            extract.rows_read,
            extract.rows_excluded,
            counts["new"] + counts["changed"],
            min(periods, default=None),
            max(periods, default=None),
            len(periods),
            counts["new"],
            counts["changed"],
            counts["removed"],
            counts["unchanged"],
            json.dumps(extract.options, sort_keys=True),
        ],
    )
    return load_id
