"""The call-level KPI rules (``rules.toml`` beside this file), read once through :mod:`oversight.rulefiles`.

Every limit the KPIs use (20-minute call back, 20/60-minute definitive assessment, face-to-face tiers,
08:00 next working day, validation minutes, 60 s / 30 s call handling) lives in the TOML with its
confidence, so a commissioner's different figure is a file edit, not a release (docs/rules/urgent-care.md).
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from importlib import resources
from pathlib import Path

from oversight.rulefiles import Confidence, RuleFile, RuleFileError, read_rule_file

CLOCK_STARTS = ("answered_at", "received_at")


class IucRulesError(RuleFileError):
    """rules.toml cannot be used; the message names the table and key."""


@dataclass(frozen=True)
class IucRules:
    priorities: tuple[str, ...]
    dispositions: tuple[str, ...]
    clinician_types: tuple[str, ...]
    clock_starts_at: str
    call_back_minutes: int
    urgent_priorities: tuple[str, ...]
    urgent_assessment_minutes: int
    other_assessment_minutes: int
    face_to_face_tiers: tuple[int, ...]
    practice_by_hour: int
    validation_dispositions: tuple[str, ...]
    validation_minutes: int
    answered_within_seconds: int
    abandoned_after_seconds: int
    confidence: dict[str, Confidence]


def load_rules(path: str | Path | None = None) -> IucRules:
    """The packaged rules, or a deployment's copy at ``path``. Raises IucRulesError naming the bad key."""
    source = Path(path) if path is not None else resources.files("oversight.iuc").joinpath("rules.toml")
    rules = read_rule_file(source, file_label="iuc rules.toml", error=IucRulesError)
    priorities = tuple(rules.require(rules.data, "priorities", list[str]))
    dispositions = tuple(rules.require(rules.data, "dispositions", list[str]))
    clock = rules.table("clock")
    assessment = rules.table("definitive_assessment")
    urgent = tuple(rules.require(assessment, "urgent_priorities", list[str]))
    _within(rules, assessment, "urgent_priorities", urgent, priorities)
    validation = rules.table("validation")
    validated = tuple(rules.require(validation, "dispositions", list[str]))
    _within(rules, validation, "dispositions", validated, dispositions)
    answer = rules.table("answer")
    return IucRules(
        priorities=priorities,
        dispositions=dispositions,
        clinician_types=tuple(rules.require(rules.data, "clinician_types", list[str])),
        clock_starts_at=rules.require(clock, "starts_at", str, choices=CLOCK_STARTS),
        call_back_minutes=rules.require(rules.table("call_back"), "within_minutes", int, minimum=1),
        urgent_priorities=urgent,
        urgent_assessment_minutes=rules.require(assessment, "urgent_minutes", int, minimum=1),
        other_assessment_minutes=rules.require(assessment, "other_minutes", int, minimum=1),
        face_to_face_tiers=tuple(rules.require(rules.table("face_to_face"), "tiers_hours", list[int])),
        practice_by_hour=rules.require(rules.table("practice_notification"), "by_hour", int, minimum=0),
        validation_dispositions=validated,
        validation_minutes=rules.require(validation, "within_minutes", int, minimum=1),
        answered_within_seconds=rules.require(answer, "answered_within_seconds", int, minimum=1),
        abandoned_after_seconds=rules.require(answer, "abandoned_after_seconds", int, minimum=0),
        confidence=_confidences(rules),
    )


def _within(rules: RuleFile, table, key: str, chosen: tuple[str, ...], allowed: tuple[str, ...]) -> None:
    unknown = sorted(set(chosen) - set(allowed))
    if unknown:
        raise rules.fail(f"{unknown} are not in the vocabulary {list(allowed)}", table=table, key=key)


def _confidences(rules: RuleFile) -> dict[str, Confidence]:
    names = ("clock", "call_back", "definitive_assessment", "face_to_face", "practice_notification", "validation", "answer")
    return {name: rules.require(rules.table(name), "confidence", Confidence) for name in names}


@lru_cache(maxsize=1)
def default_rules() -> IucRules:
    return load_rules()
