"""``funnel``: the one entry point. FunnelPlotR 0.6.0 ``funnel_plot`` without the drawing.

Steps (rules §10.2): check and aggregate -> SHMI rounding -> target, transform, z -> trim ->
phi, tau2 -> gates -> limits grid -> each group's limits -> outliers. See docs/funnel.md.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np
import pandas as pd

from oversight.funnel import dispersion, limits, outliers
from oversight.funnel.aggregate import check_and_aggregate
from oversight.funnel.errors import FunnelInputError
from oversight.funnel.options import FunnelOptions
from oversight.funnel.transforms import round_expected, transform

#: The columns every caller can rely on, first and in this order (the CLI contract's OUT file).
GROUP_COLUMNS = ("group", "numerator", "denominator", "rr", "z", "s", *limits.LIMIT_COLUMNS, "outlier")


@dataclass(frozen=True)
class FunnelResult:
    """One funnel: ``groups`` (one row per group, sorted by name), ``limits`` (the grid) and the estimates.

    ``adjusted`` says whether the overdispersed limits are drawn and decide the outliers (after the
    phi <= 1 gate); ``unadjusted`` whether the unadjusted ones are drawn.
    """

    groups: pd.DataFrame
    limits: pd.DataFrame
    phi: float
    tau2: float
    target: float
    options: FunnelOptions
    adjusted: bool
    unadjusted: bool
    notes: tuple[str, ...] = field(default=())

    def outliers(self) -> dict[str, list[str]]:
        """The outlying groups by name: {"high": [...], "low": [...]}."""
        flagged = self.groups[self.groups["outlier"] == 1]
        return {side: flagged.loc[flagged["outlier_direction"] == side, "group"].tolist() for side in ("high", "low")}

    def summary(self) -> dict[str, object]:
        """Estimates, options and outliers as plain values (the CLI's summary JSON)."""
        return {
            "phi": self.phi,
            "tau2": self.tau2,
            "target": self.target,
            "groups": len(self.groups),
            "adjusted_limits": self.adjusted,
            "unadjusted_limits": self.unadjusted,
            "outlier_limits": limits_label(self),
            "outliers": self.outliers(),
            "notes": list(self.notes),
            "options": self.options.as_dict(),
        }


def limits_label(result: FunnelResult) -> str:
    """Which limits flag outliers, in words."""
    if not (result.adjusted or result.unadjusted):
        return "none (no limits drawn)"
    level = "95%" if result.options.limit == 95 else "99.8%"
    return f"{level} {'overdispersed' if result.adjusted else 'unadjusted'}"


def _refuse_non_finite(groups: np.ndarray, values: np.ndarray, kept: np.ndarray, options: FunnelOptions) -> None:
    """A z-score that cannot be computed (e.g. log of 0 deaths) may not enter phi and tau2."""
    bad = np.flatnonzero(~np.isfinite(values) & kept)
    if bad.size:
        group = str(groups[bad[0]])
        why = ("a numerator of 0 has no logarithm: use the CQC method for groups this small"
               if options.method == "SHMI" else "its z-score cannot be computed")
        raise FunnelInputError(f"group {group!r}: {why}", group=group, column="numerator")


def _check_proportions(agg, options: FunnelOptions) -> None:
    if options.data_type != "PR":
        return
    over = np.flatnonzero(agg.numerator > agg.denominator)
    if over.size:
        group = str(agg.group[over[0]])
        raise FunnelInputError(f"group {group!r}: numerator is greater than denominator, so it is not a proportion",
                               group=group, column="numerator")


def _refuse_zero_total(agg, options: FunnelOptions) -> None:
    if options.data_type == "RC" and agg.numerator.sum() == 0:
        raise FunnelInputError("every numerator is 0: a ratio of counts has no overall ratio to compare with",
                               column="numerator")


def _gate(options: FunnelOptions, phi: float) -> tuple[bool, bool, tuple[str, ...]]:
    """Which limits are drawn after the phi <= 1 gate (rules §10.2 step 8)."""
    adjusted, unadjusted = options.draw_adjusted, options.draw_unadjusted
    if adjusted and not unadjusted and phi <= 1:
        return False, True, ("No overdispersion detected (phi <= 1): outliers use the unadjusted limits",)
    return adjusted, unadjusted, ()


def funnel(numerator: object, denominator: object, group: object, options: FunnelOptions | None = None) -> FunnelResult:
    """Funnel plot statistics for these rows (array-likes of equal length). Raises FunnelInputError."""
    options = options or FunnelOptions()
    agg = check_and_aggregate(numerator, denominator, group, unique_groups=options.unique_groups)
    _check_proportions(agg, options)
    _refuse_zero_total(agg, options)
    rr = agg.numerator / agg.denominator
    # Rounded as NHS Digital publishes SHMI; rr stays on the unrounded expected (rules §10.2 step 2).
    expected = round_expected(agg.denominator) if options.rounds_expected else agg.denominator
    if (expected <= 0).any():
        group_name = str(agg.group[np.flatnonzero(expected <= 0)[0]])
        raise FunnelInputError(f"group {group_name!r}: expected rounds to 0 at 2 decimal places (SHMI rounding)",
                               group=group_name, column="denominator")
    t = transform(agg.numerator, expected, options)
    trimmed = dispersion.trim(t.z, options)
    _refuse_non_finite(agg.group, t.z, trimmed.kept, options)
    phi = dispersion.phi(trimmed)
    tau2 = dispersion.tau2(trimmed, t.s, phi)
    if not options.draw_adjusted:
        phi, tau2 = 0.0, 0.0
    adjusted, unadjusted, notes = _gate(options, phi)
    points, where = limits.grid(expected, options)
    table = limits.limits_table(points, tau2, t.target, options)
    at_groups = {name: values[where] for name, values in table.items()}
    groups = _groups_frame(agg, rr, expected, t, trimmed, at_groups, options, adjusted, unadjusted)
    return FunnelResult(groups=groups, limits=limits.as_frame(table), phi=phi, tau2=tau2, target=t.target, options=options,
                        adjusted=adjusted, unadjusted=unadjusted, notes=notes)


def _groups_frame(agg, rr, expected, t, trimmed, at_groups: dict[str, np.ndarray], options: FunnelOptions,
                  adjusted: bool, unadjusted: bool) -> pd.DataFrame:
    # Object, not pandas' inferred Arrow text: no conversion of a million names.
    frame = {"group": pd.Series(agg.group, dtype=object, copy=False), "numerator": agg.numerator, "denominator": expected, "rr": rr,
             "z": t.z, "s": at_groups["s"]}
    for column in limits.LIMIT_COLUMNS:
        frame[column] = at_groups[column]
    value = rr * options.multiplier
    if adjusted or unadjusted:
        lower_name, upper_name = outliers.limit_columns(options.limit, adjusted)
        lower, upper = frame[lower_name], frame[upper_name]
        flags = outliers.flag(value, lower, upper)
        sides = outliers.direction(value, lower, upper, flags)
    else:
        flags, sides = np.zeros(len(rr), dtype=int), np.full(len(rr), "", dtype=object)
    frame["outlier"] = flags
    # Beyond the contract: how each value was reached, for checking and for the page.
    frame["outlier_direction"] = sides
    frame["value"] = value
    frame["denominator_unrounded"] = agg.denominator
    frame["y"] = t.y
    frame["target_transformed"] = t.target_transformed
    frame["z_trimmed"] = trimmed.z
    frame["z_se"] = t.s
    frame["trimmed"] = trimmed.trimmed
    if trimmed.rank is not None:
        frame["rank"] = trimmed.rank
        frame["decile"] = trimmed.decile
    frame["outlier_direction"] = pd.Series(frame["outlier_direction"], dtype=object, copy=False)
    return pd.DataFrame(frame, copy=False)
