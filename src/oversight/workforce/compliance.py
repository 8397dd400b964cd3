"""Compliance with employment checks and training, per month, as registered indicators
(``indicators/metrics/workforce.toml``): of the clinicians who need a thing at a month's end, how many
had it in date. Framework-light: computed from the same facts as :func:`checks.states_for`, on each
month's last day (the current month on ``today``), so a series back over 24 months comes from the
records' own dates (docs/employment-checks.md).

A clinician counts in a month when they are in post on its last day: their connection start date
(when recorded) is on or before it and any end date after it.
"""

from __future__ import annotations

import calendar
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import date

from .checks import CheckState, ClinicianFacts, TrainingRules, add_months, states_for

MONTHS = 24

#: Each registered metric's code and which of a clinician's states it asks to be in date.
METRICS: dict[str, Callable[[CheckState], bool]] = {
    "workforce_training_compliance": lambda state: state.kind == "training",
    "workforce_safeguarding_compliance": lambda state: state.kind == "training" and state.safeguarding,
    "workforce_dbs_compliance": lambda state: state.kind == "dbs",
    "workforce_indemnity_compliance": lambda state: state.kind == "indemnity",
}


def month_end(month: date) -> date:
    return month.replace(day=calendar.monthrange(month.year, month.month)[1])


def months_to(today: date, months: int = MONTHS) -> list[tuple[date, date]]:
    """(first day, day measured) for the ``months`` months ending with today's: each month's last day,
    the current month's ``today``."""
    first = add_months(today.replace(day=1), -(months - 1))
    out = []
    for step in range(months):
        month = add_months(first, step)
        out.append((month, min(month_end(month), today)))
    return out


@dataclass(frozen=True)
class Point:
    month: date  # the month's first day (the SPC period)
    measured_on: date
    compliant: int
    required: int

    @property
    def value(self) -> float | None:
        return self.compliant / self.required if self.required else None


def compliant_on(facts: ClinicianFacts, rules: TrainingRules, day: date) -> dict[str, bool | None]:
    """{metric code: in date (True/False), or None when the clinician does not need it or is not in post}."""
    if not facts.in_post_on(day):
        return dict.fromkeys(METRICS)
    states = states_for(facts, rules, day, due_soon_days=0)
    out: dict[str, bool | None] = {}
    for code, picks in METRICS.items():
        chosen = [state for state in states if picks(state)]
        out[code] = all(state.in_date for state in chosen) if chosen else None
    return out


def series(facts: Iterable[ClinicianFacts], rules: TrainingRules, today: date, months: int = MONTHS) -> dict[str, list[Point]]:
    """{metric code: a point per month} over these clinicians."""
    facts = list(facts)
    out: dict[str, list[Point]] = {code: [] for code in METRICS}
    for month, day in months_to(today, months):
        counts = {code: [0, 0] for code in METRICS}
        for one in facts:
            for code, ok in compliant_on(one, rules, day).items():
                if ok is not None:
                    counts[code][1] += 1
                    counts[code][0] += int(ok)
        for code, (compliant, required) in counts.items():
            out[code].append(Point(month, day, compliant, required))
    return out


@dataclass(frozen=True)
class GroupRow:
    organisation_id: object
    staff_group: str
    metric: str
    compliant: int
    required: int

    @property
    def value(self) -> float | None:
        return self.compliant / self.required if self.required else None


def by_group(facts: Iterable[ClinicianFacts], rules: TrainingRules, day: date) -> list[GroupRow]:
    """Compliance on ``day`` per organisation, staff group and metric (groups with nobody required left out)."""
    counts: dict[tuple, list[int]] = {}
    for one in facts:
        for code, ok in compliant_on(one, rules, day).items():
            if ok is not None:
                entry = counts.setdefault((one.organisation_id, one.staff_group, code), [0, 0])
                entry[0] += int(ok)
                entry[1] += 1
    return [GroupRow(org, group, code, compliant, required) for (org, group, code), (compliant, required) in counts.items()]
