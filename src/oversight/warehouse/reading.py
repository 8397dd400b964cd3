"""Read a published file once (bytes -> hash and frame) and turn its cells into checked numbers.

Everything is vectorised in Polars: a bad cell is found with one expression per column, and only the
first one is turned into a Python error message (file, line, column, value).
"""

from __future__ import annotations

import csv
import hashlib
import io
import zipfile
from dataclasses import dataclass
from pathlib import Path

import polars as pl

from oversight.warehouse.errors import BadValueError, IngestError

LINE = "__line"  # row position in the file, added before any filtering so errors can point at it
MISSING_TOKENS = ("-", "")  # '-' means "not submitted" in NHS England files (docs/rules/published-statistics.md (§9.2)): missing, not zero


@dataclass(frozen=True)
class FileFacts:
    """What provenance keeps of a file once it is parsed (not its bytes: a batch may hold many large files)."""

    path: Path
    sha256: str
    size: int


@dataclass(frozen=True)
class RawFile:
    """The file's bytes, read once, so the hash and the parse see exactly the same content."""

    path: Path
    data: bytes
    sha256: str

    @property
    def name(self) -> str:
        return self.path.name

    @property
    def facts(self) -> FileFacts:
        return FileFacts(self.path, self.sha256, len(self.data))


@dataclass(frozen=True)
class Table:
    """A file's rows. CSV cells are strings; parquet keeps its own types. ``where`` is how errors count rows."""

    name: str
    frame: pl.DataFrame
    where: str  # "line" (CSV: header is line 1) or "row" (parquet: first data row is row 1)


