"""Whether a clinician's employment checks and training are in date (issue 13, Deliver 2).

Framework-light: the rules (``rules/training.toml``, read by :func:`training_rules`) and the state of
one clinician's checks on a day (:func:`states_for`) are plain Python over plain facts; only
:func:`check_states` and :func:`facts_for` touch the database, to load those facts.

    check_states(clinicians, today, due_soon_days=60) -> {clinician_id: [CheckState, ...]}

One ``CheckState`` per thing the clinician needs: a DBS check (if their staff group needs one), each
training subject their staff group and grade need (at the level needed), and indemnity. Its status is
"valid", "expiring" (runs out within ``due_soon_days``), "expired" or "missing". The same function
answers for any past day, which is how the compliance series (``compliance.py``) goes back in time.
docs/employment-checks.md.
"""

from __future__ import annotations

import calendar
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date, timedelta
from functools import cache
from importlib.resources import files

from oversight.rulefiles import Confidence, RuleFile, RuleFileError, read_rule_file

RULES = files("oversight.workforce") / "rules"
KINDS = ("dbs", "training", "indemnity")
STATUSES = ("valid", "expiring", "expired", "missing")
STATUS_LABELS = {"valid": "In date", "expiring": "Expiring soon", "expired": "Expired", "missing": "Missing"}
ALL = "all"

# The register's words, repeated here so the domain stays free of Django (held to the models by a test).
STAFF_GROUPS = ("medical_and_dental", "nursing_and_midwifery", "allied_health_professionals")
GRADES = ("consultant", "sas", "gp", "locum", "resident", "locally_employed", "other")
DBS_LEVELS = ("basic", "standard", "enhanced", "enhanced_barred")  # lowest first
DBS_LEVEL_LABELS = {"basic": "basic", "standard": "standard", "enhanced": "enhanced",
                    "enhanced_barred": "enhanced with barred lists"}


def add_months(day: date, months: int) -> date:
    """The same day ``months`` later (the month's last day when it is shorter: 31 January + 1 = 28 February)."""
    index = day.year * 12 + day.month - 1 + months
    year, month = divmod(index, 12)
    month += 1
    return date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


# ---------------------------------------------------------------------------------------------- rules ----


@dataclass(frozen=True)
class Subject:
    code: str
    label: str
    renewal_months: int  # 0: never needs renewing
    levels: tuple[int, ...] = ()
    safeguarding: bool = False
    confidence: Confidence = Confidence.UNCONFIRMED

    def label_at(self, level: int | None) -> str:
        return f"{self.label} level {level}" if level else self.label


@dataclass(frozen=True)
class Requirement:
    subject: str
    level: int | None
    staff_groups: tuple[str, ...]
    grades: tuple[str, ...]
    confidence: Confidence

    def applies_to(self, staff_group: str, grade: str) -> bool:
        return ((ALL in self.staff_groups or staff_group in self.staff_groups)
                and (not self.grades or grade in self.grades))


@dataclass(frozen=True)
class SafeguardingLevel:
    level: int
    label: str
    hours_over_3_years: int | None
    note: str
    confidence: Confidence


@dataclass(frozen=True)
class DbsRule:
    recheck_years: int
    update_service_recheck_years: int
    performers_list_recheck_years: int
    required_levels: dict[str, str]
    confidence: Confidence
    required_confidence: Confidence

    def recheck_due(self, issued_on: date, *, update_service: bool, performers_list: bool) -> date | None:
        """When the certificate needs rechecking (None: never, on this rule)."""
        if update_service:
            years = self.update_service_recheck_years
        elif performers_list:
            years = self.performers_list_recheck_years
        else:
            years = self.recheck_years
        return add_months(issued_on, 12 * years) if years else None


@dataclass(frozen=True)
class TrainingRules:
    subjects: dict[str, Subject]
    requirements: tuple[Requirement, ...]
    safeguarding_levels: tuple[SafeguardingLevel, ...]
    dbs: DbsRule
    indemnity_staff_groups: tuple[str, ...]
    indemnity_confidence: Confidence

    def required_training(self, staff_group: str, grade: str = "") -> list[tuple[Subject, int | None]]:
        """(subject, level) the clinician needs, in the file's subject order; the highest level wins."""
        needed: dict[str, int | None] = {}
        for requirement in self.requirements:
            if requirement.applies_to(staff_group, grade):
                level = needed.get(requirement.subject)
                if requirement.subject not in needed or (requirement.level or 0) > (level or 0):
                    needed[requirement.subject] = requirement.level
        return [(subject, needed[code]) for code, subject in self.subjects.items() if code in needed]

    def expiry(self, subject: str, completed_on: date) -> date | None:
        months = self.subjects[subject].renewal_months
        return add_months(completed_on, months) if months else None

    def needs_dbs(self, staff_group: str) -> str:
        """The level of DBS check the staff group needs, or "" when none is required."""
        return self.dbs.required_levels.get(staff_group, "")

    def needs_indemnity(self, staff_group: str) -> bool:
        return staff_group in self.indemnity_staff_groups

    def subject_choices(self) -> list[tuple[str, str]]:
        return [(code, subject.label) for code, subject in self.subjects.items()]


