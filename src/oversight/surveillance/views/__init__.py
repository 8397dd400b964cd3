"""Regional quality surveillance pages."""

from .analyst import analyse, analyse_download, analyse_results
from .escalation import action, change_level, new_action, overdue, provider_escalation, register
from .funnel import funnel_download, funnel_page
from .nof import changes as nof_changes
from .nof import league as nof_league
from .nof import league_csv as nof_league_csv
from .nof import load as nof_load
from .nof import load_review as nof_load_detail
from .nof import loads as nof_loads
from .nof import revert as nof_revert
from .nof import trust as nof_trust
from .overview import (
    icon,
    index,
    matrix,
    matrix_csv,
    new_this_month,
    provider,
    provider_metric,
    provider_metric_csv,
)

__all__ = [
    "action", "analyse", "analyse_download", "analyse_results", "change_level", "funnel_download", "funnel_page", "icon", "index", "matrix",
    "matrix_csv", "new_action", "new_this_month", "nof_changes", "nof_league", "nof_league_csv", "nof_load",
    "nof_load_detail", "nof_loads", "nof_revert", "nof_trust", "overdue", "provider", "provider_escalation", "provider_metric", "provider_metric_csv", "register",
]  # fmt: skip
