"""The one wording of every Making Data Count state, used by every page, report, CSV and API.

The states are :mod:`oversight.spc`'s (``spc.icons.VARIATION_ICONS``, ``ASSURANCE_ICONS`` and the point
types of ``spc.labels``); the words are NHS England's Making Data Count icon key ("Special cause of an
improving nature where the measure is significantly higher", "Variation indicates consistently passing
the target"), shortened only by dropping the repeated "where the measure is significantly". One state,
one wording: a label never changes between the matrix, the provider page, the board report and the CSV.
"""

from __future__ import annotations

from oversight.spc.icons import ASSURANCE_ICONS

#: Variation icon name -> its wording.
VARIATION_LABELS: dict[str, str] = {
    "common_cause": "Common cause variation",
    "improvement_high": "Special cause of an improving nature: higher",
    "improvement_low": "Special cause of an improving nature: lower",
    "concern_high": "Special cause of a concerning nature: higher",
    "concern_low": "Special cause of a concerning nature: lower",
    "neutral_high": "Special cause of neither improving nor concerning nature: higher",
    "neutral_low": "Special cause of neither improving nor concerning nature: lower",
}
#: The kinds of variation a summary counts (an icon's family), in the Making Data Count matrix's order.
VARIATION_FAMILIES: dict[str, str] = {
    "improvement": "Special cause of an improving nature",
    "common_cause": "Common cause variation",
    "concern": "Special cause of a concerning nature",
    "neutral": "Special cause of neither improving nor concerning nature",
}
#: Point type (spc.labels.POINT_TYPES) -> family.
POINT_TYPE_FAMILY: dict[str, str] = {
    "common_cause": "common_cause",
    "special_cause_improvement": "improvement",
    "special_cause_concern": "concern",
    "special_cause_neutral_high": "neutral",
    "special_cause_neutral_low": "neutral",
}
#: Point type -> the nature a sentence names ("special cause concern").
NATURE: dict[str, str] = {
    "special_cause_improvement": "improvement",
    "special_cause_concern": "concern",
    "special_cause_neutral_high": "neutral",
    "special_cause_neutral_low": "neutral",
    "common_cause": "common cause",
}
#: Assurance type (spc's ``consistent_pass`` ...) -> its wording; "" is a series without a target.
ASSURANCE_LABELS: dict[str, str] = {
    "consistent_pass": "Consistently passing the target",
    "inconsistent": "Inconsistently passing and falling short of the target",
    "consistent_fail": "Consistently falling short of the target",
    "": "No target",
}
#: The assurance columns of a summary, in the Making Data Count matrix's order.
ASSURANCE_ORDER = ("consistent_pass", "inconsistent", "consistent_fail", "")
#: How a sentence states an assurance ("Assurance: consistently failing the 78.0% target").
ASSURANCE_PHRASE: dict[str, str] = {
    "consistent_pass": "consistently passing",
    "consistent_fail": "consistently falling short of",
    "inconsistent": "inconsistently passing and falling short of",
}
#: Assurance icon name (``pass``/``fail``/``inconsistent``) -> assurance type.
ASSURANCE_OF_ICON: dict[str, str] = {icon: kind for kind, icon in ASSURANCE_ICONS.items()}

def variation_label(icon: str | None) -> str:
    """The wording of a variation icon; "" for none."""
    return VARIATION_LABELS.get(icon or "", "")


def variation_family(icon: str | None) -> str:
    """'improvement_high' -> 'improvement'; 'common_cause' stays; "" for none."""
    if not icon:
        return ""
    return icon.rsplit("_", 1)[0] if icon != "common_cause" else icon


def assurance_label(assurance: str | None) -> str:
    """The wording of an assurance type or icon name ("consistent_fail" or "fail")."""
    kind = ASSURANCE_OF_ICON.get(assurance or "", assurance or "")
    return ASSURANCE_LABELS.get(kind, "")


def too_few_points(minimum: int) -> str:
    """Why a short series shows no icon."""
    return f"Fewer than {minimum} points: no SPC signal yet"


def no_new_data_since(month: str) -> str:
    return f"No new data since {month}"
