"""Funnel limits on the plotting grid and at each group's denominator (rules §10.2 step 9, §10.3).

FunnelPlotR ``build_limits_lookup`` and ``calculate_limits``. The grid is 1,000 evenly spaced
denominators from 1.1 (SR) or 3 (PR, RC) to the largest denominator rounded up, plus every
observed denominator, so each group's limits are read off the grid at its own denominator.

The z multipliers are the package's rounded constants, exactly as written: the exact normal
quantiles differ in the 7th significant figure and would fail parity (rules §10.3).
"""

from __future__ import annotations

import math

import numpy as np
import pandas as pd
from scipy.special import chdtri  # the exact Poisson limits: R qchisq(p, df, lower.tail = FALSE)

from oversight.funnel.options import FunnelOptions

Z95 = 1.959964
Z998 = 3.090232
GRID_POINTS = 1000
#: Limit columns, in the order the package builds them: overdispersed, then unadjusted.
OD_COLUMNS = ("od95lcl", "od95ucl", "od998lcl", "od998ucl")
UNADJUSTED_COLUMNS = ("lcl95", "ucl95", "lcl998", "ucl998")
LIMIT_COLUMNS = OD_COLUMNS + UNADJUSTED_COLUMNS


def grid(denominators: np.ndarray, options: FunnelOptions) -> tuple[np.ndarray, np.ndarray]:
    """Sorted, de-duplicated plotting denominators (R's ``seq(from, to, length.out = 1000)`` plus
    every observed one), and where on it each group's denominator is."""
    start = 1.1 if options.data_type == "SR" else 3.0
    even = np.linspace(start, float(math.ceil(denominators.max())), GRID_POINTS)
    # Distinct denominators by hashing (a million groups often share a few thousand sizes), so only
    # those are sorted; each group finds its place through its distinct value.
    codes, distinct = pd.factorize(denominators, sort=False)
    points = np.unique(np.concatenate([even, np.asarray(distinct, dtype=float)]))
    return points, np.searchsorted(points, distinct)[codes]


def grid_s(x: np.ndarray, options: FunnelOptions) -> np.ndarray:
    """The standard error the package reports at each denominator (and so on each group)."""
    return np.sqrt(1 / x) if options.method == "SHMI" else 1 / (2 * np.sqrt(x))


def _poisson(x: np.ndarray, target: float, m: float) -> tuple[np.ndarray, ...]:
    """Exact Poisson limits for SR: chi-squared quantiles (R ``qchisq(p, df, lower.tail = FALSE)``)."""
    lower, upper = 2 * x, 2 * (x + 1)
    return (
        m * target * (chdtri(lower, 0.975) / 2) / x,
        m * target * (chdtri(upper, 0.025) / 2) / x,
        m * target * (chdtri(lower, 0.999) / 2) / x,
        m * target * (chdtri(upper, 0.001) / 2) / x,
    )


def _monotone_proportion(lower: np.ndarray, upper: np.ndarray, m: float) -> tuple[np.ndarray, np.ndarray]:
    """Clip to [0, m], then (one vectorised pass, as the package) blank limits that turn back."""
    lower = np.where(lower < 0, 0.0, lower)
    upper = np.where(upper > 1 * m, 1 * m, upper)
    fixed_lower, fixed_upper = lower.copy(), upper.copy()
    fixed_lower[:-1] = np.where(lower[:-1] > lower[1:], 0.0, lower[:-1])
    fixed_upper[:-1] = np.where(upper[:-1] < upper[1:], 1 * m, upper[:-1])
    return fixed_lower, fixed_upper


def _normal(x: np.ndarray, tau2: float, target: float, options: FunnelOptions) -> tuple[np.ndarray, ...]:
    """The transformed-scale limits with between-group variance tau2 (tau2 = 0: 'unadjusted')."""
    m, method = options.multiplier, options.method
    s = grid_s(x, options)
    out: list[np.ndarray] = []
    for z in (Z95, Z998):
        if method == "SHMI":
            spread = np.sqrt((1 / x) + tau2)
            pair = (m * np.exp(-z * spread), m * np.exp(z * spread))
        elif method == "CQC":
            spread = np.sqrt(s**2 + tau2)
            if options.square_cqc_limits:  # back to the ratio scale (issue #33; PowerBI-Funnels does this)
                pair = (m * np.maximum(0.0, 1 - z * spread) ** 2, m * (1 + z * spread) ** 2)
            else:
                pair = (m * (1 - (z * spread)), m * (1 + (z * spread)))
        elif method == "RC":
            spread = np.sqrt(s**2 + tau2)
            pair = (m * np.exp(math.log(target) - (z * spread)), m * np.exp(math.log(target) + (z * spread)))
        else:  # PR
            spread = np.sqrt((s**2) + tau2)
            centre = math.asin(math.sqrt(target))
            pair = _monotone_proportion(m * np.sin(centre - z * spread) ** 2, m * np.sin(centre + z * spread) ** 2, m)
        out.extend(pair)
    return tuple(out)


def limits_table(x: np.ndarray, tau2: float, target: float, options: FunnelOptions) -> dict[str, np.ndarray]:
    """Every limit at each denominator in ``x`` (ascending): OD with tau2, unadjusted with none.

    The OD columns always use the tau2 in effect, even when the outlier flag falls back to the
    unadjusted limits (rules §10.3); SR's unadjusted limits are exact Poisson, the others are the
    same normal formulas with tau2 = 0.
    """
    od = _normal(x, tau2, target, options)
    if options.data_type == "SR":
        unadjusted = _poisson(x, target, options.multiplier)
    else:
        unadjusted = _normal(x, 0.0, target, options)
    columns = {"denominator": x, "s": grid_s(x, options)}
    columns.update(zip(LIMIT_COLUMNS, od + unadjusted, strict=True))
    return columns


def as_frame(columns: dict[str, np.ndarray]) -> pd.DataFrame:
    return pd.DataFrame(columns, copy=False)
