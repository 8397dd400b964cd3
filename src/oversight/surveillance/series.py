"""One provider's series of one metric, read from the warehouse and analysed as the SPC run did.

The regional results are stored per warehouse state by ``services.spc_runs``; a provider's chart page
reads its own series here (the run's window, the indicators' analysis) and draws it once per run.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from pathlib import Path

import pandas as pd
from django.conf import settings

from oversight.indicators import MONTH, Metric, analyse, has_enough_points, scale_of, target_for, window_start
from oversight.warehouse import Warehouse

__all__ = ["MATRIX_METRICS", "MONTH", "SeriesView", "WarehouseUnavailable", "provider_series", "series_view", "warehouse"]

# Headline metrics for the regional matrix, in column order (others are on each provider's page).
MATRIX_METRICS = (
    "ae_4hr_all",
    "ae_4hr_type1",
    "ae_dta_12hr",
    "rtt_18wk_incomplete",
    "rtt_52wk_waiters",
    "rtt_52wk_share",
    "rtt_waiting_list",
    "nhs111_answered_60s",
)


class WarehouseUnavailable(RuntimeError):
    """The warehouse could not be read (e.g. a load is being written) and no earlier results exist."""


def warehouse() -> Warehouse:
    return Warehouse(Path(settings.OVERSIGHT_WAREHOUSE))


# --------------------------------------------------------------------------------- one provider ----


@dataclass
class SeriesView:
    """One provider's series of one metric, analysed as in the run, with the source counts."""

    metric: Metric
    code: str
    observations: pd.DataFrame  # period, numerator, denominator, value (display units); missing included
    result: object  # SPCResult (single series)
    points: pd.DataFrame
    target: float | None
    target_label: str

    @property
    def latest(self) -> pd.Series:
        return self.points.iloc[-1]

    @property
    def has_signal(self) -> bool:
        """Enough points for its metric's SPC signal (the run stores none for a shorter series)."""
        return has_enough_points(self.metric, len(self.points))


def provider_series(run, code: str, metric: Metric) -> SeriesView | None:
    """The analysed series of ``metric`` at provider ``code`` within the run's window (None: no data)."""
    latest = run.latest_periods.get(metric.code)
    if latest is None:
        return None
    frame = warehouse().observations(metric.code, orgs=[code], start=window_start(date.fromisoformat(latest)))
    return series_view(frame, metric, code)


def series_view(frame: pd.DataFrame, metric: Metric, code: str) -> SeriesView | None:
    values = frame[frame["value"].notna()]
    if values.empty:
        return None
    result = analyse(values, metric, by=None)
    points = result.points
    when = pd.Timestamp(values["period"].max()).date()
    target, label = target_for(metric, when)
    shown = frame[["period", "numerator", "denominator", "value"]].copy()
    shown["value"] = shown["value"] * scale_of(metric)
    return SeriesView(metric, code, shown.reset_index(drop=True), result, points, target, label)