def read_training_rules(source=None) -> TrainingRules:
    rules = read_rule_file(source or RULES / "training.toml")
    subjects = {code: _subject(rules, code, table) for code, table in rules.subtables("subjects").items()}
    requirements = tuple(r for table in rules.array_of_tables("requirement") for r in _requirements(rules, table, subjects))
    levels = tuple(_safeguarding_level(rules, table) for table in rules.array_of_tables("safeguarding_level", required=False))
    return TrainingRules(subjects=subjects, requirements=requirements, safeguarding_levels=levels, dbs=_dbs(rules),
                         indemnity_staff_groups=tuple(_staff_groups(rules, rules.table("indemnity"))),
                         indemnity_confidence=rules.require("indemnity", "confidence", Confidence))


@cache
def training_rules() -> TrainingRules:
    """The shipped rules, read once per process."""
    return read_training_rules()


def _subject(rules: RuleFile, code: str, table) -> Subject:
    rules.known_keys(table, ("label", "renewal_months", "levels", "safeguarding", "confidence"))
    levels = tuple(rules.optional(table, "levels", list[int], []))
    if any(level < 1 for level in levels) or list(levels) != sorted(set(levels)):
        raise rules.fail("list the levels lowest first, each once, from 1", table=table, key="levels")
    return Subject(code=code, label=rules.require(table, "label", str),
                   renewal_months=rules.require(table, "renewal_months", int, minimum=0), levels=levels,
                   safeguarding=rules.optional(table, "safeguarding", bool, False),
                   confidence=rules.require(table, "confidence", Confidence))


def _staff_groups(rules: RuleFile, table) -> list[str]:
    groups = rules.require(table, "staff_groups", list[str])
    unknown = sorted(set(groups) - {*STAFF_GROUPS, ALL})
    if unknown or not groups:
        raise rules.fail(f"expected staff groups from {', '.join((ALL, *STAFF_GROUPS))}, found {unknown or 'none'}",
                         table=table, key="staff_groups")
    return groups


def _requirements(rules: RuleFile, table, subjects: dict[str, Subject]) -> list[Requirement]:
    rules.known_keys(table, ("staff_groups", "grades", "subjects", "level", "confidence"))
    groups = tuple(_staff_groups(rules, table))
    grades = tuple(rules.optional(table, "grades", list[str], []))
    if set(grades) - set(GRADES):
        raise rules.fail(f"expected grades from {', '.join(GRADES)}", table=table, key="grades")
    level = rules.optional(table, "level", int, None, minimum=1)
    confidence = rules.require(table, "confidence", Confidence)
    found = []
    for code in rules.require(table, "subjects", list[str]):
        subject = subjects.get(code)
        if subject is None:
            raise rules.fail(f"no subject {code!r} in [subjects]", table=table, key="subjects")
        if level is not None and level not in subject.levels:
            raise rules.fail(f"{subject.label} is not taught at level {level}", table=table, key="level")
        if level is None and subject.levels:
            raise rules.fail(f"say which level of {subject.label} is needed", table=table, key="level")
        found.append(Requirement(code, level, groups, grades, confidence))
    return found


def _safeguarding_level(rules: RuleFile, table) -> SafeguardingLevel:
    rules.known_keys(table, ("level", "label", "hours_over_3_years", "note", "confidence"))
    return SafeguardingLevel(level=rules.require(table, "level", int, minimum=1), label=rules.require(table, "label", str),
                             hours_over_3_years=rules.optional(table, "hours_over_3_years", int, None, minimum=0),
                             note=rules.optional(table, "note", str, ""),
                             confidence=rules.require(table, "confidence", Confidence))


def _dbs(rules: RuleFile) -> DbsRule:
    table = rules.table("dbs")
    rules.known_keys(table, ("recheck_years", "update_service_recheck_years", "performers_list_recheck_years",
                             "confidence", "required"))
    required = rules.table("dbs.required")
    levels = rules.require(required, "levels", dict)
    for group, level in levels.items():
        if group not in STAFF_GROUPS or level not in DBS_LEVELS:
            raise rules.fail(f"expected a staff group ({', '.join(STAFF_GROUPS)}) = a level ({', '.join(DBS_LEVELS)}), "
                             f"found {group} = {level!r}", table=required, key="levels")
    return DbsRule(recheck_years=rules.require(table, "recheck_years", int, minimum=0),
                   update_service_recheck_years=rules.require(table, "update_service_recheck_years", int, minimum=0),
                   performers_list_recheck_years=rules.require(table, "performers_list_recheck_years", int, minimum=0),
                   required_levels=dict(levels), confidence=rules.require(table, "confidence", Confidence),
                   required_confidence=rules.require(required, "confidence", Confidence))


# ---------------------------------------------------------------------------------------------- facts ----


@dataclass(frozen=True)
class Dbs:
    level: str
    issued_on: date
    recheck_due_on: date | None


@dataclass(frozen=True)
class Training:
    subject: str
    level: int | None
    completed_on: date
    expires_on: date | None


@dataclass(frozen=True)
class Indemnity:
    starts_on: date
    expires_on: date | None


@dataclass(frozen=True)
class ClinicianFacts:
    """What the states are computed from: one clinician's groupings and records."""

    id: object
    staff_group: str
    grade: str = ""
    organisation_id: object = None
    in_post_from: date | None = None  # the connection start date, when recorded
    in_post_to: date | None = None
    dbs: tuple[Dbs, ...] = ()
    training: tuple[Training, ...] = ()
    indemnity: tuple[Indemnity, ...] = ()

    def in_post_on(self, day: date) -> bool:
        return (self.in_post_from is None or self.in_post_from <= day) and (self.in_post_to is None or day < self.in_post_to)


@dataclass(frozen=True)
class CheckState:
    kind: str  # "dbs" | "training" | "indemnity"
    label: str  # plain English: "Safeguarding children level 3"
    expires_on: date | None
    status: str  # "valid" | "expiring" | "expired" | "missing"
    code: str = ""  # "dbs", "indemnity" or the training subject's code
    safeguarding: bool = False
    detail: str = ""  # what was found, when it is not the whole story ("level 2 recorded")

    @property
    def status_label(self) -> str:
        return STATUS_LABELS[self.status]

    @property
    def in_date(self) -> bool:
        return self.status in ("valid", "expiring")


def status_of(expires_on: date | None, today: date, due_soon_days: int) -> str:
    if expires_on is None:
        return "valid"
    if expires_on < today:
        return "expired"
    if expires_on <= today + timedelta(days=due_soon_days):
        return "expiring"
    return "valid"


def _latest_end(ends: Iterable[date | None]) -> date | None:
    """The latest of some expiry dates, None (never expires) beating any date."""
    ends = list(ends)
    return None if any(end is None for end in ends) else max(ends)


def _state(kind, label, code, candidates_ends, today, due_soon_days, **extra) -> CheckState:
    if not candidates_ends:
        return CheckState(kind, label, None, "missing", code, **extra)
    end = _latest_end(candidates_ends)
    return CheckState(kind, label, end, status_of(end, today, due_soon_days), code, **extra)


def dbs_state(facts: ClinicianFacts, rules: TrainingRules, today: date, due_soon_days: int) -> CheckState | None:
    needed = rules.needs_dbs(facts.staff_group)
    if not needed:
        return None
    label = f"DBS check ({DBS_LEVEL_LABELS[needed]})"
    issued = [check for check in facts.dbs if check.issued_on <= today]
    good = [check for check in issued if DBS_LEVELS.index(check.level) >= DBS_LEVELS.index(needed)]
    detail = ""
    if issued and not good:
        detail = f"{DBS_LEVEL_LABELS[max(issued, key=lambda c: c.issued_on).level].capitalize()} check recorded"
    return _state("dbs", label, "dbs", [check.recheck_due_on for check in good], today, due_soon_days, detail=detail)


def training_states(facts: ClinicianFacts, rules: TrainingRules, today: date, due_soon_days: int) -> list[CheckState]:
    states = []
    for subject, level in rules.required_training(facts.staff_group, facts.grade):
        done = [t for t in facts.training if t.subject == subject.code and t.completed_on <= today]
        good = [t for t in done if level is None or (t.level or 0) >= level]
        detail = ""
        if done and not good:
            detail = f"Level {max(t.level or 0 for t in done)} recorded"
        states.append(_state("training", subject.label_at(level), subject.code, [t.expires_on for t in good], today,
                             due_soon_days, safeguarding=subject.safeguarding, detail=detail))
    return states


