"""``oversight funnel``: FunnelPlotR 0.6.0 funnel statistics for a CSV or Parquet file.

    oversight funnel INPUT --numerator COL --denominator COL --group COL --data-type SR|PR|RC
        [--limit 95|99] [--sr-method SHMI|CQC] [--multiplier X] [--trim-by X] [--no-shmi-rounding]
        [--no-adjusted] [--unadjusted] [--square-cqc-limits] [--unique-groups]
        --output OUT.csv [--summary-output S.json] [--limits-output L.csv]

OUT has one row per group: group, numerator, denominator, rr, z, s, the overdispersed and
unadjusted limits at 95% and 99.8% (od95lcl ... ucl998) and outlier, then the working columns.
The summary JSON has phi, tau2, target, the outliers and every option. The group column is read
as text, so codes such as "01" keep their form. Text cells are written formula-safe. Bad input
prints one line naming the row, group or column and exits 2; no output is left half-written.
Never imports Django.
"""

from __future__ import annotations

import argparse
import csv
import json
import os
import sys
import tempfile
from collections.abc import Callable
from pathlib import Path

import pandas as pd

from oversight.core.csv_export import neutralise
from oversight.funnel.engine import funnel
from oversight.funnel.errors import FunnelInputError
from oversight.funnel.options import FunnelOptions


class CommandError(Exception):
    """A problem with a file or an argument, reported as one line."""


def read_input(path: Path, group: str) -> pd.DataFrame:
    if path.suffix.lower() not in (".csv", ".parquet"):
        raise CommandError(f"{path}: use a .csv or .parquet file")
    if not path.is_file():
        raise CommandError(f"{path}: no such file")
    try:
        if path.suffix.lower() == ".parquet":
            return pd.read_parquet(path)
        return pd.read_csv(path, dtype={group: str}, keep_default_na=False, na_values=[""])
    except (ValueError, OSError, pd.errors.ParserError) as exc:
        raise CommandError(f"{path}: cannot be read ({exc})") from None


def _columns(frame: pd.DataFrame, args: argparse.Namespace) -> None:
    for flag, name in (("--numerator", args.numerator), ("--denominator", args.denominator), ("--group", args.group)):
        if name not in frame.columns:
            raise CommandError(f"{flag}: no column {name!r} in {args.input} (it has {', '.join(map(str, frame.columns))})")


def safe_csv(frame: pd.DataFrame, handle) -> None:
    """CSV with every text cell neutralised (oversight.core.csv_export), numbers written as they are."""
    writer = csv.writer(handle)
    writer.writerow([neutralise(str(c)) for c in frame.columns])
    text = [c for c in frame.columns if not pd.api.types.is_numeric_dtype(frame[c])]
    safe = frame.copy()
    for column in text:
        safe[column] = safe[column].map(neutralise)
    safe.to_csv(handle, index=False, header=False, lineterminator="\r\n")


def _atomic(path: Path, write: Callable) -> None:
    """Write through a temporary file beside the target, so a failure leaves nothing half-written."""
    folder = path.parent if str(path.parent) else Path(".")
    if not folder.is_dir():
        raise CommandError(f"{path}: folder {folder} does not exist")
    handle, temporary = tempfile.mkstemp(dir=folder, prefix=f".{path.name}.")
    try:
        with os.fdopen(handle, "w", encoding="utf-8", newline="") as out:
            write(out)
        os.replace(temporary, path)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise


def options_from(args: argparse.Namespace) -> FunnelOptions:
    return FunnelOptions(
        data_type=args.data_type, sr_method=args.sr_method, limit=args.limit, multiplier=args.multiplier,
        trim_by=args.trim_by, shmi_rounding=not args.no_shmi_rounding, draw_adjusted=not args.no_adjusted,
        draw_unadjusted=args.unadjusted, square_cqc_limits=args.square_cqc_limits,
        unique_groups=args.unique_groups,
    )


def run(args: argparse.Namespace) -> int:
    """Read, analyse, write. Returns 0, or 2 after a one-line message on stderr."""
    try:
        options = options_from(args)
        frame = read_input(Path(args.input), args.group)
        _columns(frame, args)
        result = funnel(frame[args.numerator], frame[args.denominator], frame[args.group], options)
        # Every output is complete before any is moved into place.
        outputs = [(Path(args.output), lambda out: safe_csv(result.groups, out))]
        if args.limits_output:
            outputs.append((Path(args.limits_output), lambda out: safe_csv(result.limits, out)))
        if args.summary_output:
            outputs.append((Path(args.summary_output),
                            lambda out: json.dump(result.summary(), out, indent=2, allow_nan=False)))
        for path, write in outputs:
            _atomic(path, write)
        for note in result.notes:
            print(f"oversight funnel: {note}", file=sys.stderr)
    except FunnelInputError as exc:
        print(f"oversight funnel: error: {exc}", file=sys.stderr)
        return 2
    except CommandError as exc:
        print(f"oversight funnel: error: {exc}", file=sys.stderr)
        return 2
    return 0


def register(subparsers: argparse._SubParsersAction) -> None:
    """Add the ``funnel`` sub-command to the ``oversight`` command line."""
    parser = subparsers.add_parser(
        "funnel",
        help="funnel plot statistics (FunnelPlotR 0.6.0 method) on a CSV or Parquet file",
        description="Funnel plot statistics with FunnelPlotR 0.6.0 parity: SR (SHMI or CQC), PR or RC.",
    )
    parser.add_argument("input", metavar="INPUT", help="input file (.csv or .parquet)")
    parser.add_argument("--numerator", required=True, metavar="COL", help="numerator column (observed)")
    parser.add_argument("--denominator", required=True, metavar="COL", help="denominator column (expected or n)")
    parser.add_argument("--group", required=True, metavar="COL", help="group column (e.g. the trust code)")
    parser.add_argument("--data-type", required=True, choices=("SR", "PR", "RC"),
                        help="SR standardised ratio, PR proportion, RC ratio of counts")  # fmt: skip
    parser.add_argument("--limit", type=int, choices=(95, 99), default=99,
                        help="limits that flag outliers: 95 or 99 (99.8%%, the default)")  # fmt: skip
    parser.add_argument("--sr-method", choices=("SHMI", "CQC"), default="SHMI", help="SR method (default SHMI)")
    parser.add_argument("--multiplier", type=float, default=1.0, metavar="X", help="scale ratios, e.g. 100")
    parser.add_argument("--trim-by", type=float, default=0.1, metavar="X", help="trimming before phi (default 0.1)")
    parser.add_argument("--no-shmi-rounding", action="store_true", help="do not round SHMI expected to 2 dp")
    parser.add_argument("--no-adjusted", action="store_true", help="no overdispersed limits (phi, tau2 reported 0)")
    parser.add_argument("--unadjusted", action="store_true", help="draw the unadjusted limits too")
    parser.add_argument("--square-cqc-limits", action="store_true",
                        help="square the CQC limits back to the ratio scale (off for FunnelPlotR parity)")  # fmt: skip
    parser.add_argument("--unique-groups", action="store_true",
                        help="refuse a repeated group instead of summing its rows")  # fmt: skip
    parser.add_argument("--output", required=True, metavar="OUT.csv", help="one row per group")
    parser.add_argument("--summary-output", metavar="S.json", help="phi, tau2, target, outliers and options")
    parser.add_argument("--limits-output", metavar="L.csv", help="the limits on the plotting grid")
    parser.set_defaults(func=run)