def file_facts(path: str | Path) -> FileFacts:
    """A file's provenance without holding it in memory: its SHA-256 read in blocks, and its size (for a
    file another reader parses itself, such as a call-event file Polars scans)."""
    path = Path(path)
    digest = hashlib.sha256()
    with open(path, "rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return FileFacts(path, digest.hexdigest(), path.stat().st_size)


def read_raw(path: Path) -> RawFile:
    data = path.read_bytes()
    return RawFile(path=path, data=data, sha256=hashlib.sha256(data).hexdigest())


def read_table(raw: RawFile) -> Table:
    """CSV, a zip holding one CSV (as NHS England publishes RTT), or parquet, detected from the content."""
    if raw.data[:4] == b"PAR1":
        try:
            frame = pl.read_parquet(io.BytesIO(raw.data))
        except pl.exceptions.PolarsError as exc:
            raise IngestError(raw.name, f"cannot read as parquet: {exc}") from exc
        return Table(raw.name, frame.with_row_index(LINE, offset=1), "row")
    if raw.data[:4] == b"PK\x03\x04":
        name, data = _csv_in_zip(raw)
        return _csv_table(name, data)
    return _csv_table(raw.name, raw.data)


def _csv_in_zip(raw: RawFile) -> tuple[str, bytes]:
    with zipfile.ZipFile(io.BytesIO(raw.data)) as archive:
        members = [
            m for m in archive.namelist() if m.lower().endswith(".csv") and not m.startswith("__MACOSX")
        ]
        if len(members) != 1:
            raise IngestError(raw.name, f"expected one .csv inside the zip, found {members or 'none'}")
        return f"{raw.name}:{members[0]}", archive.read(members[0])


def _csv_table(name: str, data: bytes) -> Table:
    try:
        # All strings: codes like "1" or "05L" must not become numbers, and bad cells must survive to be named.
        frame = pl.read_csv(io.BytesIO(data), infer_schema=False, encoding="utf8-lossy")
    except pl.exceptions.PolarsError as exc:
        line = _ragged_line(data)
        where = f"line {line} has more cells than the header" if line else str(exc).splitlines()[0]
        raise IngestError(name, f"cannot read as CSV: {where}") from exc
    # Unnamed, empty trailing columns (the September 2024 A&E file had some) carry nothing: drop them.
    unnamed = [
        c
        for c in frame.columns
        if (not c.strip() or c.startswith("_duplicated_")) and frame[c].null_count() == frame.height
    ]
    return Table(name, frame.drop(unnamed).with_row_index(LINE, offset=2), "line")


def _ragged_line(data: bytes) -> int | None:
    """The first line with more cells than the header. Only on the error path, so a Python loop is fine."""
    rows = csv.reader(io.StringIO(data.decode("utf-8", errors="replace")))
    width = len(next(rows, []))
    return next((rows.line_num for row in rows if len(row) > width), None)


def clean_text(column: str) -> pl.Expr:
    """Trimmed text with empty as null (NHS England region names carry a trailing space, docs/rules/published-statistics.md (§9.1))."""
    text = pl.col(column).cast(pl.String).str.strip_chars()
    return pl.when(text == "").then(None).otherwise(text)


def without_totals(table: Table, *columns: str) -> Table:
    """Drop the national footer row ("Total,Total,...", docs/rules/published-statistics.md (§9.2)) and any row whose identifiers say TOTAL."""
    is_total = pl.any_horizontal(
        [pl.col(c).cast(pl.String).str.strip_chars().str.to_uppercase() == "TOTAL" for c in columns]
    ).fill_null(False)
    return Table(table.name, table.frame.filter(~is_total), table.where)


def parse_counts(table: Table, columns: dict[str, str]) -> pl.DataFrame:
    """Replace each ``columns`` header (field -> header) by a Float64 field of non-negative whole numbers.

    '-' and empty cells become null (missing). Anything else that is not a count raises BadValueError for
    the first offending cell. Other columns are kept as they are.
    """
    frame = table.frame
    # One select over every column at once, so Polars spreads the columns over the cores.
    numbers = frame.select(_as_number(frame.schema[h], h).alias(f) for f, h in columns.items())
    numbers = numbers.with_columns(
        _text_cells(frame[h]).alias(f) for f, h in columns.items() if _has_unparsed(frame[h], numbers[f])
    )
    parsed = numbers.select(_checked(pl.col(f)).alias(f) for f in columns)
    bad = parsed.select(pl.any_horizontal(pl.all().is_nan()).arg_true()).to_series()
    if bad.len():
        row = int(bad[0])
        header = next(h for f, h in columns.items() if parsed[f].is_nan()[row])
        others = int(parsed.select(pl.sum_horizontal(pl.all().is_nan()).sum()).item()) - 1
        raise BadValueError(
            table.name,
            frame[LINE][row],
            header,
            frame[header][row],
            "is not a count (a whole number >= 0, or '-')",
            where=table.where,
            others=others,
        )
    return frame.drop(list(columns.values())).hstack(parsed)


def _as_number(dtype: pl.DataType, header: str) -> pl.Expr:
    if dtype.is_numeric():
        return pl.col(header).cast(pl.Float64).fill_nan(None)  # parquet keeps an empty source cell as NaN
    return pl.col(header).cast(pl.Float64, strict=False)  # plain numbers; anything else null for now


def _has_unparsed(cells: pl.Series, number: pl.Series) -> bool:
    """Whether some text cell did not parse at once (spaces, "1,234", '-', or junk): the rare second pass."""
    return cells.dtype == pl.String and bool((number.is_null() & cells.is_not_null()).any())


def _text_cells(cells: pl.Series) -> pl.Series:
    """Float64 with null for a missing cell and NaN for a cell that is not a number."""
    text = cells.str.strip_chars()
    cleaned = text.str.replace_all(",", "", literal=True).cast(pl.Float64, strict=False)  # "1,234"
    missing = text.is_null() | text.is_in(MISSING_TOKENS)
    return pl.select(pl.when(missing).then(None).otherwise(cleaned.fill_null(float("nan")))).to_series()


def _checked(number: pl.Expr) -> pl.Expr:
    """NaN for a negative, fractional or infinite count, so one NaN test finds every bad cell."""
    ok = number.is_null() | (number.is_finite() & (number >= 0) & (number == number.floor()))
    return pl.when(ok).then(number).otherwise(float("nan"))


def first_bad(
    table: Table, frame: pl.DataFrame, condition: pl.Expr, column: str, value: pl.Expr, reason: str
) -> None:
    """Raise BadValueError at the first row where ``condition`` holds (a rule across cells, e.g. over 4h <= all)."""
    bad = frame.select(condition.fill_null(False)).to_series()
    if bad.any():  # only then build the message: filtering a wide frame is not free
        rows = frame.filter(bad).select(pl.col(LINE), value.alias("value"))
        raise BadValueError(
            table.name,
            rows[LINE][0],
            column,
            rows["value"][0],
            reason,
            where=table.where,
            others=rows.height - 1,
        )


def parse_keys(table: Table, frame: pl.DataFrame, keys: dict[str, tuple[pl.Expr, str, str]]) -> pl.DataFrame:
    """Add key columns: name -> (parse of the cell, source header, what the cell should be). The first cell
    that does not parse (null) raises BadValueError quoting it as published, before the name can shadow it."""
    parsed = frame.select(parse.alias(name) for name, (parse, _, _) in keys.items())
    for name, (_, header, expected) in keys.items():
        if parsed[name].has_nulls():
            first_bad(table, frame, parsed[name].is_null(), header, pl.col(header), f"is not {expected}")
    return frame.with_columns(parsed)
