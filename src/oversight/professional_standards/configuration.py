"""Professional standards' appraisal rule file (rules/appraisal.toml, read by oversight.rulefiles): the
appraisal year, when an appraisal is due, the AOA-style categories and their time standards (UNCONFIRMED),
the conflict-of-interest rules for allocating an appraiser, and the feedback needed once per cycle.
Revalidation's own rules are read by professional_standards/revalidation.py. docs/appraisal.md."""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache
from importlib.resources import files

from oversight.rulefiles import Confidence, RuleFileError, read_rule_file

RULES = files("oversight.professional_standards") / "rules"
APPRAISAL_FILE = RULES / "appraisal.toml"

CATEGORIES = ("1a", "1b", "2", "3")
CONFLICT_RULES = ("self_appraisal", "line_manager", "reciprocal")


class AppraisalRulesError(RuleFileError):
    pass


@dataclass(frozen=True)
class AppraisalRules:
    year_starts_month: int
    due_date: str  # "month_end" | "month_start"
    due_soon_days: int
    meeting_months_before_due: int
    sign_off_days: int
    category_labels: dict[str, str]
    allow_meeting_before_year_start: bool
    conflicts: dict[str, bool]
    reciprocal_years_back: int
    max_consecutive_years: int  # 0: no limit
    colleague_feedback_per_cycle: int
    patient_feedback_per_cycle: int
    categories_confidence: Confidence = Confidence.UNCONFIRMED


def read_appraisal_rules(source=None) -> AppraisalRules:
    """The rules in ``source`` (a path, a Traversable or TOML text; the shipped file by default)."""
    rules = read_rule_file(source or APPRAISAL_FILE, error=AppraisalRulesError)
    year = rules.table("year")
    rules.known_keys(year, ("starts_month", "confidence"))
    due = rules.table("due")
    rules.known_keys(due, ("due_date", "due_soon_days", "confidence"))
    categories = rules.table("categories")
    rules.known_keys(categories, ("meeting_months_before_due", "sign_off_days", "labels", "confidence"))
    labels = rules.table("categories.labels")
    rules.known_keys(labels, CATEGORIES)
    meeting = rules.table("meeting")
    rules.known_keys(meeting, ("allow_before_year_start", "confidence"))
    conflicts = rules.table("conflicts")
    rules.known_keys(conflicts, (*CONFLICT_RULES, "reciprocal_years_back", "max_consecutive_years", "confidence"))
    feedback = rules.table("feedback")
    rules.known_keys(feedback, ("colleague_per_cycle", "patient_per_cycle", "confidence"))
    starts_month = rules.require(year, "starts_month", int, minimum=1)
    if starts_month > 12:
        raise rules.fail("the appraisal year starts in a month from 1 to 12", table=year, key="starts_month")
    return AppraisalRules(
        year_starts_month=starts_month,
        due_date=rules.require(due, "due_date", str, choices=("month_end", "month_start")),
        due_soon_days=rules.require(due, "due_soon_days", int, minimum=0),
        meeting_months_before_due=rules.require(categories, "meeting_months_before_due", int, minimum=0),
        sign_off_days=rules.require(categories, "sign_off_days", int, minimum=0),
        category_labels={key: rules.require(labels, key, str) for key in CATEGORIES},
        allow_meeting_before_year_start=rules.require(meeting, "allow_before_year_start", bool),
        conflicts={key: rules.require(conflicts, key, bool) for key in CONFLICT_RULES},
        reciprocal_years_back=rules.require(conflicts, "reciprocal_years_back", int, minimum=0),
        max_consecutive_years=rules.require(conflicts, "max_consecutive_years", int, minimum=0),
        colleague_feedback_per_cycle=rules.require(feedback, "colleague_per_cycle", int, minimum=0),
        patient_feedback_per_cycle=rules.require(feedback, "patient_per_cycle", int, minimum=0),
        categories_confidence=rules.require(categories, "confidence", Confidence),
    )


@cache
def appraisal_rules() -> AppraisalRules:
    return read_appraisal_rules()


__all__ = ["CATEGORIES", "AppraisalRules", "AppraisalRulesError", "appraisal_rules", "read_appraisal_rules"]
