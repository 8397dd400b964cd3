"""The deadline policy: every governance deadline as data, loaded from ``deadlines.toml``."""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from enum import StrEnum
from functools import lru_cache
from importlib import resources
from pathlib import Path
from types import MappingProxyType
from typing import Any

from oversight.rulefiles import Confidence, RuleFile, RuleFileError, Table, read_rule_file

from .clock import (
    DEFAULT_DUE_SOON_HOURS,
    DEFAULT_DUE_SOON_WORKING_DAYS,
    ClockReading,
    HoursClockReading,
    clock,
    hours_clock,
)
from .periods import add_calendar_months, add_years, hours_after, require_aware
from .working_days import ENGLAND_AND_WALES, WorkingCalendar, _as_date

__all__ = [
    "REQUIRED_RULES",
    "Confidence",
    "DeadlinePolicy",
    "DeadlineRule",
    "Kind",
    "PolicyError",
    "Unit",
    "default_policy",
    "load_policy",
]


class PolicyError(RuleFileError):
    """``deadlines.toml`` (or an override) is malformed; the message names the table and key."""


class Unit(StrEnum):
    WORKING_DAYS = "working_days"
    CALENDAR_DAYS = "calendar_days"
    CALENDAR_MONTHS = "calendar_months"
    HOURS = "hours"
    YEARS = "years"


class Kind(StrEnum):
    DEADLINE = "deadline"  # something must be done by the due date
    TIME_LIMIT = "time_limit"  # something arriving after the date raises a warning (not a bar)


#: Rules the Django apps rely on; a policy file without any of them is rejected.
REQUIRED_RULES = frozenset(
    {
        "duty_of_candour_notification",
        "duty_of_candour_written_follow_up",
        "complaint_acknowledgement",
        "complaint_response",
        "complaint_time_limit",
        "phso_referral",
        "cqc_complaints_summary",
        "subject_access_request",
        "ico_personal_data_breach",
        "pecr_breach",
        "medical_appraisal",
        "revalidation",
        "mhps_immediate_exclusion",
        "mhps_formal_exclusion",
    }
)

_RULE_KEYS = {
    "label",
    "quantity",
    "unit",
    "anchor",
    "starts_from",
    "kind",
    "roll_to_working_day",
    "extension_quantity",
    "allows_agreed_date",
    "due_soon_within",
    "source",
    "confidence",
    "note",
}
_REQUIRED_RULE_KEYS = {"label", "quantity", "unit", "anchor", "source", "confidence"}


@dataclass(frozen=True)
class DeadlineRule:
    """One deadline. ``due()`` turns a start date (day 0) or moment into a due date or moment."""

    name: str
    label: str
    quantity: int
    unit: Unit
    anchor: str
    source: tuple[str, ...]
    confidence: Confidence
    starts_from: str = ""
    kind: Kind = Kind.DEADLINE
    roll_to_working_day: bool = False
    extension_quantity: int | None = None
    allows_agreed_date: bool = False
    due_soon_within: int | None = None
    note: str = ""

    @property
    def is_hourly(self) -> bool:
        return self.unit is Unit.HOURS

    def _add(self, start: Any, quantity: int, calendar: WorkingCalendar) -> Any:
        match self.unit:
            case Unit.HOURS:
                return hours_after(start, quantity)
            case Unit.WORKING_DAYS:
                return calendar.working_days_after(start, quantity)
            case Unit.CALENDAR_DAYS:
                return start + timedelta(days=quantity)
            case Unit.CALENDAR_MONTHS:
                return add_calendar_months(start, quantity)
            case Unit.YEARS:
                return add_years(start, quantity)
        raise AssertionError(self.unit)  # pragma: no cover

    def due(
        self,
        start: date | datetime,
        *,
        extended: bool = False,
        agreed_date: date | None = None,
        agreed_on: date | None = None,
        calendar: WorkingCalendar = ENGLAND_AND_WALES,
    ) -> date | datetime:
        """The due date (or, for hours, the due moment).

        ``start`` is day 0: a ``date`` for day-based units, a timezone-aware ``datetime`` for hours.
        ``extended=True`` adds ``extension_quantity`` (only for rules that have one).
        ``agreed_date``/``agreed_on`` (only for rules with ``allows_agreed_date``): a date agreed with
        the person, and the day it was agreed. The agreed date is used if it was agreed on or before
        the original due date; an agreement made after the original date lapsed does not move it.
        """
        if self.is_hourly:
            require_aware(start, "start")  # type: ignore[arg-type]
        else:
            _as_date(start, "start")  # type: ignore[arg-type]
        quantity = self.quantity
        if extended:
            if self.extension_quantity is None:
                raise ValueError(f"rule {self.name!r} has no extension")
            quantity += self.extension_quantity
        result = self._add(start, quantity, calendar)
        if self.roll_to_working_day and not self.is_hourly:
            result = calendar.next_working_day_on_or_after(result)
        if agreed_date is not None or agreed_on is not None:
            if not self.allows_agreed_date:
                raise ValueError(f"rule {self.name!r} does not allow an agreed date")
            if agreed_date is None or agreed_on is None:
                raise ValueError(
                    "give both agreed_date and agreed_on: a later date counts only if it was agreed "
                    "before the original period ran out"
                )
            _as_date(agreed_date, "agreed_date")
            _as_date(agreed_on, "agreed_on")
            if agreed_on <= result:
                return agreed_date
        return result

    def agreement_is_valid(
        self, start: date, agreed_on: date, calendar: WorkingCalendar = ENGLAND_AND_WALES
    ) -> bool:
        """True if an agreement made on ``agreed_on`` was made before the original period lapsed."""
        return self.allows_agreed_date and agreed_on <= self.due(start, calendar=calendar)

    def due_soon_window(self, policy_default_days: int, policy_default_hours: int) -> int:
        if self.due_soon_within is not None:
            return self.due_soon_within
        return policy_default_hours if self.is_hourly else policy_default_days


