"""``oversight ingest ods|ae|ae-tidy|rtt|nhs111|iuc-adc PATH...``.

The metric sources load into the DuckDB warehouse without Django (fast, no database needed);
the warehouse file is the one the web app reads (``oversight.config.paths``) unless ``--warehouse``
names another. ODS files load into the organisation register through its service.
"""

from __future__ import annotations

import os

from oversight.cli.django_setup import fail, setup_django

WAREHOUSE_SOURCES = ("ae", "ae-tidy", "rtt", "nhs111", "iuc-adc")


def register(subparsers) -> None:
    ingest = subparsers.add_parser("ingest", help="load published data: ods (organisations) or ae, ae-tidy, rtt, nhs111, iuc-adc (metrics)")
    ingest.add_argument("source", choices=("ods", *WAREHOUSE_SOURCES))
    ingest.add_argument("paths", nargs="+", metavar="PATH")
    ingest.add_argument("--warehouse", help="DuckDB warehouse file (default: OVERSIGHT_WAREHOUSE, else var/warehouse.duckdb)")
    ingest.set_defaults(func=cmd_ingest)


def cmd_ingest(args) -> int:
    if args.source in WAREHOUSE_SOURCES:
        from oversight.config.paths import warehouse_path
        from oversight.warehouse.command import run_ingest

        return run_ingest(args.source, args.paths, args.warehouse or str(warehouse_path()))
    setup_django()
    from oversight.audit.context import acting_as, system_actor
    from oversight.organisations.ods import ODSFileError
    from oversight.organisations.services import load_ods_file

    with acting_as(system_actor("oversight-cli:ingest-ods")):
        for path in args.paths:
            try:
                report = load_ods_file(path)
            except ODSFileError as exc:
                return fail(f"{os.fspath(path)}: {exc}. Nothing was written.")
            print(report.summary())
    return 0
