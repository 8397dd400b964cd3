"""Values and months as every page, report and CSV writes them."""

from __future__ import annotations

import math
from datetime import date

from .metric import Metric

MISSING = "–"


def scale_of(metric: Metric) -> float:
    """Proportions are analysed and shown as percentages (0-100); SPC is unchanged by scaling."""
    return 100.0 if metric.is_proportion else 1.0


def unit_of(metric: Metric) -> str:
    """The unit a CSV names for the values it gives (in display units)."""
    return "percent" if metric.is_proportion else "count"


def value_label(metric: Metric) -> str:
    return "Percentage" if metric.is_proportion else "Count"


def format_value(metric: Metric | None, value: float | None) -> str:
    """A value in display units: '71.2%' for a proportion, '1,234' or '12.5' for a count."""
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return MISSING
    if metric is not None and metric.is_proportion:
        return f"{value:.1f}%"
    return f"{value:,.0f}" if float(value).is_integer() else f"{value:,.1f}"


def month(value) -> str:
    """'June 2025' for a date, datetime or pandas Timestamp."""
    when = value.date() if hasattr(value, "date") and not isinstance(value, date) else value
    return f"{when:%B %Y}"
