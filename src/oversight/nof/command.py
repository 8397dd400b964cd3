"""``oversight nof segment`` and ``oversight nof compare``: the NOF method from the command line.

    oversight nof segment --year 2025-26 --input FILE --output OUT.csv
    oversight nof compare --year 2025-26 --input NHSE_LONG.csv [--output REPORT.md]

FILE is NHS England's published long CSV or a wide CSV (see oversight.nof.readers). Errors are one line
on stderr and exit code 2; nothing is written unless the whole run succeeds.
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
from pathlib import Path

from oversight.nof.errors import NofError
from oversight.nof.method import available_years, load_method
from oversight.nof.options import AVERAGE_SOURCES, PUBLISHED_SCORE_CHOICES

EXIT_FAILED = 2
FLAG_COLUMNS = ("in_deficit", "in_rsp")


def register(subparsers: argparse._SubParsersAction) -> None:
    nof = subparsers.add_parser("nof", help="NHS Oversight Framework segmentation and league table")
    commands = nof.add_subparsers(dest="nof_command", metavar="NOF_COMMAND")
    nof.set_defaults(func=lambda args: _usage(nof))

    run = commands.add_parser(
        "segment", help="score metrics, segment trusts and rank them; write one row per trust"
    )
    _common(run)
    run.add_argument("--output", required=True, help="CSV to write: one row per trust, league order")
    run.add_argument(
        "--average-from",
        choices=AVERAGE_SOURCES,
        default="computed",
        help="segment from the average of our metric scores (default) or the input's published "
        "average score (OF5002)",
    )
    run.add_argument(
        "--published-scores",
        choices=PUBLISHED_SCORE_CHOICES,
        default="none",
        help="use the input's published metric scores instead of ours: for metrics NHS England "
        "ranks across trust types (cross_type), for all metrics, or none (default)",
    )
    run.add_argument(
        "--no-published-ranks",
        action="store_true",
        help="do not break ties between equal (rounded) values by NHS England's Rank column",
    )
    run.set_defaults(func=_segment)

    check = commands.add_parser(
        "compare", help="compare the method with NHS England's numbers in a published long CSV"
    )
    _common(check)
    check.add_argument("--output", help="write the report (Markdown) here instead of standard output")
    check.set_defaults(func=_compare)


def _common(parser: argparse.ArgumentParser) -> None:
    years = available_years()
    parser.add_argument(
        "--year",
        default=years[-1] if years else None,
        help=f"framework year (available: {', '.join(years)}; default the latest)",
    )
    parser.add_argument(
        "--input", required=True, help="NHS England's long CSV, or a wide CSV (one row per trust)"
    )


def _usage(parser: argparse.ArgumentParser) -> int:
    parser.print_help(sys.stderr)
    return EXIT_FAILED


def _segment(args: argparse.Namespace) -> int:
    from oversight.nof.pipeline import segment  # pandas: loaded only when the command runs
    from oversight.nof.readers import read_trust_file

    name = "oversight nof segment"
    try:
        method = load_method(args.year)
        data = read_trust_file(args.input, method)
        result = segment(
            data,
            method,
            average_from=args.average_from,
            published_scores=args.published_scores,
            use_published_ranks=False if args.no_published_ranks else None,
        )
        table = result.table()
        if args.average_from == "computed":
            table = table.drop(columns="average_computed")
        for column in FLAG_COLUMNS:
            table[column] = table[column].astype(int)
        decimals = method.average_decimals if method.average_decimals is not None else 4
        _write(
            args.output,
            lambda handle: table.to_csv(
                handle, index=False, lineterminator="\n", float_format=f"%.{max(decimals, 2)}f"
            ),
        )
    except (NofError, OSError) as exc:
        print(f"{name}: error: {exc}", file=sys.stderr)
        return EXIT_FAILED
    counts = table["final_segment"].value_counts().sort_index()
    spread = ", ".join(f"{int(k)}: {v}" for k, v in counts.items())
    print(f"{name}: {len(table)} trusts, NOF {method.year}, final segments {{{spread}}} -> {args.output}")
    return 0


def _compare(args: argparse.Namespace) -> int:
    from oversight.nof.comparison import compare_with_published
    from oversight.nof.readers import read_trust_file

    try:
        method = load_method(args.year)
        data = read_trust_file(args.input, method)
        if data.layout != "long":
            raise NofError(
                f"{args.input}: compare needs NHS England's long CSV (it carries the published results)"
            )
        report = compare_with_published(data, method).to_markdown()
        if args.output:
            _write(args.output, lambda handle: handle.write(report))
        else:
            sys.stdout.write(report)
    except (NofError, OSError) as exc:
        print(f"oversight nof compare: error: {exc}", file=sys.stderr)
        return EXIT_FAILED
    return 0


def _write(path: str, write) -> None:
    """Write through a temporary file beside ``path`` and rename it, so a failure leaves nothing half-written."""
    target = Path(path)
    if not target.parent.is_dir():
        raise NofError(f"{path}: folder {target.parent} does not exist")
    descriptor, temporary = tempfile.mkstemp(dir=target.parent, prefix=f".{target.name}.", suffix=".tmp")
    try:
        with open(descriptor, "w", encoding="utf-8", newline="") as handle:
            write(handle)
        os.replace(temporary, target)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise
