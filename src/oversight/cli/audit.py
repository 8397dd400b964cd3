"""``oversight audit verify``: check the audit trail's hash chain."""

from __future__ import annotations


def register(subparsers) -> None:
    audit = subparsers.add_parser("audit", help="the audit trail")
    actions = audit.add_subparsers(dest="audit_command", metavar="ACTION", required=True)
    verify = actions.add_parser("verify", help="check the hash chain; exit 1 and name each broken entry")
    verify.set_defaults(func=cmd_audit_verify, needs_django=True)


def cmd_audit_verify(args) -> int:
    from oversight.audit.verify import verify_chain

    report = verify_chain()
    if report.intact:
        print(f"Audit trail intact: {report.entries_checked} entries checked.")
        return 0
    print(f"Audit trail BROKEN: {len(report.problems)} problem(s) in {report.entries_checked} entries.")
    for problem in report.problems:
        print(f"  {problem}")
    return 1
