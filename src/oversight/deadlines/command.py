"""``oversight deadline``: when a governance deadline falls, from the rules in ``deadlines.toml``.

    oversight deadline RULE --from DATE|DATETIME [--extended] [--deadlines-file FILE]
    oversight deadline --list

The last line printed is the answer: the due date as ``YYYY-MM-DD`` for day-based rules, or the due
moment in ISO 8601 with its offset for hour-based rules (``2026-10-27T11:00:00+00:00``). Lines before
it say how the answer was reached. Input and output times are Europe/London; hours are elapsed hours,
so 72 hours across a change of the clocks end one wall-clock hour earlier or later.

A bad rule name, date or file prints one line to stderr and exits 2. No Django import: the command
reads the same ``deadlines.toml`` (or ``OVERSIGHT_DEADLINES_FILE``) as the web app, nothing else.
"""

from __future__ import annotations

import argparse
import sys
from datetime import UTC, date, datetime
from zoneinfo import ZoneInfo

from oversight.config.paths import deadlines_file
from oversight.deadlines.policy import DeadlinePolicy, DeadlineRule, Kind, Unit, default_policy, load_policy
from oversight.rulefiles import RuleFileError

LONDON = ZoneInfo("Europe/London")

#: The unit words, singular and plural, as a reader would say them.
_UNIT_WORDS = {
    Unit.WORKING_DAYS: ("working day", "working days"),
    Unit.CALENDAR_DAYS: ("calendar day", "calendar days"),
    Unit.CALENDAR_MONTHS: ("calendar month", "calendar months"),
    Unit.HOURS: ("hour", "hours"),
    Unit.YEARS: ("year", "years"),
}


class CommandError(Exception):
    """A rule, date or file the command cannot use, reported as one line."""


def _policy(path: str | None) -> DeadlinePolicy:
    try:
        return default_policy() if not path else load_policy(path)
    except (RuleFileError, OSError) as exc:
        raise CommandError(str(exc)) from None


def _rule(policy: DeadlinePolicy, name: str) -> DeadlineRule:
    try:
        return policy.rule(name)
    except KeyError as exc:
        raise CommandError(exc.args[0]) from None


def _london_moment(text: str, parsed: datetime) -> datetime:
    """``parsed`` as a Europe/London moment; a wall time the clocks skip or repeat must carry its offset."""
    if parsed.tzinfo is not None:
        return parsed.astimezone(LONDON)
    early, late = parsed.replace(tzinfo=LONDON, fold=0), parsed.replace(tzinfo=LONDON, fold=1)
    if early.utcoffset() != late.utcoffset():
        # The autumn hour happens twice (BST, then GMT); in spring the skipped hour has two readings too.
        round_trip = early.astimezone(UTC).astimezone(LONDON).replace(tzinfo=None)
        if round_trip != parsed:
            raise CommandError(f"--from {text}: that time does not exist in Europe/London (the clocks go forward)")
        raise CommandError(
            f"--from {text}: that time happens twice in Europe/London (the clocks go back); "
            f"give the offset, e.g. {early.isoformat()} or {late.isoformat()}"
        )
    return early


def parse_start(text: str, rule: DeadlineRule) -> date | datetime:
    """Day 0 for ``rule``: a date for day-based rules, a Europe/London moment for hour-based ones."""
    try:
        parsed = datetime.fromisoformat(text)
    except ValueError:
        raise CommandError(f"--from {text!r}: not a date (YYYY-MM-DD) or date and time (YYYY-MM-DDTHH:MM)") from None
    has_time = "T" in text or " " in text.strip()
    if rule.is_hourly:
        if not has_time:
            raise CommandError(
                f"--from {text}: rule {rule.name!r} counts {rule.quantity} elapsed hours, "
                "so give the moment it started, e.g. 2026-10-24T12:00"
            )
        return _london_moment(text, parsed)
    # Day-based rules count from the day of the event (day 0); its time of day does not matter.
    return _london_moment(text, parsed).date() if has_time else parsed.date()


