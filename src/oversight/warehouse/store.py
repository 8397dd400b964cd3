"""The warehouse: one DuckDB file. Ingest is all-or-nothing per call; queries return pandas frames.

A connection is opened per operation and closed after it, so the file is locked only while a load is
being written (files are read and checked before the connection opens) and readers in other processes
(the web app) are not shut out between loads.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Sequence
from contextlib import contextmanager
from datetime import date
from pathlib import Path

import duckdb
import pandas as pd

from oversight.warehouse import merge, queries
from oversight.warehouse.catalogue import Catalogue, Metric, load_catalogue
from oversight.warehouse.errors import IngestError
from oversight.warehouse.layouts.extract import Extract
from oversight.warehouse.provenance import LoadReport, file_already_loaded, record_load
from oversight.warehouse.reading import FileFacts, read_raw, read_table
from oversight.warehouse.schema import ensure_schema
from oversight.warehouse.sources import Source
from oversight.warehouse.sources import source as find_source


class Warehouse:
    def __init__(self, path: str | Path, catalogue: Catalogue | None = None) -> None:
        # The caller names the file (the web app and the CLI take it from oversight.config.paths):
        # a library that chose its own default could read a different file from the one written.
        self.path = Path(path)
        self._catalogue = catalogue if catalogue is not None else load_catalogue()

    # ------------------------------------------------------------------------------------------ write --

    def ingest(self, source: str, paths: Sequence[str | Path]) -> list[LoadReport]:
        """Load files of one source. Every file is read and checked first; then all are written in one
        transaction, so any failure (IngestError names file, line and column) leaves the warehouse as it was."""
        spec = find_source(source)
        parsed = [self._parse(spec, Path(p)) for p in paths]
        with self._connect(read_only=False) as con:
            ensure_schema(con)
            con.begin()
            try:
                reports = [self._write(con, spec, file, extract) for file, extract in parsed]
                con.commit()
            except BaseException:
                con.rollback()
                raise
        return reports

    def _parse(self, spec: Source, path: Path) -> tuple[FileFacts, Extract]:
        if not path.is_file():
            raise IngestError(path.name, f"no such file: {path}")
        raw = read_raw(path)
        return raw.facts, spec.load(read_table(raw), self._catalogue)

    def _write(
        self, con: duckdb.DuckDBPyConnection, spec: Source, file: FileFacts, extract: Extract
    ) -> LoadReport:
        unknown = set(extract.metrics) - self._catalogue.codes
        if unknown:  # a loader deriving a metric the catalogue does not define is a programming error
            raise IngestError(extract.file, f"metric(s) {sorted(unknown)} are not in the catalogue")
        diff = merge.stage(con, extract)
        load_id = None
        if diff.changes or not file_already_loaded(con, spec.name, file.sha256):
            load_id = record_load(con, spec.name, file, extract, diff.as_dict())
            merge.apply(con, load_id)
            merge.upsert_organisations(con, extract, spec.organisations, load_id)
        return LoadReport(
            source=spec.name,
            layout=extract.layout,
            file=extract.file,
            path=str(file.path),
            sha256=file.sha256,
            load_id=load_id,
            rows_read=extract.rows_read,
            rows_excluded=extract.rows_excluded,
            rows_written=diff.new + diff.changed if load_id else 0,
            periods=extract.periods,
            metrics=extract.metrics,
            new=diff.new,
            replaced=diff.changed,
            removed=diff.removed,
            unchanged=diff.unchanged,
            skipped_periods=extract.skipped_periods,
            notes=extract.notes,
        )

    # ------------------------------------------------------------------------------------------- read --

    def observations(
        self,
        metric: str | Iterable[str] | None = None,
        orgs: str | Iterable[str] | None = None,
        start: date | str | None = None,
        end: date | str | None = None,
        with_load: bool = False,
    ) -> pd.DataFrame:
        with self._connect() as con:
            return queries.observations(con, metric, orgs, start, end, with_load)

    def loads(self) -> pd.DataFrame:
        with self._connect() as con:
            return queries.loads(con)

    def revisions(self, load_id: int | None = None) -> pd.DataFrame:
        with self._connect() as con:
            return queries.revisions(con, load_id)

    def organisations(self, source: str | None = None) -> pd.DataFrame:
        with self._connect() as con:
            return queries.organisations(con, source)

    def catalogue(self) -> list[Metric]:
        return list(self._catalogue.metrics)

    @property
    def metric_catalogue(self) -> Catalogue:
        """The whole catalogue in use: metrics plus the options (booked appointments, partial 111 months)."""
        return self._catalogue

    @contextmanager
    def _connect(self, read_only: bool = True) -> Iterator[duckdb.DuckDBPyConnection]:
        if read_only and not self.path.exists():
            con = duckdb.connect()  # nothing loaded yet: answer from an empty in-memory schema
            ensure_schema(con)
        else:
            if not read_only:
                self.path.parent.mkdir(parents=True, exist_ok=True)
            con = duckdb.connect(str(self.path), read_only=read_only)
        try:
            yield con
        finally:
            con.close()
