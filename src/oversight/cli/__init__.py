"""The one command-line entry point: ``oversight``.

Each sub-command lives beside the module it drives and registers itself here through a
``register(subparsers)`` function, so this file stays a table of contents. Commands that
need the Django ORM set it up lazily, so the analytics commands start fast and work
without a database.
"""

from __future__ import annotations

import argparse
import importlib
import sys

# Modules that add sub-commands. Each exposes register(subparsers) -> None and sets
# ``func`` on its parser(s); func(args) returns an exit code.
COMMAND_MODULES = [
    "oversight.web_commands",  # serve, demo, migrate, ingest, audit, user, token
    "oversight.spc.command",  # spc
    "oversight.nof.command",  # nof segment
    "oversight.surveillance.command",  # surveillance (escalations, NOF results)
    "oversight.governance.command",  # governance import
    "oversight.reports.command",  # report board / quality-account
]


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="oversight",
        description="Oversight: clinical governance and quality oversight for the NHS in England.",
    )
    subparsers = parser.add_subparsers(dest="command", metavar="COMMAND")
    for name in COMMAND_MODULES:
        try:
            module = importlib.import_module(name)
        except ModuleNotFoundError as exc:
            if exc.name != name:
                raise
            continue
        module.register(subparsers)
    return parser


def main(argv: list[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    if not getattr(args, "func", None):
        parser.print_help()
        return 0 if args.command is None else 2
    return int(args.func(args) or 0)


if __name__ == "__main__":
    sys.exit(main())
