"""The personal data breach clock: the ICO's 72 hours, grading, and checks on a breach's times.

Framework-free (no Django), built on :mod:`oversight.deadlines` (rule ``ico_personal_data_breach``) and
:mod:`oversight.rulefiles`. Rules: ``nhs-governance-rules.md`` §8, "Personal data breaches" (UK GDPR
Art 33 and 34 [S92-S94, S145], confirmed) and "DSPT incident reporting tool" [S146].

* Notify the ICO without undue delay and, where feasible, **within 72 hours of becoming aware**. The
  hours are **elapsed** hours on timezone-aware datetimes, so the deadline is right across the change to
  and from British Summer Time: aware at 00:30 GMT on 29 March 2026 (the clocks go forward at 01:00),
  due at 01:30 BST on 1 April 2026, which is 72 elapsed hours later. Every time here must be aware.
* A notification after the 72 hours must give the reasons for the delay (:func:`check_breach_times`).
* **Grading** (:func:`grade`): a 5 x 5 grid of likelihood and severity whose labels and ICO threshold
  are in ``rules/breach_grading.toml``: the ICO is notified when the likelihood is at least "likely"
  and the severity at least "minor" (secondary source); the grid's labels are UNCONFIRMED (§8) and
  the DHSC threshold is not modelled (UNCONFIRMED in §8). Not notifying is a decision whose reasons
  must be recorded (by the register, not here).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime
from functools import cache
from importlib.resources import files
from importlib.resources.abc import Traversable
from pathlib import Path

from oversight.deadlines import ClockStatus, DeadlinePolicy, default_policy, hours_clock
from oversight.rulefiles import Confidence, RuleFileError, read_rule_file

__all__ = [
    "GRADING_FILE",
    "RULE",
    "BreachGradingError",
    "BreachProblem",
    "Grading",
    "GradingRules",
    "check_breach_times",
    "grade",
    "grading_rules",
    "hours_left",
    "ico_due",
    "notification_is_late",
    "read_grading",
]

#: The deadline policy's rule for reporting a personal data breach to the ICO.
RULE = "ico_personal_data_breach"
GRADING_FILE = files("oversight.infogov") / "rules" / "breach_grading.toml"
GRID_SIZE = 5


class BreachProblem(ValueError):
    """Times or grades of a breach that cannot be right; ``field`` names the form field."""

    def __init__(self, field: str, message: str) -> None:
        self.field = field
        self.message = message
        super().__init__(message)


class BreachGradingError(RuleFileError):
    """``breach_grading.toml`` is malformed; the message names the table and key."""


# ------------------------------------------------------------------------------ the 72 hours ----


def _utc(value: datetime) -> datetime:
    # Python orders two datetimes with the same tzinfo by their wall-clock times (wrong across a clock
    # change); in UTC the order is that of elapsed time. Hours themselves come from deadlines.hours_clock.
    return value.astimezone(UTC)


def _aware(value: object, field: str, what: str) -> datetime:
    if not isinstance(value, datetime):
        raise BreachProblem(field, f"{what} needs a date and a time.")
    if value.tzinfo is None or value.utcoffset() is None:
        raise BreachProblem(
            field, f"{what} needs a time zone (e.g. Europe/London): hours cannot be counted from a bare time."
        )
    return value


def ico_due(aware_at: datetime, *, policy: DeadlinePolicy | None = None) -> datetime:
    """The moment the ICO must be told by: 72 elapsed hours after becoming aware, in ``aware_at``'s zone."""
    _aware(aware_at, "aware_at", "The time of becoming aware")
    return (policy or default_policy()).due(RULE, aware_at)  # type: ignore[return-value]


def hours_left(aware_at: datetime, now: datetime, *, policy: DeadlinePolicy | None = None) -> float:
    """Elapsed hours from ``now`` to the ICO deadline (negative once it has passed)."""
    _aware(now, "now", "Now")
    reading = hours_clock(ico_due(aware_at, policy=policy), now)
    return reading.hours_remaining if reading.hours_remaining is not None else -reading.hours_overdue


def notification_is_late(
    aware_at: datetime, notified_at: datetime, *, policy: DeadlinePolicy | None = None
) -> bool:
    """True if the ICO was notified after the deadline (exactly on it is in time)."""
    _aware(notified_at, "notified_at", "The time the ICO was notified")
    due = ico_due(aware_at, policy=policy)
    return hours_clock(due, notified_at, completed=notified_at).status is ClockStatus.MET_LATE


def check_breach_times(
    occurred_at: datetime | None,
    aware_at: datetime,
    reported_at: datetime | None,
    notified_at: datetime | None,
    now: datetime,
    late_reason: str = "",
    *,
    policy: DeadlinePolicy | None = None,
) -> None:
    """Raise :class:`BreachProblem` naming the field if a breach's times cannot be right; else None.

    ``occurred_at`` (when the breach happened, if known), ``aware_at`` (reasonably certain it happened),
    ``reported_at`` (reported to the IG team), ``notified_at`` (the ICO told, if it was), ``now``;
    ``late_reason``: the reasons for a notification after the 72 hours.
    """
    _aware(aware_at, "aware_at", "The time of becoming aware")
    _aware(now, "now", "Now")
    for value, field, what in (
        (occurred_at, "occurred_at", "The time the breach happened"),
        (reported_at, "reported_at", "The time of the report to the information governance team"),
        (notified_at, "notified_at", "The time the ICO was notified"),
    ):
        if value is not None:
            _aware(value, field, what)
    aware, current = _utc(aware_at), _utc(now)
    if aware > current:
        raise BreachProblem("aware_at", "The time of becoming aware cannot be in the future.")
    if reported_at is not None and aware > _utc(reported_at):
        raise BreachProblem(
            "aware_at",
            "The time of becoming aware is after the breach was reported to the information governance "
            "team: the organisation was aware from the report at the latest.",
        )
    if occurred_at is not None and _utc(occurred_at) > aware:
        raise BreachProblem("occurred_at", "The breach cannot have happened after the organisation became aware of it.")
    if notified_at is not None:
        if _utc(notified_at) < aware:
            raise BreachProblem("notified_at", "The ICO cannot have been notified before the organisation was aware.")
        if notification_is_late(aware_at, notified_at, policy=policy) and not (late_reason or "").strip():
            raise BreachProblem(
                "late_reason",
                "The ICO was notified more than 72 hours after becoming aware: give the reasons for the delay.",
            )


