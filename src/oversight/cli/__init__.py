"""The one command-line entry point: ``oversight``.

``COMMANDS`` is the explicit list of modules that add sub-commands; each exposes
``register(subparsers)`` and sets ``func`` on its parsers (``func(args)`` returns an exit code).
Every module is imported unguarded, so one that fails to import stops the CLI rather than
silently losing its commands (tests/test_front_doors.py).

Commands that need the database set ``needs_django=True`` on their parser and are given a
configured Django before they run; the analytics commands (spc, funnel, nof, deadline, ingest of
published statistics) never import Django, so they start fast and run without a database.
Domain apps never import this package: the commands here call the apps' services.
"""

from __future__ import annotations

import argparse
import importlib
import sys

COMMANDS = [
    "oversight.cli.server",  # serve, demo, migrate
    "oversight.cli.ingest",  # ingest ods | ae | ae-tidy | rtt | nhs111
    "oversight.cli.audit",  # audit verify | checkpoint
    "oversight.cli.users",  # user ..., token ...
    "oversight.cli.governance",  # governance import
    "oversight.cli.register",  # register import (the clinician register: ESR, GMC Connect)
    "oversight.cli.clinical_audit",  # clinical-audit import | templates
    "oversight.cli.worker",  # worker (queued imports)
    "oversight.cli.reports",  # report board | quality-account
    "oversight.spc.command",  # spc
    "oversight.funnel.command",  # funnel
    "oversight.nof.command",  # nof segment
    "oversight.deadlines.command",  # deadline RULE --from DATE, deadline --list
    "oversight.iuc.command",  # iuc synthetic | kpis | load (NHS 111 / IUC call-level KPIs)
]


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="oversight",
        description="Oversight: clinical governance and quality oversight for the NHS in England.",
    )
    subparsers = parser.add_subparsers(dest="command", metavar="COMMAND")
    for name in COMMANDS:
        importlib.import_module(name).register(subparsers)
    return parser


def main(argv: list[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    if not getattr(args, "func", None):
        parser.print_help()
        return 0 if args.command is None else 2
    if getattr(args, "needs_django", False):
        from oversight.cli.django_setup import setup_django

        setup_django()
    return int(args.func(args) or 0)


if __name__ == "__main__":
    sys.exit(main())
