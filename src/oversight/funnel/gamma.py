"""Quantiles of the gamma (so chi-squared) distribution in NumPy, for the exact Poisson SR limits.

The project has no SciPy, so the exact Poisson limits' chi-squared quantiles are computed here:
R's ``qchisq(p, 2a, lower.tail = FALSE) / 2`` is the gamma(a) quantile at 1 - p. We solve
P(a, x) = p by Newton's method, where P is the regularised lower incomplete gamma function:

* a < ``SERIES_BELOW``: the power series DLMF 8.7.1 (every term positive, so no cancellation);
* larger a: Temme's uniform expansion, DLMF 8.12.7-8.12.10, with two correction terms; the first
  neglected term is below 1e-12 of P there, which moves the quantile by well under 1e-12 relative.

Tested against the package's own fixtures (rules §10.4) and the golden limits grids (to 1e-12).
"""

from __future__ import annotations

import math

import numpy as np

SERIES_BELOW = 2000.0
#: Exact standard normal quantiles of the lower-tail probabilities the funnel uses (starting points only).
NORMAL_QUANTILES = {0.001: -3.090232306167813, 0.025: -1.959963984540054,
                    0.975: 1.959963984540054, 0.999: 3.090232306167813}
_lgamma = np.vectorize(math.lgamma, otypes=[float])


def _erfc_positive(w: np.ndarray) -> np.ndarray:
    """erfc(w) for w >= 0: 1 - erf by the all-positive series erf = 2/sqrt(pi) e^(-w^2) sum 2^n w^(2n+1)/(2n+1)!!."""
    term = w.copy()
    total = w.copy()
    for n in range(200):
        term = term * 2 * w * w / (2 * n + 3)
        total = total + term
        if np.all(term <= 1e-17 * total):
            break
    return 1 - 2 / math.sqrt(math.pi) * np.exp(-w * w) * total


def _erfc(v: np.ndarray) -> np.ndarray:
    """erfc for any real v, through erfc(-w) = 2 - erfc(w)."""
    return np.where(v >= 0, _erfc_positive(np.abs(v)), 2 - _erfc_positive(np.abs(v)))


def _d_minus_log1p(d: np.ndarray) -> np.ndarray:
    """d - ln(1 + d), by its series near 0 where the subtraction would lose digits."""
    small = np.abs(d) < 0.05
    series = np.zeros_like(d)
    power = d * d
    for k in range(2, 16):
        series = series + (1 if k % 2 == 0 else -1) * power / k
        power = power * d
    with np.errstate(invalid="ignore", divide="ignore"):
        direct = d - np.log1p(d)
    return np.where(small, series, direct)


def _p_series(a: np.ndarray, x: np.ndarray) -> np.ndarray:
    """P(a, x) = x^a e^-x / Gamma(a + 1) * sum_n x^n / ((a + 1)...(a + n))."""
    term = np.ones_like(x)
    total = np.ones_like(x)
    for n in range(1, 20000):
        term = term * x / (a + n)
        total = total + term
        if n % 16 == 0 and np.all(term <= 1e-17 * total):
            break
    return np.exp(a * np.log(x) - x - _lgamma(a + 1)) * total


def _p_temme(a: np.ndarray, x: np.ndarray) -> np.ndarray:
    """P(a, x) = erfc(-eta sqrt(a/2)) / 2 - R_a(eta), with R_a to two terms (DLMF 8.12.7-8.12.10)."""
    d = (x - a) / a  # lambda - 1
    eta = np.sign(d) * np.sqrt(2 * _d_minus_log1p(d))
    with np.errstate(divide="ignore", invalid="ignore"):
        c0 = 1 / d - 1 / eta
        c1 = 1 / eta**3 - 1 / d**3 - 1 / d**2 - 1 / (12 * d)
    # At lambda = 1 exactly the limits c0(0) = -1/3 and c1(0) = -1/540 apply (DLMF 8.12.11).
    c0 = np.where(d == 0, -1 / 3, c0)
    c1 = np.where(d == 0, -1 / 540, c1)
    r = np.exp(-a * eta * eta / 2) / np.sqrt(2 * math.pi * a) * (c0 + c1 / a)
    return _erfc(-eta * np.sqrt(a / 2)) / 2 - r


def lower_regularised(a: np.ndarray, x: np.ndarray) -> np.ndarray:
    """P(a, x) for a > 0, x > 0 (arrays of one shape)."""
    out = np.empty_like(x)
    small = a < SERIES_BELOW
    if small.any():
        out[small] = _p_series(a[small], x[small])
    if (~small).any():
        out[~small] = _p_temme(a[~small], x[~small])
    return out


def _start(a: np.ndarray, p: float) -> np.ndarray:
    """Wilson-Hilferty, or x^a / Gamma(a + 1) = p where that goes below 0 (small a, low p)."""
    z = NORMAL_QUANTILES[p]
    base = 1 - 1 / (9 * a) + z / (3 * np.sqrt(a))
    small_x = np.exp((math.log(p) + _lgamma(a + 1)) / a)
    return np.where(base > 0.05, a * np.maximum(base, 0.05) ** 3, small_x)


def gamma_quantile(a: np.ndarray, p: float) -> np.ndarray:
    """x with P(a, x) = p (the gamma(a, scale 1) lower-tail quantile), for p in NORMAL_QUANTILES."""
    a = np.asarray(a, dtype=float)
    x = _start(a, p)
    log_gamma = _lgamma(a)
    active = np.ones(a.shape, dtype=bool)
    # P is good to about 1e-14 relative, so Newton stops once a step is that small (one more would
    # only chase rounding noise); 60 steps is far more than any start needs.
    for _ in range(60):
        xa, aa = x[active], a[active]
        density = np.exp((aa - 1) * np.log(xa) - xa - log_gamma[active])
        step = (lower_regularised(aa, xa) - p) / density
        new = xa - step
        new = np.where(new <= 0, xa / 4, new)  # stay inside the domain
        x[active] = new
        still = np.abs(new - xa) > 1e-13 * new
        active[np.flatnonzero(active)[~still]] = False
        if not active.any():
            break
    return x


def chisq_upper_quantile(df: np.ndarray, upper: float) -> np.ndarray:
    """R's ``qchisq(upper, df, lower.tail = FALSE)``: the chi-squared value with ``upper`` above it."""
    return 2 * gamma_quantile(np.asarray(df, dtype=float) / 2, round(1 - upper, 3))