@dataclass(frozen=True)
class DeadlinePolicy:
    """All the rules, the working calendar they use and the clock defaults."""

    version: str
    rules: Mapping[str, DeadlineRule]
    calendar: WorkingCalendar = ENGLAND_AND_WALES
    sources: Mapping[str, str] = field(default_factory=dict)
    due_soon_working_days: int = DEFAULT_DUE_SOON_WORKING_DAYS
    due_soon_hours: int = DEFAULT_DUE_SOON_HOURS

    def __post_init__(self) -> None:
        object.__setattr__(self, "rules", MappingProxyType(dict(self.rules)))
        object.__setattr__(self, "sources", MappingProxyType(dict(self.sources)))

    def __getitem__(self, name: str) -> DeadlineRule:
        return self.rule(name)

    def __iter__(self) -> Iterator[DeadlineRule]:
        return iter(self.rules.values())

    def __len__(self) -> int:
        return len(self.rules)

    def rule(self, name: str) -> DeadlineRule:
        try:
            return self.rules[name]
        except KeyError:
            raise KeyError(f"no deadline rule {name!r}; known: {', '.join(sorted(self.rules))}") from None

    def due(self, name: str, start: date | datetime, **kwargs: Any) -> date | datetime:
        """``self[name].due(start, ...)`` with this policy's calendar."""
        return self.rule(name).due(start, calendar=self.calendar, **kwargs)

    def clock(
        self,
        name: str,
        start: date | datetime,
        now: date | datetime,
        completed: date | datetime | None = None,
        **due_kwargs: Any,
    ) -> ClockReading | HoursClockReading:
        """Work out the due date from ``start`` and read the clock at ``now`` (a date, or a datetime for hours)."""
        rule = self.rule(name)
        due = rule.due(start, calendar=self.calendar, **due_kwargs)
        window = rule.due_soon_window(self.due_soon_working_days, self.due_soon_hours)
        if rule.is_hourly:
            return hours_clock(due, now, completed, due_soon_within_hours=window)  # type: ignore[arg-type]
        return clock(due, now, completed, due_soon_within=window, calendar=self.calendar)  # type: ignore[arg-type]


# --- loading ----------------------------------------------------------------------------------------


def _source_tags(rules: RuleFile, table: Table, known_sources: Mapping[str, str]) -> tuple[str, ...]:
    source = table.get("source")
    if isinstance(source, str):
        source = [source]
    if not isinstance(source, list) or not source or not all(isinstance(s, str) for s in source):
        raise rules.fail("expected a non-empty list of source tags", table=table, key="source")
    undefined = [s for s in source if s not in known_sources]
    if undefined:
        raise rules.fail(f"source tags {undefined} are not defined in [sources]", table=table, key="source")
    return tuple(source)


