"""Target, transformed values, standard errors and unadjusted z-scores (rules §10.2 steps 3-4).

FunnelPlotR ``transformed_zscore``; the expressions keep the package's order of operations so the
results agree to the last bits, not just to a tolerance.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from oversight.funnel.options import FunnelOptions


@dataclass(frozen=True, slots=True)
class Transformed:
    target: float  # on the ratio scale: 1 for SR, sum(O)/sum(E) for PR and RC
    target_transformed: float  # on the Y scale
    y: np.ndarray
    s: np.ndarray  # the z-score standard error (the tau2 weights use it)
    z: np.ndarray  # unadjusted z-score ("Uzscore")


def round_expected(expected: np.ndarray) -> np.ndarray:
    """Expected counts to 2 decimal places as R's ``round(x, 2)`` does: to the nearest representable
    value of the exact decimal. NumPy's scale-and-round can differ next to a half (1.005 and the like),
    so those few are rounded again by Python's correctly rounded ``round``."""
    rounded = np.round(expected, 2)
    scaled = expected * 100
    near_half = np.flatnonzero(np.abs(scaled - np.floor(scaled) - 0.5) < 1e-6)
    for index in near_half:
        rounded[index] = round(float(expected[index]), 2)
    return rounded


def target(numerator: np.ndarray, denominator: np.ndarray, options: FunnelOptions) -> float:
    """1 for SR; the overall proportion or ratio for PR and RC (step 3)."""
    if options.data_type == "SR":
        return 1.0
    return float(numerator.sum() / denominator.sum())


def transform(numerator: np.ndarray, denominator: np.ndarray, options: FunnelOptions) -> Transformed:
    """Y, s and z by data type (the table in rules §10.2 step 4)."""
    o, e = numerator, denominator
    t = target(o, e, options)
    with np.errstate(divide="ignore", invalid="ignore"):
        if options.method == "SHMI":
            centre, y, s = 0.0, np.log(o / e), 1 / np.sqrt(e)
            z = np.sqrt(e) * np.log(o / e)
        else:
            if options.method == "CQC":
                centre, y, s = 1.0, np.sqrt(o / e), 1 / (2 * np.sqrt(e))
            elif options.method == "PR":
                centre, y, s = float(np.arcsin(np.sqrt(t))), np.arcsin(np.sqrt(o / e)), 1 / (2 * np.sqrt(e))
            else:  # RC
                centre = float(np.log(t))
                y = np.log((o + 0.5) / (e + 0.5))
                s = np.sqrt((o / ((o + 0.5) ** 2)) + (e / ((e + 0.5) ** 2)))
            z = (y - centre) / s
    return Transformed(target=t, target_transformed=centre, y=y, s=s, z=z)
