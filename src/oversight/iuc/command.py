"""``oversight iuc``: call-level IUC KPIs without Django.

    oversight iuc synthetic --calls N [--seed S] [--start 2025-04] [--months 12] --output F.parquet|F.csv
    oversight iuc kpis EVENTS --output OUT.csv [--by contract,service,site,clinician]
    oversight iuc load EVENTS [--warehouse FILE]

Bad input prints one line to stderr (the row and column) and exits 2; no output is left half-written.
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
from datetime import date
from pathlib import Path

from oversight.iuc.errors import EventError
from oversight.iuc.events import read_events
from oversight.iuc.kpis import LEVELS, monthly_kpis
from oversight.rulefiles import RuleFileError

EXIT_FAILED = 2


def register(subparsers) -> None:
    iuc = subparsers.add_parser("iuc", help="NHS 111 / IUC call-level KPIs: synthetic events, KPIs, load")
    commands = iuc.add_subparsers(dest="iuc_command", metavar="ACTION", required=True)
    synthetic = commands.add_parser("synthetic", help="write SYNTHETIC call events (seeded) for the demo or a benchmark")
    synthetic.add_argument("--calls", type=int, required=True)
    synthetic.add_argument("--seed", type=int, default=0)
    synthetic.add_argument("--start", default="2025-04", help="first month, YYYY-MM (default 2025-04)")
    synthetic.add_argument("--months", type=int, default=12)
    synthetic.add_argument("--output", required=True, help=".parquet or .csv")
    synthetic.set_defaults(func=cmd_synthetic)
    kpis = commands.add_parser("kpis", help="monthly KPIs from a call-event file (CSV or Parquet) to a CSV")
    kpis.add_argument("events")
    kpis.add_argument("--output", required=True)
    kpis.add_argument("--by", default=",".join(LEVELS), help=f"levels, comma-separated (default {','.join(LEVELS)})")
    kpis.set_defaults(func=cmd_kpis)
    load = commands.add_parser("load", help="load a call-event file's monthly KPIs into the warehouse")
    load.add_argument("events")
    load.add_argument("--warehouse", help="DuckDB warehouse file (default: OVERSIGHT_WAREHOUSE, else var/warehouse.duckdb)")
    load.set_defaults(func=cmd_load)


def _fail(message: str) -> int:
    print(f"oversight iuc: error: {message} (nothing was written)", file=sys.stderr)
    return EXIT_FAILED


def cmd_synthetic(args: argparse.Namespace) -> int:
    from oversight.iuc.synthetic import synthetic_events, write_events

    try:
        start = date.fromisoformat(f"{args.start}-01")
    except ValueError:
        return _fail(f"--start {args.start!r} is not a month (YYYY-MM)")
    if args.calls < 1 or args.months < 1:
        return _fail("--calls and --months must be at least 1")
    try:
        path = write_events(synthetic_events(args.calls, args.seed, start=start, months=args.months), args.output)
    except (ValueError, OSError) as exc:
        return _fail(str(exc))
    print(f"{path}: {args.calls} SYNTHETIC calls (seed {args.seed}) from {start:%Y-%m}, {args.months} months")
    return 0


def cmd_kpis(args: argparse.Namespace) -> int:
    levels = [level.strip() for level in args.by.split(",") if level.strip()]
    output = Path(args.output)
    if output.suffix.lower() != ".csv":
        return _fail(f"{output}: the output is a .csv file")
    try:
        frame = monthly_kpis(read_events(args.events), by=levels)
        _write_csv(frame, output)
    except (EventError, RuleFileError, ValueError, OSError) as exc:
        return _fail(str(exc))
    print(f"{output}: {frame.height} KPI values ({', '.join(levels)})")
    return 0


def cmd_load(args: argparse.Namespace) -> int:
    import duckdb

    from oversight.config.paths import warehouse_path
    from oversight.iuc.store import load_events

    try:
        report = load_events(args.events, args.warehouse or warehouse_path())
    except (EventError, RuleFileError, ValueError, OSError, duckdb.Error) as exc:
        return _fail(str(exc))
    print(report.summary())
    return 0


def _write_csv(frame, path: Path) -> None:
    """Through a temporary file beside the output, so a failure leaves no half-written CSV."""
    folder = path.parent if str(path.parent) else Path(".")
    handle, temporary = tempfile.mkstemp(dir=folder, suffix=".csv", prefix=f".{path.name}.")
    os.close(handle)
    try:
        frame.write_csv(temporary)
        os.replace(temporary, path)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise
