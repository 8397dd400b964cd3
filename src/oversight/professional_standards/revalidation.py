"""Revalidation's rules (rules §6, "Recommendations to the GMC"), without the database: the submission
window, the under-notice state, the range a deferral's new date may take, when the Employer Liaison
Service must be contacted first, the configurable "ready to recommend" rule, and each doctor's state
for the Responsible Officer's dashboard. The numbers and the ready rule's clauses are configuration:
rules/revalidation.toml, read by :func:`revalidation_rules` (docs/revalidation.md).

The services (services/revalidation.py) enforce these rules; the pages and the API only show them."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date, timedelta
from functools import cache
from importlib.resources import files

from oversight.rulefiles import Confidence, RuleFileError, read_rule_file

from .appraisals import appraisal_state, appraisal_year_of, year_bounds

RULES_FILE = files("oversight.professional_standards") / "rules" / "revalidation.toml"

# The "ready to recommend" rule's clauses (rules §6, SOAR's example [S112]): key -> what it asks.
READY_CLAUSES: dict[str, str] = {
    "colleague_feedback": "Colleague feedback at least once in the revalidation cycle",
    "patient_feedback": "Patient feedback at least once in the revalidation cycle",
    "latest_signed_off": "The latest appraisal's outputs are signed off",
    "no_declared_issues": "No declared issues on the latest signed-off appraisal",
    "on_track": "The appraiser marked the doctor on track on the latest signed-off appraisal",
    "no_open_concern": "No open professional concern about the doctor",
    "no_unapproved_missed": "No appraisal in the cycle missed without the Responsible Officer's approval",
    "not_on_hold": "Not on hold at the GMC",
    "in_window": "Within the submission window",
}

# The dashboard's states, in the order the dashboard lists them: key -> plain English.
STATES: dict[str, str] = {
    "appraisal_overdue": "Appraisal overdue",
    "appraisal_due": "Appraisal due",
    "under_notice": "Under notice",
    "ready": "Ready to recommend",
    "deferred": "Deferred",
    "non_engaged": "Non-engagement",
    "on_hold": "On hold at the GMC",
    "els_needed": "Employer Liaison contact needed",
    "checks_expiring": "Checks or training expiring or expired",
    "open_concerns": "Open concerns",
}

# The statuses of an employment check or training item that need the RO's attention.
# (oversight.workforce.checks.STATUSES): "missing" is left to the employment checks pages, or every doctor whose
# checks are not yet on the register would be listed.
CHECK_ATTENTION = {"expiring", "expired"}

REVALIDATE, DEFER, NON_ENGAGEMENT = "revalidate", "defer", "non_engagement"
SUBMITTED = "submitted"


class RevalidationRulesError(RuleFileError):
    pass


@dataclass(frozen=True)
class RevalidationRules:
    opens_days_before: int
    defer_min_days_after: int
    defer_max_days_after: int
    els_lookback_days: int
    due_soon_days: int
    ready: dict[str, bool]
    gmc_columns: dict[str, str]
    gmc_values: dict[str, tuple[str, ...]]
    gmc_date_formats: tuple[str, ...]
    export_columns: dict[str, str]
    confidence: Confidence = Confidence.UNCONFIRMED

    @property
    def ready_clauses(self) -> list[str]:
        return [key for key in READY_CLAUSES if self.ready.get(key)]


GMC_LIST_FIELDS = ("gmc_number", "submission_due_on", "under_notice", "gmc_status", "outcome", "outcome_on")
GMC_LIST_VALUES = ("yes", "no", "on_hold", "approved", "not_approved")
EXPORT_FIELDS = ("gmc_number", "surname_and_forenames", "designated_body", "submission_due_on", "recommendation",
                 "deferral_reason", "defer_to", "status")


def read_rules(source=None) -> RevalidationRules:
    """The rules in ``source`` (a path, a Traversable or TOML text; the shipped file by default)."""
    rules = read_rule_file(source or RULES_FILE, error=RevalidationRulesError)
    ready_table = rules.table("ready")
    rules.known_keys(ready_table, [*READY_CLAUSES, "confidence"])
    ready = {key: rules.optional(ready_table, key, bool, False) for key in READY_CLAUSES}
    minimum = rules.require("deferral", "min_days_after", int, minimum=1)
    maximum = rules.require("deferral", "max_days_after", int, minimum=1)
    if maximum < minimum:
        raise rules.fail("max_days_after must be at least min_days_after", table="deferral", key="max_days_after")
    columns = rules.table("gmc_list.columns")
    rules.known_keys(columns, GMC_LIST_FIELDS)
    values = rules.table("gmc_list.values")
    rules.known_keys(values, GMC_LIST_VALUES)
    export = rules.table("gmc_export")
    rules.known_keys(export, EXPORT_FIELDS)
    return RevalidationRules(
        opens_days_before=rules.require("window", "opens_days_before", int, minimum=0),
        defer_min_days_after=minimum, defer_max_days_after=maximum,
        els_lookback_days=rules.require("els", "lookback_days", int, minimum=1),
        due_soon_days=rules.require("dashboard", "due_soon_days", int, minimum=0),
        ready=ready,
        gmc_columns={name: rules.require(columns, name, str) for name in GMC_LIST_FIELDS},
        gmc_values={name: tuple(v.strip().casefold() for v in rules.require(values, name, list[str]))
                    for name in GMC_LIST_VALUES},
        gmc_date_formats=tuple(rules.require("gmc_list", "date_formats", list[str])),
        export_columns={name: rules.require(export, name, str) for name in EXPORT_FIELDS},
        confidence=rules.require("window", "confidence", Confidence),
    )


@cache
def revalidation_rules() -> RevalidationRules:
    return read_rules()


def _rules(rules: RevalidationRules | None) -> RevalidationRules:
    return rules or revalidation_rules()


# ------------------------------------------------------------------------------ the window ----


def submission_window(due_on: date, rules: RevalidationRules | None = None) -> tuple[date, date]:
    """[T - opens_days_before, T], both ends included."""
    return due_on - timedelta(days=_rules(rules).opens_days_before), due_on


def in_window(due_on: date | None, day: date, rules: RevalidationRules | None = None) -> bool:
    if due_on is None:
        return False
    start, end = submission_window(due_on, rules)
    return start <= day <= end


def window_problem(kind: str, due_on: date | None, day: date, rules: RevalidationRules | None = None) -> str | None:
    """Why a recommendation of ``kind`` cannot be made on ``day`` for submission date ``due_on``, or None.
    Non-engagement may be made at any time (rules §6, [S110])."""
    if kind == NON_ENGAGEMENT:
        return None
    if due_on is None:
        return "The doctor has no GMC submission date recorded: record it (or import the GMC's list) first"
    start, end = submission_window(due_on, rules)
    if day < start:
        return (f"The submission window opens on {start:%-d %B %Y} ({_rules(rules).opens_days_before} days before "
                f"the GMC submission date of {due_on:%-d %B %Y}): a {_kind_word(kind)} cannot be made before then")
    if day > end:
        return (f"The GMC submission date was {due_on:%-d %B %Y}: the window has closed. Ask the GMC to set a new "
                f"submission date")
    return None


def _kind_word(kind: str) -> str:
    return {REVALIDATE: "recommendation to revalidate", DEFER: "deferral"}.get(kind, "recommendation")


def is_under_notice(revalidation, today: date, rules: RevalidationRules | None = None) -> bool:
    """Under notice: the GMC's list says so, or the submission date is in the window (the GMC gives notice
    before T). Never while on hold: the GMC issues no notice then (rules §6)."""
    if revalidation is None or revalidation.on_hold:
        return False
    return bool(revalidation.under_notice) or in_window(revalidation.submission_due_on, today, rules)


def deferral_range(due_on: date, rules: RevalidationRules | None = None) -> tuple[date, date]:
    """The earliest and latest new submission date a deferral may ask for (configuration)."""
    rules = _rules(rules)
    return due_on + timedelta(days=rules.defer_min_days_after), due_on + timedelta(days=rules.defer_max_days_after)


def defer_to_problem(due_on: date, defer_to: date | None, rules: RevalidationRules | None = None) -> str | None:
    if defer_to is None:
        return "Enter the new submission date the deferral asks for"
    earliest, latest = deferral_range(due_on, rules)
    if not earliest <= defer_to <= latest:
        return (f"The new submission date must be between {earliest:%-d %B %Y} and {latest:%-d %B %Y} "
                f"(later than the GMC submission date and at most {_rules(rules).defer_max_days_after} days after it)")
    return None


# ------------------------------------------------------------------------ deferrals and ELS ----


def _submitted_in_cycle(recommendations: Iterable, cycle_started_on: date | None) -> list:
    submitted = [r for r in recommendations if r.status == SUBMITTED and r.submitted_at is not None]
    if cycle_started_on is not None:
        submitted = [r for r in submitted if r.submitted_at.date() >= cycle_started_on]
    return sorted(submitted, key=lambda r: r.submitted_at)


def deferral_count(recommendations: Iterable, cycle_started_on: date | None) -> int:
    """Deferrals submitted in the current revalidation cycle."""
    return sum(r.kind == DEFER for r in _submitted_in_cycle(recommendations, cycle_started_on))


def latest_submitted(recommendations: Iterable, cycle_started_on: date | None):
    submitted = _submitted_in_cycle(recommendations, cycle_started_on)
    return submitted[-1] if submitted else None


def els_reasons(kind: str, *, recommendations: Iterable, cycle_started_on: date | None,
                raised_public_interest_concern: bool) -> list[str]:
    """Why a recommendation of ``kind`` needs an Employer Liaison Service contact first ([S109]); [] if not."""
    reasons = []
    latest = latest_submitted(recommendations, cycle_started_on)
    if kind == DEFER and latest is not None and latest.kind == DEFER:
        reasons.append("it would be a second consecutive deferral")
    if kind == NON_ENGAGEMENT:
        reasons.append("it is a non-engagement recommendation")
    if kind in (DEFER, NON_ENGAGEMENT) and raised_public_interest_concern:
        reasons.append("the doctor has raised a public-interest concern")
    return reasons


def usable_els_contact(contacts: Iterable, today: date, rules: RevalidationRules | None = None):
    """The latest Employer Liaison contact recorded within the lookback (not in the future), or None."""
    earliest = today - timedelta(days=_rules(rules).els_lookback_days)
    usable = [c for c in contacts if earliest <= c.contacted_on <= today]
    return max(usable, key=lambda c: c.contacted_on) if usable else None


# ------------------------------------------------------------------------- the ready rule ----


def cycle_appraisals(appraisals: Iterable, cycle_started_on: date | None) -> list:
    chosen = list(appraisals)
    if cycle_started_on is not None:
        first = appraisal_year_of(cycle_started_on)
        chosen = [a for a in chosen if a.appraisal_year >= first]
    return sorted(chosen, key=lambda a: a.appraisal_year)


def missed_unapproved(appraisal, today: date) -> bool:
    """The appraisal year is over with no signed-off appraisal and no approval of the missed year."""
    year_end = year_bounds(appraisal.appraisal_year)[1]
    return year_end < today and appraisal.signed_off_on is None and not appraisal.missed_approved


@dataclass(frozen=True)
class ReadyResult:
    ready: bool
    unmet: list[str]  # the wording of each clause that is on and does not hold

    def __bool__(self) -> bool:
        return self.ready


def ready_check(*, appraisals: Sequence, cycle_started_on: date | None, open_concerns: int, on_hold: bool,
                due_on: date | None, today: date, rules: RevalidationRules | None = None) -> ReadyResult:
    """The "ready to recommend" rule: every clause switched on in rules/revalidation.toml [ready] must hold."""
    rules = _rules(rules)
    cycle = cycle_appraisals(appraisals, cycle_started_on)
    signed = [a for a in cycle if a.signed_off_on is not None]
    latest_signed = signed[-1] if signed else None
    held = [a for a in cycle if not a.missed_approved]
    latest = held[-1] if held else None
    facts = {
        "colleague_feedback": any(a.colleague_feedback_on for a in cycle),
        "patient_feedback": any(a.patient_feedback_on for a in cycle),
        "latest_signed_off": latest is not None and latest.signed_off_on is not None,
        "no_declared_issues": latest_signed is not None and latest_signed.declared_issues is False,
        "on_track": latest_signed is not None and latest_signed.on_track is True,
        "no_open_concern": open_concerns == 0,
        "no_unapproved_missed": not any(missed_unapproved(a, today) for a in cycle),
        "not_on_hold": not on_hold,
        "in_window": in_window(due_on, today, rules),
    }
    unmet = [READY_CLAUSES[key] for key in rules.ready_clauses if not facts[key]]
    return ReadyResult(ready=not unmet, unmet=unmet)


# ------------------------------------------------------------------------ the doctor's state ----


@dataclass(frozen=True)
class CheckDue:
    label: str
    expires_on: date | None
    status: str


@dataclass
class DoctorState:
    clinician: object
    revalidation: object | None
    today: date
    submission_due_on: date | None = None
    window: tuple[date, date] | None = None
    under_notice: bool = False
    on_hold: bool = False
    deferral_count: int = 0
    latest: object | None = None  # the latest submitted recommendation of the cycle
    open_recommendation: object | None = None  # submitted, the GMC's outcome not yet recorded
    draft: object | None = None
    submitted_for_date: bool = False  # a recommendation was submitted for the current submission date
    ready: ReadyResult = field(default_factory=lambda: ReadyResult(False, []))
    appraisal: object = None  # professional_standards.appraisals.AppraisalState
    checks: list[CheckDue] = field(default_factory=list)
    open_concerns: int = 0
    els_needed: dict[str, list[str]] = field(default_factory=dict)  # kind -> reasons
    states: list[str] = field(default_factory=list)

    @property
    def state_labels(self) -> list[str]:
        return [STATES[key] for key in self.states]

    @property
    def in_window(self) -> bool:
        return self.window is not None and self.window[0] <= self.today <= self.window[1]

    @property
    def awaiting_recommendation(self) -> bool:
        """The submission date is in the window and nothing has been submitted for it."""
        return self.in_window and not self.submitted_for_date and not self.on_hold


def doctor_state(clinician, *, revalidation, appraisals: Sequence, recommendations: Sequence, open_concerns: int,
                 checks: Sequence = (), today: date, rules: RevalidationRules | None = None) -> DoctorState:
    """Everything the dashboard shows of one doctor: GMC state, recommendations, readiness, and each state."""
    rules = _rules(rules)
    cycle_start = getattr(revalidation, "cycle_started_on", None)
    due_on = getattr(revalidation, "submission_due_on", None)
    on_hold = bool(getattr(revalidation, "on_hold", False))
    public_interest = bool(getattr(revalidation, "raised_public_interest_concern", False))
    state = DoctorState(clinician=clinician, revalidation=revalidation, today=today, submission_due_on=due_on,
                        on_hold=on_hold, open_concerns=open_concerns)
    state.window = submission_window(due_on, rules) if due_on else None
    state.under_notice = is_under_notice(revalidation, today, rules)
    state.deferral_count = deferral_count(recommendations, cycle_start)
    state.latest = latest_submitted(recommendations, cycle_start)
    state.open_recommendation = next((r for r in recommendations if r.status == SUBMITTED and not r.gmc_outcome), None)
    state.draft = next((r for r in recommendations if r.status != SUBMITTED), None)
    state.submitted_for_date = due_on is not None and any(
        r.status == SUBMITTED and r.submission_due_on == due_on for r in recommendations)
    state.ready = ready_check(appraisals=appraisals, cycle_started_on=cycle_start, open_concerns=open_concerns,
                              on_hold=on_hold, due_on=due_on, today=today, rules=rules)
    # The appraisal area's one rule for a doctor's appraisal state (due, overdue, done...), not a second one here.
    state.appraisal = appraisal_state(appraisals, today)
    state.checks = [CheckDue(c.label, c.expires_on, str(c.status)) for c in checks if str(c.status) in CHECK_ATTENTION]
    state.els_needed = {kind: reasons for kind in (DEFER, NON_ENGAGEMENT)
                        if (reasons := els_reasons(kind, recommendations=recommendations, cycle_started_on=cycle_start,
                                                   raised_public_interest_concern=public_interest))}
    states = []
    if state.appraisal.status == "overdue":
        states.append("appraisal_overdue")
    elif state.appraisal.status == "due":
        states.append("appraisal_due")
    if state.under_notice:
        states.append("under_notice")
    if state.ready and not state.submitted_for_date:
        states.append("ready")
    if state.latest is not None and state.latest.kind == DEFER:
        states.append("deferred")
    if state.latest is not None and state.latest.kind == NON_ENGAGEMENT:
        states.append("non_engaged")
    if on_hold:
        states.append("on_hold")
    if state.in_window and DEFER in state.els_needed and not state.submitted_for_date:
        states.append("els_needed")
    if state.checks:
        states.append("checks_expiring")
    if open_concerns:
        states.append("open_concerns")
    state.states = states
    return state


__all__ = [
    "READY_CLAUSES",
    "STATES",
    "DoctorState",
    "ReadyResult",
    "RevalidationRules",
    "RevalidationRulesError",
    "defer_to_problem",
    "deferral_count",
    "deferral_range",
    "doctor_state",
    "els_reasons",
    "in_window",
    "is_under_notice",
    "read_rules",
    "ready_check",
    "revalidation_rules",
    "submission_window",
    "usable_els_contact",
    "window_problem",
]
