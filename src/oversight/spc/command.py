"""``oversight spc``: Making Data Count SPC on a CSV or Parquet file.

    oversight spc INPUT --date COL --value COL [--by COL ...]
        [--direction increase|decrease|neutral] [--target X | --target-file FILE]
        [--rebase-file FILE] [--fix-after N] [--no-screen-outliers] [--missing error|drop]
        [--summary FILE] --output FILE

Files are CSV or Parquet by extension. ``by`` columns are read as text, so codes such as
"1" or "01" keep their form. The output has one row per point: the by, date and value
columns under their own names, then every result column (``assurance`` empty where there
is none). The target file has the by columns and ``target``; the rebase file has the by
columns and ``date``, one row per rebase date (just ``date`` without by columns).
Bad input prints one line to stderr and exits 2; no output file is left half-written.
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
from pathlib import Path

import pandas as pd

from oversight.spc.analysis import spc_analysis
from oversight.spc.errors import SPCInputError

FORMATS = (".csv", ".parquet")


class CommandError(Exception):
    """A problem with a file or an argument, reported as one line."""


def _format(path: Path) -> str:
    suffix = path.suffix.lower()
    if suffix not in FORMATS:
        raise CommandError(f"{path}: use a .csv or .parquet file")
    return suffix


def read_table(path: Path, text_columns: list[str]) -> pd.DataFrame:
    """A CSV or Parquet file; ``text_columns`` of a CSV are read as text."""
    suffix = _format(path)
    if not path.is_file():
        raise CommandError(f"{path}: no such file")
    try:
        if suffix == ".csv":
            return pd.read_csv(path, dtype=dict.fromkeys(text_columns, str))
        return pd.read_parquet(path)
    except (ValueError, OSError, pd.errors.ParserError) as exc:
        raise CommandError(f"{path}: cannot be read ({exc})") from None


def write_table(frame: pd.DataFrame, path: Path) -> None:
    """Write CSV or Parquet through a temporary file, so a failure leaves nothing half-written."""
    suffix = _format(path)
    folder = path.parent if str(path.parent) else Path(".")
    if not folder.is_dir():
        raise CommandError(f"{path}: folder {folder} does not exist")
    handle, temporary = tempfile.mkstemp(dir=folder, suffix=suffix, prefix=f".{path.name}.")
    os.close(handle)
    try:
        if suffix == ".csv":
            frame.to_csv(temporary, index=False)
        else:
            frame.to_parquet(temporary, index=False)
        os.replace(temporary, path)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise


def _target(args: argparse.Namespace):
    if args.target_file is not None:
        return read_table(Path(args.target_file), args.by)
    return args.target


def run(args: argparse.Namespace) -> int:
    """Read, analyse, write. Returns 0, or 2 after a one-line message on stderr."""
    try:
        output, summary = Path(args.output), Path(args.summary) if args.summary else None
        for path in (output, summary):
            if path is not None:
                _format(path)
        data = read_table(Path(args.input), args.by)
        rebase = read_table(Path(args.rebase_file), args.by) if args.rebase_file else None
        result = spc_analysis(
            data,
            value=args.value,
            date=args.date,
            by=args.by or None,
            direction=args.direction,
            target=_target(args),
            rebase=rebase,
            fix_after=args.fix_after,
            screen_outliers=not args.no_screen_outliers,
            missing=args.missing,
        )
        write_table(result.points, output)
        if summary is not None:
            write_table(result.summary, summary)
    except (SPCInputError, CommandError) as exc:
        print(f"oversight spc: error: {exc}", file=sys.stderr)
        return 2
    return 0


def register(subparsers: argparse._SubParsersAction) -> None:
    """Add the ``spc`` sub-command to the ``oversight`` command line."""
    parser = subparsers.add_parser(
        "spc",
        help="Making Data Count SPC (NHSRplotthedots rules) on a CSV or Parquet file",
        description="Making Data Count SPC (NHSRplotthedots 0.2.2 rules) on a CSV or Parquet file.",
        epilog="Give INPUT before --by (--by takes every name that follows it).",
    )
    parser.add_argument("input", metavar="INPUT", help="input file (.csv or .parquet)")
    parser.add_argument("--date", required=True, help="date column (dates or YYYY-MM-DD text)")
    parser.add_argument("--value", required=True, help="value column (numbers)")
    parser.add_argument("--by", nargs="+", default=[], metavar="COL", help="column(s) naming each series")
    parser.add_argument("--direction", choices=("increase", "decrease", "neutral"), default="increase",
                        help="which way is improvement (default: increase)")  # fmt: skip
    target = parser.add_mutually_exclusive_group()
    target.add_argument("--target", type=float, help="one target for every series")
    target.add_argument("--target-file", help="file with the by columns and target")
    parser.add_argument("--rebase-file", help="file with the by columns and date, one row per rebase date")
    parser.add_argument("--fix-after", type=int, metavar="N", help="limits from the first N (>= 12) points")
    parser.add_argument("--no-screen-outliers", action="store_true",
                        help="keep outlying moving ranges (as NHS England's Excel tools)")  # fmt: skip
    parser.add_argument("--missing", choices=("error", "drop"), default="error",
                        help="rows with no value or date: error (default) or drop")  # fmt: skip
    parser.add_argument("--summary", help="also write one row per series and rebase group here")
    parser.add_argument("--output", required=True, help="output file (.csv or .parquet)")
    parser.set_defaults(func=run)
