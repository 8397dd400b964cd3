"""Providers compared on one metric in one month: a funnel plot (``oversight.funnel``) of every provider
with the metric's numerator and denominator, the outliers named in the metric's words.

A monthly SPC chart says whether a provider has changed; a funnel says whether it differs from its peers
once its size is allowed for (rules §10: small providers scatter more, so a raw league table misleads).
A proportion metric is compared as a proportion (PR) against the overall proportion of all providers shown,
with additive overdispersion and 99.8% limits, FunnelPlotR's defaults. "Higher than expected" is then said
as better or worse by the metric's improvement direction.

Framework-free: the caller passes the observations (as read from the warehouse) and the names.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import date

import pandas as pd

from oversight.funnel import FunnelOptions, FunnelResult, funnel

from .formatting import format_value, month, scale_of
from .metric import Metric

#: The fewest providers a comparison is drawn for: below this the dispersion estimate means little.
MINIMUM_PROVIDERS = 10


@dataclass(frozen=True)
class Outlier:
    code: str
    name: str
    value: str  # in the metric's display unit
    side: str  # "high" | "low"
    judgement: str  # "better than expected" | "worse than expected" | "higher than expected" | ...
    in_focus: bool  # one of the providers the reader asked about (the report's trust, the region's trusts)


@dataclass(frozen=True)
class Comparison:
    metric: Metric
    month: date
    result: FunnelResult
    names: Mapping[str, str]
    focus: frozenset[str]
    left_out: int = 0  # providers with the metric that month but no usable count (no or a zero denominator)

    @property
    def providers(self) -> int:
        return len(self.result.groups)

    @property
    def target_text(self) -> str:
        return format_value(self.metric, self.result.target * scale_of(self.metric))

    def outliers(self) -> list[Outlier]:
        rows = self.result.groups[self.result.groups["outlier"] == 1]
        found = [self._outlier(row) for row in rows.itertuples()]
        return sorted(found, key=lambda o: (not o.in_focus, o.side, o.name))

    def _outlier(self, row) -> Outlier:
        side = row.outlier_direction  # the engine's own side of the limits
        code = str(row.group)
        return Outlier(code, self.names.get(code, code), format_value(self.metric, row.rr * scale_of(self.metric)), side,
                       judgement(self.metric, side), code in self.focus)

    def position(self, code: str) -> str:
        """Where one provider sits: 'within the limits' or its outlier judgement; '' if not compared."""
        rows = self.result.groups[self.result.groups["group"].astype(str) == code]
        if rows.empty:
            return ""
        row = next(rows.itertuples())
        if row.outlier != 1:
            return "within the limits"
        return judgement(self.metric, row.outlier_direction)

    def sentence(self) -> str:
        """The funnel's text alternative, stating what it shows the way a board paper would."""
        outliers = self.outliers()
        high = sum(o.side == "high" for o in outliers)
        low = len(outliers) - high
        limits = "99.8% limits, adjusted for overdispersion" if self.result.adjusted else "99.8% limits"
        text = (f"{self.metric.label}, {month(self.month)}: {self.providers} providers compared with the overall "
                f"{self.target_text}, allowing for each provider's size ({limits}).")
        if self.left_out:
            text += (f" {self.left_out} provider{' is' if self.left_out == 1 else 's are'} left out, "
                     "with no count to compare.")
        if not outliers:
            return text + " No provider is outside the limits."
        parts = []
        if high:
            parts.append(f"{high} {judgement(self.metric, 'high')}")
        if low:
            parts.append(f"{low} {judgement(self.metric, 'low')}")
        return text + " Outside the limits: " + "; ".join(parts) + "."


def judgement(metric: Metric, side: str) -> str:
    """An outlier in plain words: better or worse when the metric has a direction, else higher or lower."""
    if metric.improvement_direction == "neutral":
        return f"{'higher' if side == 'high' else 'lower'} than expected"
    better = (side == "high") == (metric.improvement_direction == "increase")
    return "better than expected" if better else "worse than expected"


def compare_providers(observations: pd.DataFrame, metric: Metric, when: date, *, names: Mapping[str, str],
                      focus: Iterable[str] = ()) -> Comparison | None:
    """The funnel of every provider with this proportion metric in month ``when``; None when it cannot be
    drawn (not a proportion, or fewer than MINIMUM_PROVIDERS providers with a count)."""
    if not metric.is_proportion or observations.empty:
        return None
    rows = observations[(observations["metric"] == metric.code) & (pd.to_datetime(observations["period"]).dt.date == when)]
    reported = len(rows)
    rows = rows.dropna(subset=["numerator", "denominator"])
    rows = rows[rows["denominator"] > 0]
    if len(rows) < MINIMUM_PROVIDERS:
        return None
    result = funnel(rows["numerator"].to_numpy(float), rows["denominator"].to_numpy(float),
                    rows["org_code"].astype(str).to_numpy(), FunnelOptions(data_type="PR", unique_groups=True))
    return Comparison(metric, when, result, dict(names), frozenset(focus), left_out=reported - len(rows))
