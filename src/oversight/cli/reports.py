"""`oversight report board|quality-account --org CODE --month YYYY-MM|--year YYYY-YY --output FILE.pdf|FILE.html`."""

from __future__ import annotations

import sys
from pathlib import Path


def register(subparsers) -> None:
    report = subparsers.add_parser("report", help="board reports and quality account data packs (PDF or HTML)")
    sub = report.add_subparsers(dest="report_command", metavar="KIND", required=True)
    board = sub.add_parser("board", help="the monthly board quality report for a trust, ICB or region")
    board.add_argument("--month", required=True, help="YYYY-MM; only data up to the end of it is used")
    quality = sub.add_parser("quality-account", help="the quality account data pack for a financial year")
    quality.add_argument("--year", required=True, help="financial year, e.g. 2024-25 (April to March)")
    for parser in (board, quality):
        parser.add_argument("--org", required=True, help="ODS code of a trust, ICB or region")
        parser.add_argument("--output", required=True, help="FILE.pdf or FILE.html")
        parser.add_argument("--orientation", choices=("portrait", "landscape"),
                            help="page orientation (default: the organisation's template, else portrait)")
        parser.set_defaults(func=cmd_report, needs_django=True)


def cmd_report(args) -> int:
    from oversight.audit.auditor import Auditor
    from oversight.audit.context import acting_as, system_actor
    from oversight.audit.models import AuditAction
    from oversight.organisations.models import Organisation
    from oversight.reports.board import (
        ReportError,
        build_board_report,
        build_quality_account,
        parse_financial_year,
        parse_month,
    )
    from oversight.reports.document import render_html, render_pdf

    output = Path(args.output)
    if output.suffix.lower() not in {".pdf", ".html"}:
        print("oversight: --output must end in .pdf or .html", file=sys.stderr)
        return 2
    organisation = Organisation.objects.filter(ods_code=args.org.upper()).first()
    if organisation is None:
        print(f"oversight: no organisation with ODS code {args.org!r}", file=sys.stderr)
        return 2
    try:
        if args.report_command == "board":
            report = build_board_report(organisation, parse_month(args.month))
        else:
            report = build_quality_account(organisation, parse_financial_year(args.year))
    except ReportError as exc:
        print(f"oversight: {exc}", file=sys.stderr)
        return 2
    if output.suffix.lower() == ".pdf":
        output.write_bytes(render_pdf(report, args.orientation))
    else:
        output.write_text(render_html(report, args.orientation), encoding="utf-8")
    with acting_as(system_actor("oversight-cli:report")) as actor:
        Auditor(actor).record(AuditAction.EXPORT, organisation, object_type=report.title.lower(),
                              object_repr=f"{report.title} {organisation.ods_code} {report.month_label}")
    print(f"{report.title} for {organisation.name}, {report.month_label}: {output} "
          f"({len(report.sections)} metrics, {len(report.providers)} providers)")
    return 0
