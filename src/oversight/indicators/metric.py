"""What a metric is: its words, its unit, which way is better, its targets and how it is analysed.

The fields are those NHS England's Making Data Count asks of a board metric (label, improvement
direction, target, definition, source), plus two that keep the analysis honest: the minimum number of
points before an SPC signal is stated (``minimum_points``, default 12: NHS England's guidance is that
limits from fewer points are unreliable) and the publication lag, so a series that has stopped arriving
says so instead of passing for current.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

UNITS = ("proportion", "count")
DIRECTIONS = ("increase", "decrease", "neutral")
#: "spc": a Making Data Count chart (XmR with icons); "table": values only (no chart drawn).
CHART_KINDS = ("spc", "table")
STANDING = "standing"
DEFAULT_MINIMUM_POINTS = 12


def financial_year(when: date) -> str:
    """'2025-26' for any date from 1 April 2025 to 31 March 2026."""
    start = when.year if when.month >= 4 else when.year - 1
    return f"{start}-{(start + 1) % 100:02d}"


@dataclass(frozen=True)
class Target:
    financial_year: str  # "2025-26", or "standing" for a standard with no end date
    value: float  # in the metric's stored unit (a proportion 0..1, or a count)
    kind: str
    confidence: str  # confirmed | secondary | unconfirmed (oversight.rulefiles.Confidence)
    note: str = ""

    @property
    def is_unconfirmed(self) -> bool:
        return self.confidence == "unconfirmed"


@dataclass(frozen=True)
class Metric:
    code: str
    label: str
    unit: str  # proportion | count
    improvement_direction: str  # increase | decrease | neutral
    source: str  # which module or publication computes it ("ae", "rtt", "nhs111", "governance", ...)
    definition: str
    reference: str = ""
    targets: tuple[Target, ...] = ()
    minimum_points: int = DEFAULT_MINIMUM_POINTS
    publication_lag_months: int = 1  # months after a period's end by which its figures are published
    chart_kind: str = "spc"
    module: str = ""  # the registered file it came from ("warehouse", "governance", ...)

    @property
    def name(self) -> str:
        """The label under the warehouse catalogue's older word, for the callers that still use it."""
        return self.label

    @property
    def is_proportion(self) -> bool:
        return self.unit == "proportion"

    def targets_for(self, when: date | str) -> tuple[Target, ...]:
        """Targets for a financial year ("2025-26" or any date in it), then the standing ones."""
        year = when if isinstance(when, str) else financial_year(when)
        return tuple(t for t in self.targets if t.financial_year == year) + tuple(
            t for t in self.targets if t.financial_year == STANDING
        )