def _how(rule: DeadlineRule, start: date | datetime, extended: bool) -> list[str]:
    """The lines that explain the answer: the rule, what it counts from, and how sure the rule is."""
    quantity = rule.quantity + ((rule.extension_quantity or 0) if extended else 0)
    unit = _UNIT_WORDS[rule.unit][quantity != 1]
    lines = [
        f"{rule.label} ({rule.name})",
        f"{quantity} {'elapsed ' if rule.is_hourly else ''}{unit} from {rule.starts_from or rule.anchor}"
        + (" (extended)" if extended else ""),
        f"Day 0: {start.isoformat()}" if not rule.is_hourly else f"From: {start.isoformat()} (Europe/London)",
    ]
    if rule.roll_to_working_day:
        lines.append("A due date on a weekend or bank holiday moves to the next working day.")
    if rule.kind is Kind.TIME_LIMIT:
        lines.append("A time limit: arriving after it raises a warning; it is not a bar.")
    lines.append(f"Confidence: {rule.confidence.value} (docs/rules/deadlines.md)")
    return lines


def due_lines(policy: DeadlinePolicy, name: str, start_text: str, *, extended: bool = False) -> list[str]:
    """What ``oversight deadline`` prints for one rule; the last line is the due date or moment."""
    rule = _rule(policy, name)
    if extended and rule.extension_quantity is None:
        raise CommandError(f"rule {name!r} has no extension")
    start = parse_start(start_text, rule)
    try:
        due = policy.due(name, start, extended=extended)
    except (ValueError, TypeError) as exc:  # e.g. a date outside the years the bank holidays cover
        raise CommandError(f"--from {start_text}: {exc}") from None
    answer = due.astimezone(LONDON).isoformat() if isinstance(due, datetime) else due.isoformat()
    return [*_how(rule, start, extended), answer]


def list_lines(policy: DeadlinePolicy) -> list[str]:
    """Every rule's name and label, one a line, in file order."""
    width = max(len(rule.name) for rule in policy)
    return [f"{rule.name.ljust(width)}  {rule.label}" for rule in policy]


def run(args: argparse.Namespace) -> int:
    """Print the answer; 2 after a one-line message on stderr for a bad rule, date or file."""
    try:
        policy = _policy(args.deadlines_file or deadlines_file() or None)
        if args.list:
            lines = list_lines(policy)
        elif not args.rule or not args.start:
            raise CommandError("give a RULE and --from DATE (or --list to see the rules)")
        else:
            lines = due_lines(policy, args.rule, args.start, extended=args.extended)
    except CommandError as exc:
        print(f"oversight deadline: error: {exc}", file=sys.stderr)
        return 2
    print("\n".join(lines))
    return 0


def register(subparsers: argparse._SubParsersAction) -> None:
    """Add the ``deadline`` sub-command to the ``oversight`` command line."""
    parser = subparsers.add_parser(
        "deadline",
        help="when a governance deadline falls (Duty of Candour, complaints, SARs, breaches, ...)",
        description="Work out a governance deadline from the rules in deadlines.toml. The last line "
        "printed is the due date (YYYY-MM-DD), or for hour-based rules the due moment in Europe/London "
        "time with its offset.",
    )
    parser.add_argument("rule", nargs="?", metavar="RULE", help="rule name as in deadlines.toml (see --list)")
    parser.add_argument("--from", dest="start", metavar="DATE|DATETIME",
                        help="day 0 (YYYY-MM-DD), or for hour-based rules the moment (YYYY-MM-DDTHH:MM, "
                        "Europe/London unless an offset is given)")  # fmt: skip
    parser.add_argument("--extended", action="store_true",
                        help="add the rule's extension (the subject access request's two further months)")  # fmt: skip
    parser.add_argument("--list", action="store_true", help="list every rule's name and label")
    parser.add_argument("--deadlines-file", metavar="FILE", default=None,
                        help="a trust's own deadlines.toml (default: OVERSIGHT_DEADLINES_FILE, "
                        "else the packaged rules)")  # fmt: skip
    parser.set_defaults(func=run)
