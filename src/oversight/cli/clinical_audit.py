"""``oversight clinical-audit``: the clinician audit programme from the command line.

    oversight clinical-audit import FILE --organisation ODS --system adastra|cleric|emis [--as USERNAME]
    oversight clinical-audit templates [--file TEMPLATE.toml]

``import`` loads consultations exported from the clinical system through the same service as the
*Import consultations* page: all or nothing; if any row has a problem nothing is written, each problem
is printed (row, column, problem) and the exit code is 1. ``--as`` records the import in the audit trail
as that user, who must manage clinical audit for the organisation; without it the entry names this
command. ``templates`` lists the shipped template's criteria, weights, scale and grade bands (or checks
a locally edited copy given with ``--file``). Design: docs/clinical-audit.md.
"""

from __future__ import annotations

import sys
from pathlib import Path

from oversight.cli.django_setup import fail

SYSTEMS = ("adastra", "cleric", "emis")
PROBLEMS_SHOWN = 50
SYSTEM_ACTOR = "oversight-cli:clinical-audit-import"


def register(subparsers) -> None:
    audit = subparsers.add_parser("clinical-audit", help="clinician audit: import consultations, list the template")
    actions = audit.add_subparsers(dest="clinical_audit_command", metavar="ACTION", required=True)
    command = actions.add_parser("import", help="import consultations exported from Adastra, Cleric or EMIS")
    command.add_argument("path", type=Path, metavar="FILE", help="the CSV export (no patient identifiers)")
    command.add_argument("--organisation", required=True, metavar="ODS", help="ODS code of the organisation")
    command.add_argument("--system", required=True, choices=SYSTEMS, help="the clinical system the export comes from")
    command.add_argument("--as", dest="username", metavar="USERNAME",
                         help="record the import as this user (who must manage clinical audit for the organisation)")
    command.set_defaults(func=cmd_import, needs_django=True)
    templates = actions.add_parser("templates", help="list the audit template's criteria, scale and grade bands")
    templates.add_argument("--file", type=Path, metavar="TOML", help="check and list a locally edited template instead")
    templates.set_defaults(func=cmd_templates, needs_django=True)


def _actor(username: str | None, organisation):
    """The actor the audit trail records, or an error message."""
    from django.contrib.auth import get_user_model

    from oversight.accounts.access import can
    from oversight.accounts.roles import Capability as C
    from oversight.audit.context import Actor, system_actor

    if not username:
        return system_actor(SYSTEM_ACTOR), ""
    user = get_user_model().objects.filter(username=username, is_active=True).first()
    if user is None:
        return None, f"no active user called {username!r}"
    if not can(user, C.MANAGE_CLINICAL_AUDIT, organisation):
        return None, f"{username} does not manage clinical audit for {organisation.name}"
    return Actor(user=user), ""


def cmd_import(args) -> int:
    from oversight.audit.context import acting_as
    from oversight.clinical_performance.services.consultations import import_consultations
    from oversight.organisations.models import Organisation

    if not args.path.is_file():
        return fail(f"no such file {args.path}")
    organisation = Organisation.objects.filter(ods_code=args.organisation.strip().upper()).first()
    if organisation is None:
        return fail(f"no organisation with ODS code {args.organisation}")
    actor, problem = _actor(args.username, organisation)
    if actor is None:
        return fail(problem)
    with acting_as(actor):
        result = import_consultations(organisation=organisation, shape=args.system, data=args.path.read_bytes())
    if result.imported:
        print(f"Imported {result.created:,} consultations for {organisation.name} from {args.path.name} "
              f"(batch {result.batch.pk}).")
        return 0
    _print_problems(result, args.path.name)
    return 1


def _print_problems(result, name: str) -> None:
    print(f"Nothing imported from {name}: {len(result.problems):,} problem(s) in {result.rows:,} rows.", file=sys.stderr)
    for problem in result.problems[:PROBLEMS_SHOWN]:
        print(f"  row {problem.row}, {problem.column or 'file'}: {problem.problem}", file=sys.stderr)
    if len(result.problems) > PROBLEMS_SHOWN:
        print(f"  ... and {len(result.problems) - PROBLEMS_SHOWN:,} more", file=sys.stderr)


def cmd_templates(args) -> int:
    from oversight.clinical_performance.configuration import RuleFileError, read_template

    if args.file is not None and not args.file.is_file():
        return fail(f"no such file {args.file}")
    try:
        template = read_template(args.file)
    except RuleFileError as error:
        return fail(str(error))
    for line in template_lines(template):
        print(line)
    return 0


def template_lines(template) -> list[str]:
    lines = [f"{template.name} (version {template.version}), confidence {template.confidence}",
             f"Source: {template.source}",
             "Scale: " + ", ".join(f"{rating.replace('_', ' ')} earns {share:g} of the weight"
                                   for rating, share in template.scale.items()),
             "Grades: " + ", ".join(f"{name} from {minimum:g}%" for name, minimum in template.grade_bands),
             f"Re-audit below {template.reaudit_below:g}%",
             f"{len(template.criteria)} criteria (code, weight, wording):"]
    width = max((len(c.code) for c in template.criteria), default=0)
    lines += [f"  {number:>2}. {c.code:<{width}}  {c.weight:g}  {c.wording}"
              for number, c in enumerate(template.criteria, start=1)]
    return lines
