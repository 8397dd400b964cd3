"""Trimming, the dispersion ratio phi and the between-group variance tau2 (rules §10.2 steps 5-7).

FunnelPlotR ``truncation``, ``winsorisation``, ``phi_func`` and ``tau_func``. Truncation (SR with
SHMI) drops groups from the estimate; winsorisation (everything else) clamps their z-scores and
keeps them all.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from scipy.stats import rankdata

from oversight.funnel.options import FunnelOptions


@dataclass(frozen=True, slots=True)
class Trimmed:
    """The trimmed z-scores and which groups the dispersion estimate keeps."""

    z: np.ndarray  # "Wuzscore": NaN where truncation dropped the group
    kept: np.ndarray  # bool
    trimmed: np.ndarray  # int 0/1: "truncated" or "winsorised" in the package's output
    rank: np.ndarray | None = None  # "rk" (truncation only)
    decile: np.ndarray | None = None  # "sp" (truncation only)


def average_ranks(values: np.ndarray) -> np.ndarray:
    """1-based ranks with ties given their average rank (R ``rank(ties.method = "average")``)."""
    return rankdata(values, method="average")


def truncate(z: np.ndarray, trim_by: float) -> Trimmed:
    """Rank z (ties averaged), band the ranks into 1/trim_by parts and drop the two end parts."""
    k = 1 / trim_by
    rank = average_ranks(z)
    band = np.floor(rank * k / (len(rank) + 1))
    kept = (band > 0) & (band < k - 1)
    return Trimmed(z=np.where(kept, z, np.nan), kept=kept, trimmed=(~kept).astype(int), rank=rank, decile=band)


def winsorise(z: np.ndarray, trim_by: float) -> Trimmed:
    """Clamp z to its trim_by and 1 - trim_by quantiles (R's type 7 = NumPy's linear method)."""
    low, high = np.quantile(z, [trim_by, 1 - trim_by])
    inside = (z > low) & (z < high)
    clamped = np.where(z < low, low, np.where(z > high, high, z))
    return Trimmed(z=clamped, kept=np.ones(len(z), dtype=bool), trimmed=(~inside).astype(int))


def trim(z: np.ndarray, options: FunnelOptions) -> Trimmed:
    return truncate(z, options.trim_by) if options.truncates else winsorise(z, options.trim_by)


def phi(trimmed: Trimmed) -> float:
    """Dispersion ratio: the mean squared trimmed z-score over the kept groups."""
    kept = trimmed.z[trimmed.kept]
    return float((1 / len(kept)) * np.sum(kept**2))


def tau2(trimmed: Trimmed, s: np.ndarray, phi_value: float) -> float:
    """Additive between-group variance (DerSimonian-Laird style) from phi and the kept groups' s."""
    n = int(trimmed.kept.sum())
    if n == 0 or (n * phi_value) < (n - 1):
        return 0.0
    w = 1 / (s[trimmed.kept] ** 2)
    return float(max(0.0, ((n * phi_value) - (n - 1)) / (np.sum(w) - (np.sum(w**2) / np.sum(w)))))
