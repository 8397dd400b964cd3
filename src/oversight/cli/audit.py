"""``oversight audit verify`` and ``oversight audit checkpoint``: check the audit trail's keyed hash
chain against its signed checkpoints, and anchor its head outside the database."""

from __future__ import annotations

# Enough problems to show where the damage starts; a rewrite of a million entries would list them all.
SHOWN_PROBLEMS = 50


def register(subparsers) -> None:
    audit = subparsers.add_parser("audit", help="the audit trail")
    actions = audit.add_subparsers(dest="audit_command", metavar="ACTION", required=True)
    verify = actions.add_parser(
        "verify", help="check the hash chain, its head and every checkpoint; exit 1 and name each problem"
    )
    verify.set_defaults(func=cmd_audit_verify, needs_django=True)
    checkpoint = actions.add_parser(
        "checkpoint",
        help="check the chain, then write a signed checkpoint of its head to OVERSIGHT_AUDIT_CHECKPOINT_DIR "
        "(run it on a schedule); exit 1 without writing one if the chain is broken",
    )
    checkpoint.set_defaults(func=cmd_audit_checkpoint, needs_django=True)


def cmd_audit_verify(args) -> int:
    from oversight.audit.verify import verify_chain

    report = verify_chain()
    _print_warnings(report)
    if report.intact:
        print(f"Audit trail intact: {report.entries_checked} entries and "
              f"{report.checkpoints_checked} checkpoints checked.")
        return 0
    _print_problems(report)
    return 1


def cmd_audit_checkpoint(args) -> int:
    from oversight.audit.checkpoints import write_checkpoint
    from oversight.audit.verify import verify_chain

    report = verify_chain()
    _print_warnings(report)
    if not report.intact:
        # A checkpoint vouches for everything before it: never for a chain already broken.
        _print_problems(report)
        print("No checkpoint written.")
        return 1
    path = write_checkpoint()
    print(f"Checkpoint written after checking {report.entries_checked} entries: {path}")
    return 0


def _print_problems(report) -> None:
    print(f"Audit trail BROKEN: {len(report.problems)} problem(s) in {report.entries_checked} entries "
          f"and {report.checkpoints_checked} checkpoints.")
    for problem in report.problems[:SHOWN_PROBLEMS]:
        print(f"  {problem}")
    if len(report.problems) > SHOWN_PROBLEMS:
        print(f"  … and {len(report.problems) - SHOWN_PROBLEMS} more")


def _print_warnings(report) -> None:
    for warning in report.warnings:
        print(f"Warning: {warning}")
