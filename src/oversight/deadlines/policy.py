"""The deadline policy: every governance deadline as data, loaded from ``deadlines.toml``."""

from __future__ import annotations

import tomllib
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from enum import StrEnum
from functools import lru_cache
from importlib import resources
from pathlib import Path
from types import MappingProxyType
from typing import Any

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


class PolicyError(ValueError):
    """``deadlines.toml`` (or an override) is malformed."""


class Unit(StrEnum):
    WORKING_DAYS = "working_days"
    CALENDAR_DAYS = "calendar_days"
    CALENDAR_MONTHS = "calendar_months"
    HOURS = "hours"
    YEARS = "years"


class Confidence(StrEnum):
    CONFIRMED = "confirmed"  # read directly in the source named
    SECONDARY = "secondary"  # read in a reputable secondary source
    UNCONFIRMED = "unconfirmed"  # general knowledge, or the primary text was not retrieved


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


def _fail(where: str, message: str) -> PolicyError:
    return PolicyError(f"{where}: {message}")


def _int(where: str, key: str, value: Any, minimum: int = 0) -> int:
    if isinstance(value, bool) or not isinstance(value, int) or value < minimum:
        raise _fail(where, f"{key} must be a whole number >= {minimum}, got {value!r}")
    return value


def _enum(where: str, key: str, enum: type[StrEnum], value: Any) -> Any:
    try:
        return enum(value)
    except ValueError:
        allowed = ", ".join(m.value for m in enum)  # type: ignore[attr-defined]
        raise _fail(where, f"{key} must be one of {allowed}; got {value!r}") from None


def _rule(name: str, raw: Mapping[str, Any], known_sources: Mapping[str, str]) -> DeadlineRule:
    where = f"rules.{name}"
    if not isinstance(raw, Mapping):
        raise _fail(where, "must be a table")
    unknown = set(raw) - _RULE_KEYS
    if unknown:
        raise _fail(where, f"unknown keys {sorted(unknown)}")
    missing = _REQUIRED_RULE_KEYS - set(raw)
    if missing:
        raise _fail(where, f"missing keys {sorted(missing)}")
    source = raw["source"]
    if isinstance(source, str):
        source = [source]
    if not isinstance(source, list) or not source or not all(isinstance(s, str) for s in source):
        raise _fail(where, "source must be a non-empty list of source tags")
    undefined = [s for s in source if s not in known_sources]
    if undefined:
        raise _fail(where, f"source tags {undefined} are not defined in [sources]")
    extension = raw.get("extension_quantity")
    due_soon = raw.get("due_soon_within")
    for key in ("roll_to_working_day", "allows_agreed_date"):
        if not isinstance(raw.get(key, False), bool):
            raise _fail(where, f"{key} must be true or false")
    for key in ("label", "anchor", "starts_from", "note"):
        if not isinstance(raw.get(key, ""), str):
            raise _fail(where, f"{key} must be text")
    return DeadlineRule(
        name=name,
        label=raw["label"],
        quantity=_int(where, "quantity", raw["quantity"], minimum=1),
        unit=_enum(where, "unit", Unit, raw["unit"]),
        anchor=raw["anchor"],
        source=tuple(source),
        confidence=_enum(where, "confidence", Confidence, raw["confidence"]),
        starts_from=raw.get("starts_from", ""),
        kind=_enum(where, "kind", Kind, raw.get("kind", "deadline")),
        roll_to_working_day=raw.get("roll_to_working_day", False),
        extension_quantity=None if extension is None else _int(where, "extension_quantity", extension, 1),
        allows_agreed_date=raw.get("allows_agreed_date", False),
        due_soon_within=None if due_soon is None else _int(where, "due_soon_within", due_soon),
        note=raw.get("note", "").strip(),
    )


def _merge(base: dict[str, Any], override: Mapping[str, Any]) -> dict[str, Any]:
    merged = dict(base)
    for key, value in override.items():
        if isinstance(value, Mapping) and isinstance(merged.get(key), Mapping):
            merged[key] = _merge(dict(merged[key]), value)
        else:
            merged[key] = value
    return merged


def policy_from_mapping(data: Mapping[str, Any]) -> DeadlinePolicy:
    """Build a policy from parsed TOML (validating it)."""
    if data.get("schema") != 1:
        raise _fail("deadlines", f"schema must be 1, got {data.get('schema')!r}")
    version = data.get("version")
    if not isinstance(version, str) or not version:
        raise _fail("deadlines", "version must be a non-empty string")
    sources = data.get("sources", {})
    if not isinstance(sources, Mapping) or not all(isinstance(v, str) for v in sources.values()):
        raise _fail("sources", "must be a table of tag = description")

    cal = data.get("calendar", {})
    extra: list[date] = []
    for value in cal.get("extra_non_working_days", []):
        if isinstance(value, datetime) or not isinstance(value, date):
            raise _fail("calendar", f"extra_non_working_days must be TOML dates (2026-06-01), got {value!r}")
        extra.append(value)
    try:
        calendar = WorkingCalendar(
            name=cal.get("name", "England and Wales"),
            country=cal.get("country", "GB"),
            subdivision=cal.get("subdivision", "ENG"),
            extra_non_working_days=frozenset(extra),
        )
    except (ValueError, NotImplementedError, KeyError) as exc:
        raise _fail("calendar", str(exc)) from exc
    if calendar == ENGLAND_AND_WALES:
        calendar = ENGLAND_AND_WALES  # share its bank-holiday cache

    clock_cfg = data.get("clock", {})
    due_soon_days = _int("clock", "due_soon_working_days", clock_cfg.get("due_soon_working_days", 3))
    due_soon_hours = _int("clock", "due_soon_hours", clock_cfg.get("due_soon_hours", 24))

    raw_rules = data.get("rules", {})
    if not isinstance(raw_rules, Mapping):
        raise _fail("rules", "must be a table of rule tables")
    rules = {name: _rule(name, raw, sources) for name, raw in raw_rules.items()}
    missing = REQUIRED_RULES - set(rules)
    if missing:
        raise _fail("rules", f"missing required rules {sorted(missing)}")
    return DeadlinePolicy(
        version=version,
        rules=rules,
        calendar=calendar,
        sources=sources,
        due_soon_working_days=due_soon_days,
        due_soon_hours=due_soon_hours,
    )


def _packaged() -> dict[str, Any]:
    text = resources.files(__package__).joinpath("deadlines.toml").read_text(encoding="utf-8")
    return tomllib.loads(text)


def load_policy(
    path: str | Path | None = None, *, overrides: Mapping[str, Any] | None = None
) -> DeadlinePolicy:
    """Load the policy.

    With no ``path``, the ``deadlines.toml`` shipped in this package. ``overrides`` (e.g. from
    Django settings or a trust's own TOML) is merged over it table by table, so a trust can change one
    value: ``load_policy(overrides={"rules": {"duty_of_candour_notification": {"quantity": 5}}})``.
    """
    if path is None:
        data = _packaged()
    else:
        with open(path, "rb") as fh:
            data = tomllib.load(fh)
    if overrides:
        data = _merge(data, overrides)
    return policy_from_mapping(data)


@lru_cache(maxsize=1)
def default_policy() -> DeadlinePolicy:
    """The packaged policy, loaded once."""
    return load_policy()
