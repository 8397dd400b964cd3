"""``oversight governance import``: bulk import of historical incidents or complaints from the command line.

    oversight governance import incidents export.csv [--mapping my-mapping.toml] [--organisation RXX]
                                                     [--errors problems.csv] [--again]

All or nothing: every row is checked first; if any has a problem, nothing is written, each problem is
printed (row, column, problem) and the exit code is 1. A file already imported (the same bytes) is
refused unless ``--again`` confirms importing it again, as the tick box on the import page does.
"""

from __future__ import annotations

import sys
from pathlib import Path


def register(subparsers) -> None:
    governance = subparsers.add_parser("governance", help="clinical governance: import historical cases")
    actions = governance.add_subparsers(dest="governance_command", metavar="ACTION", required=True)
    command = actions.add_parser("import", help="import incidents or complaints from a Datix-style CSV export")
    command.add_argument("kind", choices=("incidents", "complaints"))
    command.add_argument("path", type=Path, metavar="CSV")
    command.add_argument("--mapping", type=Path, help="a TOML column mapping (default: the standard Datix-style one)")
    command.add_argument("--organisation", help="ODS code for rows that do not name their organisation")
    command.add_argument("--errors", type=Path, help="write the problem report to this CSV file")
    command.add_argument("--again", action="store_true",
                         help="import it again even though the same file was imported before")
    command.set_defaults(func=cmd_import, needs_django=True)


def cmd_import(args) -> int:
    from oversight.audit.context import acting_as, system_actor
    from oversight.governance.imports import MappingError, import_file, load_mapping
    from oversight.organisations.models import Organisation

    if not args.path.is_file():
        print(f"oversight: no such file {args.path}", file=sys.stderr)
        return 2
    try:
        mapping = load_mapping(args.kind, args.mapping.read_text(encoding="utf-8") if args.mapping else None)
    except (MappingError, OSError) as error:
        print(f"oversight: mapping: {error}", file=sys.stderr)
        return 2
    organisation = None
    if args.organisation:
        organisation = Organisation.objects.filter(ods_code=args.organisation.upper()).first()
        if organisation is None:
            print(f"oversight: no organisation with ODS code {args.organisation}", file=sys.stderr)
            return 2
    with acting_as(system_actor("oversight-cli:governance-import")):
        result = import_file(args.path.read_bytes(), mapping, file_name=args.path.name,
                             actor_label="system:oversight-cli:governance-import", default_organisation=organisation,
                             again=args.again)
    if result.ok:
        print(f"Imported {result.created:,} {result.kind} from {args.path.name} (batch {result.batch.pk}).")
        return 0
    print(f"Nothing imported: {result.problem_count:,} problem(s) in {result.rows:,} rows.", file=sys.stderr)
    for problem in result.problems[:50]:
        print(f"  row {problem.row}, {problem.column or 'file'}: {problem.problem}", file=sys.stderr)
    if result.problem_count > 50:
        print(f"  ... and {result.problem_count - 50:,} more", file=sys.stderr)
    if args.errors:
        args.errors.write_text(result.problems_csv(), encoding="utf-8")
        print(f"Problem report written to {args.errors}", file=sys.stderr)
    return 1
