"""Funnel plot options, validated once at the door (FunnelPlotR 0.6.0 ``funnel_plot`` arguments).

Every later function trusts a :class:`FunnelOptions`; nothing downstream re-checks arguments.
Defaults are the package's (docs/rules/funnel-plots.md, rules §10.1), with two additions of ours:
``square_cqc_limits`` (rules §10.3, FunnelPlotR issue #33: off by default for parity) and
``unique_groups`` (refuse repeated groups instead of summing them, for "one row per group" files).
"""

from __future__ import annotations

import math
from dataclasses import asdict, dataclass
from typing import Literal

from oversight.funnel.errors import FunnelInputError

DataType = Literal["SR", "PR", "RC"]
SRMethod = Literal["SHMI", "CQC"]

DATA_TYPES = ("SR", "PR", "RC")
SR_METHODS = ("SHMI", "CQC")
#: ``limit`` picks which limits flag outliers: 95 (95%) or 99 (99.8%, the package's name for it).
LIMITS = (95, 99)

#: Plain-English names for pages and chart titles.
DATA_TYPE_NAMES = {
    "SR": "indirectly standardised ratio",
    "PR": "proportion",
    "RC": "ratio of counts",
}


@dataclass(frozen=True, slots=True)
class FunnelOptions:
    """Validated engine options; constructing one checks every field (FunnelInputError names it)."""

    data_type: DataType = "SR"
    sr_method: SRMethod = "SHMI"
    limit: int = 99
    draw_adjusted: bool = True
    draw_unadjusted: bool = False
    trim_by: float = 0.1
    multiplier: float = 1.0
    shmi_rounding: bool = True
    square_cqc_limits: bool = False
    unique_groups: bool = False

    def __post_init__(self) -> None:
        if self.data_type not in DATA_TYPES:
            raise FunnelInputError(f"data_type must be SR, PR or RC (got {self.data_type!r})", column="data_type")
        if self.sr_method not in SR_METHODS:
            raise FunnelInputError(f"sr_method must be SHMI or CQC (got {self.sr_method!r})", column="sr_method")
        if self.limit not in LIMITS or isinstance(self.limit, bool):
            raise FunnelInputError(f"limit must be 95 or 99 (99 means 99.8%) (got {self.limit!r})", column="limit")
        for name in ("draw_adjusted", "draw_unadjusted", "shmi_rounding", "square_cqc_limits", "unique_groups"):
            if not isinstance(getattr(self, name), bool):
                raise FunnelInputError(f"{name} must be True or False (got {getattr(self, name)!r})", column=name)
        self._check_number("trim_by", self.trim_by)
        self._check_number("multiplier", self.multiplier)
        if not 0 <= self.trim_by < 0.5:
            raise FunnelInputError(f"trim_by must be at least 0 and below 0.5 (got {self.trim_by!r})", column="trim_by")
        if self.truncates and self.trim_by == 0:
            # The package would divide by zero (k = 1/trim_by) and keep no group at all.
            raise FunnelInputError("trim_by must be above 0 for SR with the SHMI method (it truncates)",
                                   column="trim_by")
        if not self.multiplier > 0:
            raise FunnelInputError(f"multiplier must be above 0 (got {self.multiplier!r})", column="multiplier")

    @staticmethod
    def _check_number(name: str, value: object) -> None:
        if isinstance(value, bool) or not isinstance(value, int | float) or not math.isfinite(value):
            raise FunnelInputError(f"{name} must be a number (got {value!r})", column=name)

    @property
    def method(self) -> str:
        """SHMI or CQC for SR; the data type itself for PR and RC."""
        return self.sr_method if self.data_type == "SR" else self.data_type

    @property
    def truncates(self) -> bool:
        """SR with SHMI truncates the z-scores; every other type winsorises them (rules §10.2 step 5)."""
        return self.data_type == "SR" and self.sr_method == "SHMI"

    @property
    def rounds_expected(self) -> bool:
        """Expected counts rounded to 2 dp as NHS Digital publishes SHMI (rules §10.2 step 2)."""
        return self.truncates and self.shmi_rounding

    def as_dict(self) -> dict[str, object]:
        """Every option by name, for summaries and outputs (so each records how it was made)."""
        return asdict(self)
