"""Small rule helpers built on the reference data (no Django)."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from .loader import load

__all__ = ["Decision", "duty_of_candour_applies", "requires_psii"]


@dataclass(frozen=True)
class Decision:
    """A yes/no answer with the reasons for it. ``bool(decision)`` is ``decision.required``.

    ``to_check`` lists facts still needed before the answer can be relied on.
    """

    required: bool
    reasons: tuple[str, ...]
    to_check: tuple[str, ...] = ()

    def __bool__(self) -> bool:
        return self.required


def requires_psii(
    *,
    never_event: str | None = None,
    death_more_likely_than_not_due_to_problems_in_care: bool = False,
    directory: str | Path | None = None,
) -> Decision:
    """Whether PSIRF's national requirements make a patient safety incident investigation (PSII) mandatory.

    Confirmed national requirements (docs/rules/learning-responses.md): an incident meeting the Never Events criteria, and a
    death thought more likely than not to be due to problems in care, each require a locally led PSII.
    ``never_event`` is a code from ``load("never_events")`` (None if the incident is not one). Other
    national routes (MNSI, LeDeR, child deaths and so on) are referrals to other bodies, UNCONFIRMED,
    and not decided here; a PSII may still be chosen locally for any incident.
    """
    reasons: list[str] = []
    notes: list[str] = []
    if never_event is not None:
        item = load("never_events", directory=directory).get(never_event)  # KeyError for an unknown code
        if item.get("active", True):
            reasons.append(f"Never Event: {item.label} ({item.code})")
        else:
            notes.append(f"{item.label} ({item.code}) is no longer on the Never Events list")
    if death_more_likely_than_not_due_to_problems_in_care:
        reasons.append("Death thought more likely than not to be due to problems in care")
    if reasons:
        return Decision(True, tuple(reasons + notes))
    return Decision(
        False,
        tuple(notes)
        or ("Not a Never Event, and not a death thought more likely than not due to problems in care",),
    )


def duty_of_candour_applies(
    *,
    physical_harm: str | None = None,
    psychological_harm: str | None = None,
    psychological_harm_days: int | None = None,
    directory: str | Path | None = None,
) -> Decision:
    """Whether the harm makes an incident a notifiable safety incident for an NHS body (Regulation 20).

    Give the harm the incident caused, or that a healthcare professional reasonably thinks it could
    cause, as codes from ``load("physical_harm")`` and ``load("psychological_harm")``.
    ``psychological_harm_days``: how long the psychological harm has lasted or is likely to last
    continuously (prolonged psychological harm is at least 28 days). The incident must also have been
    unintended or unexpected and have happened during a regulated activity: the caller decides that.
    """
    reasons: list[str] = []
    to_check: list[str] = []
    if physical_harm is not None:
        item = load("physical_harm", directory=directory).get(physical_harm)
        if item["notifiable_under_duty_of_candour"]:
            reasons.append(f"Physical harm: {item.label}")
    if psychological_harm is not None:
        if psychological_harm_days is not None and (
            isinstance(psychological_harm_days, bool)
            or not isinstance(psychological_harm_days, int)
            or psychological_harm_days < 0
        ):
            raise ValueError(
                f"psychological_harm_days must be a whole number >= 0, got {psychological_harm_days!r}"
            )
        item = load("psychological_harm", directory=directory).get(psychological_harm)
        threshold = item.get("notifiable_if_lasting_days")
        if item["notifiable_under_duty_of_candour"]:
            reasons.append(f"Psychological harm: {item.label}")
        elif threshold is not None:
            if psychological_harm_days is None:
                to_check.append(
                    f"{item.label} is notifiable if it lasts, or is likely to last, at least {threshold} days "
                    "continuously: record how long"
                )
            elif psychological_harm_days >= threshold:
                reasons.append(
                    f"Prolonged psychological harm: {item.label} for {psychological_harm_days} days"
                )
    if reasons:
        return Decision(True, tuple(reasons), tuple(to_check))
    if physical_harm is None and psychological_harm is None:
        to_check.append("No harm level recorded")
    return Decision(False, ("Harm is below the Duty of Candour threshold",), tuple(to_check))
