"""SPC options, validated once at the door (like NHSRplotthedots' ``ptd_spc_options``).

Every later function trusts an :class:`SPCOptions`; nothing downstream re-checks arguments.
Source for the rules and defaults: NHSRplotthedots 0.2.2, ``R/ptd_spc_options.R`` and
``R/ptd_validate_spc_options.R`` (docs/rules/spc-making-data-count.md §1.2).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

from oversight.spc.errors import SPCInputError

DirectionName = Literal["increase", "decrease", "neutral"]
MissingPolicy = Literal["error", "drop"]

#: improvement_direction as NHSRplotthedots encodes it: increase +1, neutral 0, decrease -1.
DIRECTIONS: dict[str, int] = {"increase": 1, "neutral": 0, "decrease": -1}

#: Smallest fix_after_n_points NHSRplotthedots accepts (ptd_spc_options: ">= 12").
MIN_FIX_AFTER = 12
#: Default rule lengths (MDC: 7-point trend, 7-point shift) and the lengths this engine allows.
DEFAULT_RUN_LENGTH = 7
ALLOWED_RUN_LENGTHS = (6, 7)
#: Groups with fewer points than this get ``short_group_warning`` (option ptd_spc.warning_threshold).
DEFAULT_WARNING_THRESHOLD = 13


@dataclass(frozen=True, slots=True)
class SPCOptions:
    """Validated engine options. Build with :func:`spc_options`, not directly."""

    direction: DirectionName = "increase"
    fix_after: int | None = None
    screen_outliers: bool = True
    trend_length: int = DEFAULT_RUN_LENGTH
    shift_length: int = DEFAULT_RUN_LENGTH
    warning_threshold: int = DEFAULT_WARNING_THRESHOLD
    missing: MissingPolicy = "error"

    @property
    def direction_sign(self) -> int:
        """+1 for increase, -1 for decrease, 0 for neutral (ptd_spc.R)."""
        return DIRECTIONS[self.direction]


def _is_int(value: object) -> bool:
    return isinstance(value, int) and not isinstance(value, bool)


def spc_options(
    *,
    direction: str = "increase",
    fix_after: int | None = None,
    screen_outliers: bool = True,
    trend_length: int = DEFAULT_RUN_LENGTH,
    shift_length: int = DEFAULT_RUN_LENGTH,
    warning_threshold: int = DEFAULT_WARNING_THRESHOLD,
    missing: str = "error",
) -> SPCOptions:
    """Check every scalar option once and return the frozen :class:`SPCOptions`.

    Raises :class:`SPCInputError` with a one-line message naming the option at fault.
    """
    if direction not in DIRECTIONS:
        raise SPCInputError(f"direction must be one of increase, decrease, neutral (got {direction!r})")
    if fix_after is not None and not (_is_int(fix_after) and fix_after >= MIN_FIX_AFTER):
        raise SPCInputError(
            f"fix_after must be a whole number >= {MIN_FIX_AFTER}, as in NHSRplotthedots (got {fix_after!r})"
        )
    if not isinstance(screen_outliers, bool):
        raise SPCInputError(f"screen_outliers must be True or False (got {screen_outliers!r})")
    for name, value in (("trend_length", trend_length), ("shift_length", shift_length)):
        if value not in ALLOWED_RUN_LENGTHS or not _is_int(value):
            raise SPCInputError(f"{name} must be 6 or 7 (got {value!r})")
    if not (_is_int(warning_threshold) and warning_threshold >= 1):
        raise SPCInputError(f"warning_threshold must be a whole number >= 1 (got {warning_threshold!r})")
    if missing not in ("error", "drop"):
        raise SPCInputError(f"missing must be 'error' or 'drop' (got {missing!r})")
    return SPCOptions(
        direction=direction,  # type: ignore[arg-type]
        fix_after=fix_after,
        screen_outliers=screen_outliers,
        trend_length=trend_length,
        shift_length=shift_length,
        warning_threshold=warning_threshold,
        missing=missing,  # type: ignore[arg-type]
    )