def _rule(rules: RuleFile, name: str, table: Table, known_sources: Mapping[str, str]) -> DeadlineRule:
    rules.known_keys(table, _RULE_KEYS)
    extension = rules.optional(table, "extension_quantity", int, minimum=1)
    return DeadlineRule(
        name=name,
        label=rules.require(table, "label", str),
        quantity=rules.require(table, "quantity", int, minimum=1),
        unit=rules.require(table, "unit", Unit),
        anchor=rules.require(table, "anchor", str),
        source=_source_tags(rules, table, known_sources),
        confidence=rules.require(table, "confidence", Confidence),
        starts_from=rules.optional(table, "starts_from", str, ""),
        kind=rules.optional(table, "kind", Kind, Kind.DEADLINE),
        roll_to_working_day=rules.optional(table, "roll_to_working_day", bool, False),
        extension_quantity=extension,
        allows_agreed_date=rules.optional(table, "allows_agreed_date", bool, False),
        due_soon_within=rules.optional(table, "due_soon_within", int, minimum=0),
        note=rules.optional(table, "note", str, "").strip(),
    )


def _calendar(rules: RuleFile) -> WorkingCalendar:
    cal = rules.table("calendar", required=False)
    extra = rules.optional(cal, "extra_non_working_days", list[date], [])
    try:
        calendar = WorkingCalendar(
            name=rules.optional(cal, "name", str, "England and Wales"),
            country=rules.optional(cal, "country", str, "GB"),
            subdivision=rules.optional(cal, "subdivision", str, "ENG"),
            extra_non_working_days=frozenset(extra),
        )
    except (ValueError, NotImplementedError, KeyError) as exc:
        raise rules.fail(str(exc), table="calendar") from exc
    # The default calendar object carries the bank-holiday cache; share it rather than rebuild it.
    return ENGLAND_AND_WALES if calendar == ENGLAND_AND_WALES else calendar


def _rules(rules: RuleFile, known_sources: Mapping[str, str]) -> dict[str, DeadlineRule]:
    found = {name: _rule(rules, name, table, known_sources) for name, table in rules.subtables("rules").items()}
    missing = REQUIRED_RULES - set(found)
    if missing:
        raise rules.fail(f"missing required rules {sorted(missing)}", table="rules")
    return found


def policy_from_rule_file(rules: RuleFile) -> DeadlinePolicy:
    """Build a policy from a read rule file (validating it)."""
    rules.require(rules.data, "schema", int, choices=(1,))
    sources = rules.table("sources", required=False)
    for tag in sources:
        rules.require(sources, tag, str)
    clock_cfg = rules.table("clock", required=False)
    return DeadlinePolicy(
        version=rules.require(rules.data, "version", str),
        rules=_rules(rules, sources),
        calendar=_calendar(rules),
        sources=dict(sources),
        due_soon_working_days=rules.optional(clock_cfg, "due_soon_working_days", int, 3, minimum=0),
        due_soon_hours=rules.optional(clock_cfg, "due_soon_hours", int, 24, minimum=0),
    )


def policy_from_mapping(data: Mapping[str, Any], *, file_label: str = "deadlines.toml") -> DeadlinePolicy:
    """Build a policy from parsed TOML (validating it); errors name ``file_label``."""
    return policy_from_rule_file(RuleFile(file_label, data, error=PolicyError))


def _merge(base: dict[str, Any], override: Mapping[str, Any]) -> dict[str, Any]:
    merged = dict(base)
    for key, value in override.items():
        if isinstance(value, Mapping) and isinstance(merged.get(key), Mapping):
            merged[key] = _merge(dict(merged[key]), value)
        else:
            merged[key] = value
    return merged


PACKAGED = resources.files(__package__).joinpath("deadlines.toml")


def load_policy(
    path: str | Path | None = None, *, overrides: Mapping[str, Any] | None = None
) -> DeadlinePolicy:
    """Load the policy.

    With no ``path``, the ``deadlines.toml`` shipped in this package. ``overrides`` (e.g. from
    Django settings or a trust's own TOML) is merged over it table by table, so a trust can change one
    value: ``load_policy(overrides={"rules": {"duty_of_candour_notification": {"quantity": 5}}})``.
    """
    rules = read_rule_file(PACKAGED if path is None else Path(path), error=PolicyError)
    if overrides:
        rules = RuleFile(rules.label, _merge(dict(rules.data), overrides), error=PolicyError)
    return policy_from_rule_file(rules)


@lru_cache(maxsize=1)
def default_policy() -> DeadlinePolicy:
    """The packaged policy, loaded once."""
    return load_policy()
