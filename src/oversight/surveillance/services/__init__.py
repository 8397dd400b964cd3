"""What other modules (reports) may ask of surveillance. Plain data in, plain dicts out.

    from oversight.surveillance.services import nof_position, escalation_summary
    nof_position("RXP")           # {"year": "2025-26", "period": "Q1 2025/26", "final_segment": 3, ...}
    escalation_summary(trust)     # {"level": "enhanced", "level_label": ..., "open_actions": 2, ...}

Neither checks access: the caller (a report the user may produce) decides who sees the result.
"""

from __future__ import annotations

from ..models import Escalation, NofLoad, NofResult
from ..selectors import summary


def nof_position(organisation_code: str) -> dict | None:
    """The trust's position in the NOF publication in force; None when it is not in it."""
    load = NofLoad.objects.in_force()
    if load is None:
        return None
    row = NofResult.objects.filter(load=load, trust_code=str(organisation_code).upper()).first()
    if row is None:
        return None
    return {
        "year": load.year,
        "period": load.period_label,
        "final_segment": row.final_segment,
        "adjusted_segment": row.adjusted_segment,
        "rank": row.rank,
        "out_of": row.out_of,
        "average_score": row.average_score,
        "trust_type": row.trust_type,
    }


def escalation_summary(organisation) -> dict | None:
    """The provider's surveillance level and actions (``organisation``: an Organisation or a provider
    code); None when it is not on the escalation register."""
    code = getattr(organisation, "ods_code", organisation)
    if not code:
        return None
    escalation = Escalation.objects.filter(provider_code=str(code).upper()).first()
    if escalation is None:
        return None
    return summary(escalation)