def indemnity_state(facts: ClinicianFacts, rules: TrainingRules, today: date, due_soon_days: int) -> CheckState | None:
    if not rules.needs_indemnity(facts.staff_group):
        return None
    label = "Indemnity"
    started = [c for c in facts.indemnity if c.starts_on <= today]
    current = [c for c in started if c.expires_on is None or c.expires_on >= today]
    if not current:
        # Nothing covers today: expired if cover ran out, missing if there never was any (or it starts later).
        return _state("indemnity", label, "indemnity", [c.expires_on for c in started], today, due_soon_days)
    end = _latest_end(c.expires_on for c in current)
    # Renewals already recorded carry the cover on: follow them while each starts by the day after the last ends.
    following = sorted((c for c in facts.indemnity if c.starts_on > today), key=lambda c: c.starts_on)
    for cover in following:
        if end is None or cover.starts_on > end + timedelta(days=1):
            break
        end = None if cover.expires_on is None else max(end, cover.expires_on)
    return CheckState("indemnity", label, end, status_of(end, today, due_soon_days), "indemnity")


def states_for(facts: ClinicianFacts, rules: TrainingRules, today: date, due_soon_days: int = 60) -> list[CheckState]:
    """Every check the clinician needs, in a fixed order: DBS, the training subjects, indemnity."""
    dbs = dbs_state(facts, rules, today, due_soon_days)
    indemnity = indemnity_state(facts, rules, today, due_soon_days)
    return [*([dbs] if dbs else []), *training_states(facts, rules, today, due_soon_days), *([indemnity] if indemnity else [])]


# ------------------------------------------------------------------------------------------ the loader ----


def facts_for(clinicians) -> list[ClinicianFacts]:
    """The facts of these clinicians (a queryset or any iterable of Clinician), in three queries."""
    from .models import DbsCheck, IndemnityCover, TrainingRecord

    clinicians = list(clinicians)
    ids = [c.pk for c in clinicians]
    dbs: dict = {}
    training: dict = {}
    indemnity: dict = {}
    for row in DbsCheck.objects.filter(clinician_id__in=ids).values("clinician_id", "level", "issued_on", "recheck_due_on"):
        dbs.setdefault(row.pop("clinician_id"), []).append(Dbs(**row))
    for row in TrainingRecord.objects.filter(clinician_id__in=ids).values("clinician_id", "subject", "level", "completed_on",
                                                                          "expires_on"):
        training.setdefault(row.pop("clinician_id"), []).append(Training(**row))
    for row in IndemnityCover.objects.filter(clinician_id__in=ids).values("clinician_id", "starts_on", "expires_on"):
        indemnity.setdefault(row.pop("clinician_id"), []).append(Indemnity(**row))
    return [ClinicianFacts(id=c.pk, staff_group=c.staff_group, grade=c.grade or "",
                           organisation_id=c.organisation_id, in_post_from=c.connection_started_on,
                           in_post_to=c.connection_ended_on, dbs=tuple(dbs.get(c.pk, ())),
                           training=tuple(training.get(c.pk, ())), indemnity=tuple(indemnity.get(c.pk, ())))
            for c in clinicians]


def check_states(clinicians, today: date, due_soon_days: int = 60, rules: TrainingRules | None = None,
                 ) -> dict[object, list[CheckState]]:
    """{clinician id: [CheckState, ...]} for these clinicians on ``today`` (the RO dashboard's question)."""
    rules = rules or training_rules()
    return {facts.id: states_for(facts, rules, today, due_soon_days) for facts in facts_for(clinicians)}


@dataclass
class Summary:
    """How many of a clinician's checks are in each state (for lists)."""

    counts: dict[str, int] = field(default_factory=lambda: dict.fromkeys(STATUSES, 0))

    @classmethod
    def of(cls, states: Iterable[CheckState]) -> Summary:
        summary = cls()
        for state in states:
            summary.counts[state.status] += 1
        return summary


__all__ = ["KINDS", "STATUSES", "CheckState", "ClinicianFacts", "RuleFileError", "TrainingRules", "add_months",
           "check_states", "facts_for", "read_training_rules", "states_for", "status_of", "training_rules"]