# ------------------------------------------------------------------------------ grading ----


@dataclass(frozen=True)
class GradingRules:
    """The grid's labels (position 1 first) and the ICO threshold, from ``breach_grading.toml``."""

    likelihood_labels: tuple[str, ...]
    severity_labels: tuple[str, ...]
    ico_likelihood_at_least: int
    ico_severity_at_least: int
    labels_confidence: Confidence
    threshold_confidence: Confidence
    version: str = ""


@dataclass(frozen=True)
class Grading:
    """One breach's grade: whether the ICO must be notified, and the grid's words for it."""

    notify_ico: bool
    likelihood: int
    severity: int
    likelihood_label: str
    severity_label: str
    score: int  # likelihood x severity, 1 to 25, for sorting a register
    confidence: Confidence  # of the threshold that decided notify_ico

    @property
    def reason(self) -> str:
        if self.notify_ico:
            return (
                f"Notify the ICO: likelihood {self.likelihood_label.lower()} and severity "
                f"{self.severity_label.lower()} reach the threshold."
            )
        return (
            f"No need to notify the ICO on this grading (likelihood {self.likelihood_label.lower()}, severity "
            f"{self.severity_label.lower()}): record the reasons for not notifying."
        )


def _labels(rules, name: str) -> tuple[str, ...]:
    labels = rules.require(name, "labels", list[str])
    if len(labels) != GRID_SIZE or not all(label.strip() for label in labels):
        raise rules.fail(f"expected {GRID_SIZE} non-blank labels, lowest first", table=name, key="labels")
    return tuple(label.strip() for label in labels)


def _position(rules, key: str) -> int:
    value = rules.require("notify_ico", key, int, minimum=1)
    if value > GRID_SIZE:
        raise rules.fail(f"expected a position from 1 to {GRID_SIZE}", table="notify_ico", key=key)
    return value


def read_grading(source: str | Path | Traversable | None = None) -> GradingRules:
    """The grading rules in ``source`` (a path, a Traversable or TOML text; the shipped file by default)."""
    rules = read_rule_file(source if source is not None else GRADING_FILE, error=BreachGradingError)
    rules.require(rules.data, "schema", int, choices=(1,))
    rules.known_keys(rules.data, {"schema", "version", "likelihood", "severity", "notify_ico"})
    for name in ("likelihood", "severity"):
        rules.known_keys(name, {"labels", "confidence"})
    rules.known_keys("notify_ico", {"likelihood_at_least", "severity_at_least", "confidence"})
    # The weaker of the two (confirmed < secondary < unconfirmed in the enum's order).
    labels_confidence = max(
        (rules.require(name, "confidence", Confidence) for name in ("likelihood", "severity")),
        key=list(Confidence).index,
    )
    return GradingRules(
        likelihood_labels=_labels(rules, "likelihood"),
        severity_labels=_labels(rules, "severity"),
        ico_likelihood_at_least=_position(rules, "likelihood_at_least"),
        ico_severity_at_least=_position(rules, "severity_at_least"),
        labels_confidence=labels_confidence,
        threshold_confidence=rules.require("notify_ico", "confidence", Confidence),
        version=rules.optional(rules.data, "version", str, ""),
    )


@cache
def grading_rules() -> GradingRules:
    """The shipped grading rules, read once."""
    return read_grading()


def _grid_position(value: object, field: str, labels: tuple[str, ...]) -> int:
    if isinstance(value, bool) or not isinstance(value, int) or not 1 <= value <= len(labels):
        choices = "; ".join(f"{i} {label}" for i, label in enumerate(labels, start=1))
        raise BreachProblem(field, f"Choose a {field} from 1 to {len(labels)} ({choices}).")
    return value


def grade(likelihood: int, severity: int, thresholds: GradingRules | None = None) -> Grading:
    """Grade a breach on the 5 x 5 grid (positions 1 to 5, lowest first); raise :class:`BreachProblem`
    naming ``likelihood`` or ``severity`` for a position off the grid."""
    rules = thresholds or grading_rules()
    likelihood = _grid_position(likelihood, "likelihood", rules.likelihood_labels)
    severity = _grid_position(severity, "severity", rules.severity_labels)
    return Grading(
        notify_ico=likelihood >= rules.ico_likelihood_at_least and severity >= rules.ico_severity_at_least,
        likelihood=likelihood,
        severity=severity,
        likelihood_label=rules.likelihood_labels[likelihood - 1],
        severity_label=rules.severity_labels[severity - 1],
        score=likelihood * severity,
        confidence=rules.threshold_confidence,
    )
