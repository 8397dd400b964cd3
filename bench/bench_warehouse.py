"""Warehouse ingest speed on the real published files in ../shared/data.

    .venv/bin/python bench/bench_warehouse.py [--repeat 5]

Each case loads into a fresh DuckDB file in a temporary folder (so the figure includes creating the schema,
hashing, parsing, checking, deriving and the one transaction), then loads the same file again (the
idempotent no-op: parse and compare, nothing written). The RTT extract is also timed as the published
CSV and as the zipped CSV, both made from the parquet copy in the temporary folder. Median of --repeat runs.
"""

from __future__ import annotations

import argparse
import os
import platform
import statistics
import sys
import tempfile
import time
import zipfile
from collections.abc import Callable
from pathlib import Path

import duckdb
import polars as pl

from oversight.shared_data import shared_path
from oversight.warehouse import Warehouse


def timed(action: Callable[[], object], repeat: int) -> float:
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        action()
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def published_rtt_csv(parquet: Path, folder: Path) -> tuple[Path, Path]:
    """The RTT extract as NHS England publishes it: integer cells, empty where not reported; and zipped."""
    frame = pl.read_parquet(parquet)
    counts = [c for c, t in frame.schema.items() if t.is_numeric()]
    csv = folder / "20260430-RTT-April-2026-full-extract.csv"
    frame.with_columns(pl.col(counts).cast(pl.Int64)).write_csv(csv)
    archive = folder / f"{csv.name}.zip"
    with zipfile.ZipFile(archive, "w", zipfile.ZIP_DEFLATED) as zipped:
        zipped.write(csv, csv.name)
    return csv, archive


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args()
    files = {
        "ae": shared_path("data", "ae_attendances.csv"),
        "ae-monthly": shared_path("data", "nhse_ae_monthly_by_provider_2024-06_to_2025-06.csv"),
        "rtt": shared_path("data", "nhse_rtt_2026-04_full_extract.parquet"),
        "nhs111": shared_path("data", "nhs111_iuc_daily_by_contract_2025-11_to_2026-04.csv"),
    }
    if None in files.values():
        print("../shared/data is missing files; nothing to measure", file=sys.stderr)
        return 1

    print(
        f"machine: {platform.platform()}, {os.cpu_count()} CPUs, {platform.processor() or platform.machine()}"
    )
    print(f"python {platform.python_version()}, polars {pl.__version__}, duckdb {duckdb.__version__}")
    print(f"median of {args.repeat} runs; fresh warehouse file each run\n")
    print(f"{'case':<44} {'rows':>8} {'first load':>11} {'reload':>9} {'obs':>7}")
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        csv, archive = published_rtt_csv(files["rtt"], folder)
        cases = [
            ("A&E 2016-2019 history (ae_attendances.csv)", "ae", files["ae"]),
            ("A&E monthly 2024-25 (NHS England CSV)", "ae", files["ae-monthly"]),
            ("RTT April 2026 full extract (parquet)", "rtt", files["rtt"]),
            ("RTT April 2026 full extract (CSV, 82 MB)", "rtt", csv),
            ("RTT April 2026 full extract (zipped CSV)", "rtt", archive),
            ("NHS 111 daily by contract (CSV)", "nhs111", files["nhs111"]),
        ]
        for n, (label, source, path) in enumerate(cases):
            runs = iter(range(10**6))

            def first_load() -> None:
                Warehouse(folder / f"w{n}-{next(runs)}.duckdb").ingest(source, [path])  # noqa: B023

            load = timed(first_load, args.repeat)
            store = Warehouse(folder / f"w{n}-reload.duckdb")
            [report] = store.ingest(source, [path])
            reload = timed(lambda: store.ingest(source, [path]), args.repeat)  # noqa: B023
            print(f"{label:<44} {report.rows_read:>8} {load:>10.2f}s {reload:>8.2f}s {report.new:>7}")

        store = Warehouse(folder / "all.duckdb")
        for source, key in (("ae", "ae"), ("ae", "ae-monthly"), ("rtt", "rtt"), ("nhs111", "nhs111")):
            store.ingest(source, [files[key]])
        query = timed(lambda: store.observations("ae_4hr_type1"), args.repeat)
        one = timed(lambda: store.observations("ae_4hr_all", orgs=["RJ1"]), args.repeat)
        print(
            f"\nquery all ae_4hr_type1 observations: {query * 1000:.0f} ms; one trust's ae_4hr_all: {one * 1000:.0f} ms"
        )
    return 0


if __name__ == "__main__":
    sys.exit(main())
