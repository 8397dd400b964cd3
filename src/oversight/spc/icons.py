"""Which Making Data Count icon a series shows, as data (``ptd_get_icons``, ``geom_ptd_icon.R``).

Variation icon: from the point type of the series' latest point and the improvement
direction (docs/rules/spc-making-data-count.md §1.5). Assurance icon: pass,
fail or inconsistent (§1.6). The drawings are in :mod:`oversight.spc.icon_svg`.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass

import numpy as np

from oversight.spc import colours
from oversight.spc.labels import POINT_TYPES

#: Variation icon names, in code order.
VARIATION_ICONS = (
    "common_cause",
    "improvement_high",
    "improvement_low",
    "concern_high",
    "concern_low",
    "neutral_high",
    "neutral_low",
)
#: Assurance icon names, by assurance type.
ASSURANCE_ICONS = {"consistent_pass": "pass", "consistent_fail": "fail", "inconsistent": "inconsistent"}

# variation icon code by [direction sign + 1][point type code]
_ICON_BY_TYPE = np.array(
    [
        [0, 2, 3, 5, 6],  # decrease: improvement is low, concern is high
        [0, 0, 0, 5, 6],  # neutral: only neutral types occur
        [0, 1, 4, 5, 6],  # increase: improvement is high, concern is low
    ],
    dtype=np.int8,
)


def variation_icon_codes(point_type: np.ndarray, direction_sign: int) -> np.ndarray:
    """Variation icon code of each point-type code (index into :data:`VARIATION_ICONS`)."""
    return _ICON_BY_TYPE[direction_sign + 1][point_type]


def variation_icon(point_type: str, direction: str) -> str:
    """Variation icon name for one point type and direction (``increase``/``decrease``/``neutral``)."""
    sign = {"increase": 1, "neutral": 0, "decrease": -1}[direction]
    return VARIATION_ICONS[int(_ICON_BY_TYPE[sign + 1][POINT_TYPES.index(point_type)])]


def assurance_icon(assurance: str | None) -> str | None:
    """Assurance icon name, None when there is no assurance."""
    return ASSURANCE_ICONS.get(assurance) if assurance else None


@dataclass(frozen=True)
class IconState:
    """One icon a board report can show, with what it means."""

    kind: str  # "variation" or "assurance"
    name: str
    meaning: str
    colour: str
    point_type: str | None = None
    direction: str | None = None
    assurance: str | None = None


ICON_STATES: tuple[IconState, ...] = (
    IconState(
        "variation",
        "common_cause",
        "Common cause variation: no significant change",
        colours.COMMON_CAUSE,
        "common_cause",
    ),
    IconState(
        "variation",
        "improvement_high",
        "Special cause of an improving nature: higher is better and the latest point is high",
        colours.IMPROVEMENT,
        "special_cause_improvement",
        "increase",
    ),
    IconState(
        "variation",
        "improvement_low",
        "Special cause of an improving nature: lower is better and the latest point is low",
        colours.IMPROVEMENT,
        "special_cause_improvement",
        "decrease",
    ),
    IconState(
        "variation",
        "concern_high",
        "Special cause of a concerning nature: lower is better but the latest point is high",
        colours.CONCERN,
        "special_cause_concern",
        "decrease",
    ),
    IconState(
        "variation",
        "concern_low",
        "Special cause of a concerning nature: higher is better but the latest point is low",
        colours.CONCERN,
        "special_cause_concern",
        "increase",
    ),
    IconState(
        "variation",
        "neutral_high",
        "Special cause, neither improvement nor concern: the latest point is high",
        colours.NEUTRAL,
        "special_cause_neutral_high",
        "neutral",
    ),
    IconState(
        "variation",
        "neutral_low",
        "Special cause, neither improvement nor concern: the latest point is low",
        colours.NEUTRAL,
        "special_cause_neutral_low",
        "neutral",
    ),
    IconState(
        "assurance",
        "pass",
        "The process will consistently meet the target",
        colours.IMPROVEMENT,
        assurance="consistent_pass",
    ),
    IconState(
        "assurance",
        "fail",
        "The process will consistently fail the target",
        colours.CONCERN,
        assurance="consistent_fail",
    ),
    IconState(
        "assurance",
        "inconsistent",
        "The process will sometimes meet and sometimes fail the target",
        colours.COMMON_CAUSE,
        assurance="inconsistent",
    ),
)


def icon_states() -> list[dict[str, str | None]]:
    """Every icon state as plain data (for a web page, an API or a legend)."""
    return [asdict(state) for state in ICON_STATES]
