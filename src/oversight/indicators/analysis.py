"""A metric's series analysed: SPC in display units against the target of its financial year, and what
may honestly be said of it.

Two rules keep a signal honest (docs/indicators.md):

* **Minimum points.** A series with fewer points than its metric's ``minimum_points`` (default 12) shows
  its values but no variation or assurance icon: limits from so few points are not a process (RTT has one
  month per provider in the extract loaded, which would otherwise read "common cause, hit and miss").
* **Publication lag.** A metric's figures for a month are expected ``publication_lag_months`` after it
  ends. A series whose latest month is older than that allows, relative to ``today``, is marked "No new
  data since <month>" and its signal is never new this month.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

import pandas as pd

from oversight.spc import spc_analysis

from .formatting import format_value, month, scale_of
from .metric import Metric
from .vocabulary import assurance_label, no_new_data_since, too_few_points, variation_label

WINDOW_MONTHS = 36
MONTH = "Month"
#: SPC rule columns, in the words a sentence uses.
RULES = {
    "outside_limits": "outside the process limits",
    "two_in_three": "2 of 3 points close to a limit",
    "trend": "a run of 7 rising or falling points",
    "shift": "7 points in a row on one side of the mean",
}


def add_months(first: date, months: int) -> date:
    index = first.year * 12 + first.month - 1 + months
    return date(index // 12, index % 12 + 1, 1)


def window_start(latest: date, months: int = WINDOW_MONTHS) -> date:
    """The first month of the ``months``-month window ending with ``latest``'s month."""
    return add_months(latest.replace(day=1), -(months - 1))


def target_for(metric: Metric, when: date) -> tuple[float | None, str]:
    """(target in display units, label) for the financial year of ``when``; (None, "") when none."""
    targets = metric.targets_for(when)
    if not targets:
        return None, ""
    chosen = targets[0]
    value = chosen.value * scale_of(metric)
    year = "standing" if chosen.financial_year == "standing" else chosen.financial_year.replace("-", "/")
    label = f"{format_value(metric, value)}: {chosen.kind} ({year})"
    return value, label + (", unconfirmed" if chosen.is_unconfirmed else "")


def analyse(frame: pd.DataFrame, metric: Metric, by: str | None = "org_code"):
    """SPC of observations (``period``, ``value`` and the ``by`` column) of one metric, in display units.
    Each series is judged against the target of its own latest period's financial year."""
    data = pd.DataFrame({MONTH: pd.to_datetime(frame["period"]).to_numpy(),
                         "value": frame["value"].to_numpy() * scale_of(metric)})  # fmt: skip
    if by:
        data.insert(0, by, frame[by].to_numpy())
        targets = {}
        for key, when in data.groupby(by)[MONTH].max().items():
            value, _ = target_for(metric, when.date())
            if value is not None:
                targets[key] = value
        target = targets or None
    else:
        target = target_for(metric, data[MONTH].max().date())[0] if len(data) else None
    return spc_analysis(data, value="value", date=MONTH, by=by, direction=metric.improvement_direction,
                        target=target, missing="drop")  # fmt: skip


# ------------------------------------------------------------------------------------ honest signal ----


def has_enough_points(metric: Metric, points: int) -> bool:
    return points >= metric.minimum_points


def signal_icons(metric: Metric, points: int, variation: str, assurance: str) -> tuple[str, str]:
    """(variation icon, assurance type) a series may show: both "" when it has too few points."""
    return (variation, assurance) if has_enough_points(metric, points) else ("", "")


def latest_expected(metric: Metric, today: date) -> date:
    """The latest month whose figures should be out by ``today``: lag 1 means June's figures are
    published by the end of July, so from 1 August a series should reach June."""
    return add_months(today.replace(day=1), -(metric.publication_lag_months + 1))


def is_stale(metric: Metric, latest_period: date, today: date) -> bool:
    return latest_period < latest_expected(metric, today)


def freshness_note(metric: Metric, latest_period: date | None, today: date) -> str:
    """'No new data since June 2025' when the series has stopped arriving; "" when it is current."""
    if latest_period is None or not is_stale(metric, latest_period, today):
        return ""
    return no_new_data_since(month(latest_period))


@dataclass(frozen=True)
class Reading:
    """What may be said of one series' latest point: its icons, or why it has none."""

    metric: Metric
    points: int
    variation: str  # variation icon name, "" when too few points
    assurance: str  # consistent_pass | inconsistent | consistent_fail | "" (no target, or too few points)
    has_target: bool = False

    @property
    def has_signal(self) -> bool:
        return has_enough_points(self.metric, self.points)

    @property
    def note(self) -> str:
        """Why no icon is shown; "" when the icons are."""
        return "" if self.has_signal else too_few_points(self.metric.minimum_points)

    @property
    def variation_label(self) -> str:
        return variation_label(self.variation) if self.has_signal else self.note

    @property
    def assurance_label(self) -> str:
        if not self.has_signal:
            return ""
        return assurance_label(self.assurance) if self.assurance else assurance_label("")

    @property
    def icons_text(self) -> str:
        """The icons in words ("Common cause variation; No target"), or the reason there are none."""
        return self.note or f"{self.variation_label}; {self.assurance_label}"


def reading(metric: Metric, points: int, variation: str, assurance: str | None, has_target: bool = False) -> Reading:
    shown, kind = signal_icons(metric, points, variation or "", assurance or "")
    return Reading(metric, points, shown, kind, has_target)
