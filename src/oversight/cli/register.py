"""``oversight register import``: the clinician register from an ESR extract or a GMC Connect list.

    oversight register import --mapping esr|gmc_connect FILE [--organisation ODS] [--mapping-file my.toml]
                              [--update] [--errors problems.csv]

All or nothing, as on the import page: every row is checked first; if any has a problem, nothing is
written, each problem is printed (row, column, problem) and the exit code is 1. ``--organisation`` is
the organisation for rows that name none (a GMC Connect list's designated body). ``--update`` updates
clinicians already on the register instead of refusing the file. The command line acts as a system
for every organisation (there is no user whose scope applies).
"""

from __future__ import annotations

import sys
from pathlib import Path


def register(subparsers) -> None:
    parser = subparsers.add_parser("register", help="the clinician register: import from ESR or GMC Connect")
    actions = parser.add_subparsers(dest="register_command", metavar="ACTION", required=True)
    command = actions.add_parser("import", help="import clinicians from an ESR extract or a GMC Connect list (CSV)")
    command.add_argument("path", type=Path, metavar="FILE")
    command.add_argument("--mapping", required=True, choices=("esr", "gmc_connect"), help="what the file is")
    command.add_argument("--mapping-file", type=Path, help="a TOML column mapping (default: the standard one)")
    command.add_argument("--organisation", help="ODS code for rows that do not name their organisation")
    command.add_argument("--update", action="store_true", help="update clinicians already on the register")
    command.add_argument("--errors", type=Path, help="write the problem report to this CSV file")
    command.set_defaults(func=cmd_import, needs_django=True)


def cmd_import(args) -> int:
    from oversight.audit.context import acting_as, system_actor
    from oversight.organisations.models import Organisation
    from oversight.workforce.imports import MappingError, import_register, load_mapping

    if not args.path.is_file():
        print(f"oversight: no such file {args.path}", file=sys.stderr)
        return 2
    try:
        text = args.mapping_file.read_text(encoding="utf-8") if args.mapping_file else None
        mapping = load_mapping(args.mapping, text, file_label=str(args.mapping_file or ""))
    except (MappingError, OSError) as error:
        print(f"oversight: mapping: {error}", file=sys.stderr)
        return 2
    organisation = None
    if args.organisation:
        organisation = Organisation.objects.filter(ods_code=args.organisation.upper()).first()
        if organisation is None:
            print(f"oversight: no organisation with ODS code {args.organisation}", file=sys.stderr)
            return 2
    with acting_as(system_actor("oversight-cli:register-import")):
        result = import_register(args.path.read_bytes(), mapping, organisation=organisation, update_existing=args.update)
    if result.ok:
        print(f"Imported {result.rows:,} rows from {args.path.name}: {result.created:,} added, {result.updated:,} updated, "
              f"{result.unchanged:,} unchanged.")
        if result.revalidation:
            print(f"{len(result.revalidation):,} rows carry revalidation details (submission date, under notice) for "
                  f"professional standards to record.")
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
