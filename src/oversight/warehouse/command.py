"""``oversight ingest SOURCE PATH... [--warehouse FILE]`` for the metric sources (wired up in oversight.cli.ingest)."""

from __future__ import annotations

import sys

import duckdb

from oversight.warehouse.errors import IngestError
from oversight.warehouse.store import Warehouse

EXIT_FAILED = 2


def run_ingest(source: str, paths: list[str], warehouse: str) -> int:
    """Load the files; one summary line per file on stdout, or one error line on stderr and exit code 2
    (nothing written: the call is one transaction)."""
    try:
        reports = Warehouse(warehouse).ingest(source, paths)
    except (IngestError, ValueError, OSError, duckdb.Error) as exc:  # duckdb.Error: e.g. the file is locked
        print(f"oversight ingest {source}: error: {exc} (nothing was written)", file=sys.stderr)
        return EXIT_FAILED
    for report in reports:
        print(report.summary())
    return 0
