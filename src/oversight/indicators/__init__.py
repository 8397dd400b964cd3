"""A metric, analysed and put into words: the one home for what every page, report, CSV and API says
about a metric (framework-free: no Django).

    from oversight.indicators import registry, analyse, reading, describe_series, format_value
    metric = registry().metric("ae_4hr_all")       # label, unit, direction, targets, minimum points, lag
    result = analyse(frame, metric, by=None)        # SPC in display units against the year's target
    reading(metric, len(points), icon, assurance)   # the icons it may show, or why it shows none
    describe_series(result.points, metric, target)  # the sentence that states its signal

Modules register their metrics by adding one TOML file to ``indicators/metrics/`` and its name to
``registry.MODULE_FILES``. See docs/indicators.md.
"""

from .analysis import (
    MONTH,
    RULES,
    WINDOW_MONTHS,
    Reading,
    add_months,
    analyse,
    freshness_note,
    has_enough_points,
    is_stale,
    latest_expected,
    reading,
    signal_icons,
    target_for,
    window_start,
)
from .charts import decorative, render_chart, render_funnel
from .formatting import format_value, month, scale_of, unit_of, value_label
from .metric import Metric, Target, financial_year
from .registry import (
    MODULE_FILES,
    Family,
    MetricFileError,
    Registry,
    read_metric_file,
    registry,
    registry_from,
)
from .sentences import describe_series, family_label, point_text, rules_text, signal_text
from .vocabulary import (
    ASSURANCE_LABELS,
    ASSURANCE_ORDER,
    NATURE,
    VARIATION_FAMILIES,
    VARIATION_LABELS,
    assurance_label,
    no_new_data_since,
    too_few_points,
    variation_family,
    variation_label,
)

__all__ = [
    "ASSURANCE_LABELS",
    "ASSURANCE_ORDER",
    "MODULE_FILES",
    "MONTH",
    "NATURE",
    "RULES",
    "VARIATION_FAMILIES",
    "VARIATION_LABELS",
    "WINDOW_MONTHS",
    "Family",
    "Metric",
    "MetricFileError",
    "Reading",
    "Registry",
    "Target",
    "add_months",
    "analyse",
    "assurance_label",
    "decorative",
    "describe_series",
    "family_label",
    "financial_year",
    "format_value",
    "freshness_note",
    "has_enough_points",
    "is_stale",
    "latest_expected",
    "month",
    "no_new_data_since",
    "point_text",
    "read_metric_file",
    "reading",
    "registry",
    "registry_from",
    "render_chart",
    "render_funnel",
    "rules_text",
    "scale_of",
    "signal_icons",
    "signal_text",
    "target_for",
    "too_few_points",
    "unit_of",
    "value_label",
    "variation_family",
    "variation_label",
    "window_start",
]  # fmt: skip
