"""Benchmark of the funnel engine: 1,000,000 groups by default, beside a plain NumPy pass. Prints its figures.

    cd /work/main && uv run --frozen python bench/bench_funnel.py [--groups N] [--repeat N]

For each data type (PR, RC, SR with SHMI) on the same synthetic arrays (one row per group, trust-
like sizes; synthetic, not NHS data):

* ``engine``: :func:`oversight.funnel.funnel` end to end - row checks, grouping (hash + sort by
  name), transform, trimming, phi, tau2, the limits grid (1,000 points plus every denominator),
  every limit at every group, outliers and the result frame.
* ``numpy``: the same statistics as one plain NumPy pass over the same arrays, with no checks,
  no grouping and no grid: z, trimming, phi, tau2 and, at each group's denominator, the eight
  limits the engine returns (overdispersed and unadjusted, 95% and 99.8%, by the data type's
  formula), then the outlier flag. For SR the unadjusted limits are exact Poisson: both use
  SciPy's chi-squared quantile (``scipy.special.chdtri``) once per distinct denominator.

Best of ``--repeat`` warm runs. Record the figures in docs/performance.md under "Funnel plots".
"""

from __future__ import annotations

import argparse
import time

import numpy as np
from scipy.special import chdtri as chisq_upper_quantile

from oversight.funnel import FunnelOptions, funnel
from oversight.funnel.limits import Z95, Z998


def synthetic(groups: int, seed: int = 20250601) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    rng = np.random.default_rng(seed)
    n = np.round(rng.lognormal(8, 0.8, groups)) + 10
    rate = np.clip(rng.normal(0.35, 0.05, groups), 0.01, 0.99)
    o = rng.binomial(n.astype(np.int64), rate).astype(float)
    # Codes in order, as published files list them (the unsorted case is timed separately).
    names = np.char.add("G", np.char.zfill(np.arange(groups).astype(str), 7)).astype(object)
    return o, n, names


def plain_numpy(o: np.ndarray, e: np.ndarray, data_type: str) -> dict:
    if data_type == "SR":
        y, s = np.log(o / e), 1 / np.sqrt(e)
        z = np.sqrt(e) * y
        keep = np.argsort(np.argsort(z))  # ranks, then drop the end deciles
        kept = (keep >= len(z) // 10) & (keep < len(z) - len(z) // 10)
        zk, sk = z[kept], s[kept]
    else:
        t = o.sum() / e.sum()
        if data_type == "PR":
            y, s, centre = np.arcsin(np.sqrt(o / e)), 1 / (2 * np.sqrt(e)), np.arcsin(np.sqrt(t))
        else:
            y = np.log((o + 0.5) / (e + 0.5))
            s, centre = np.sqrt(o / (o + 0.5) ** 2 + e / (e + 0.5) ** 2), np.log(t)
        z = (y - centre) / s
        low, high = np.quantile(z, [0.1, 0.9])
        zk, sk = np.clip(z, low, high), s
    phi = np.mean(zk**2)
    w = 1 / sk**2
    tau2 = max(0.0, (len(zk) * phi - (len(zk) - 1)) / (w.sum() - (w**2).sum() / w.sum()))
    out = {}
    # The limits the engine returns at each group: overdispersed and unadjusted (tau2 = 0), 95% and 99.8%,
    # each by its data type's formula (rules §10.3).
    for name, extra in (("od", tau2), ("u", 0.0)):
        if data_type == "SR" and name == "u":
            continue  # SR's unadjusted limits are exact Poisson, below
        for q in (Z95, Z998):
            if data_type == "SR":
                spread = np.sqrt(1 / e + extra)
                out[f"{name}l{q}"], out[f"{name}u{q}"] = np.exp(-q * spread), np.exp(q * spread)
            elif data_type == "PR":
                spread = np.sqrt(1 / (4 * e) + extra)
                out[f"{name}l{q}"] = np.sin(np.clip(centre - q * spread, 0, None)) ** 2
                out[f"{name}u{q}"] = np.sin(np.clip(centre + q * spread, None, np.pi / 2)) ** 2
            else:
                spread = np.sqrt(1 / (4 * e) + extra)
                out[f"{name}l{q}"], out[f"{name}u{q}"] = np.exp(centre - q * spread), np.exp(centre + q * spread)
    if data_type == "SR":  # exact Poisson limits, once per distinct denominator
        distinct, where = np.unique(e, return_inverse=True)
        for p in (0.975, 0.999):
            out[f"p{p}"] = (chisq_upper_quantile(2 * distinct, p) / 2 / distinct)[where]
            out[f"q{p}"] = (chisq_upper_quantile(2 * (distinct + 1), round(1 - p, 3)) / 2 / distinct)[where]
    out["flag"] = (o / e > out[f"odu{Z998}"]) | (o / e < out[f"odl{Z998}"])
    return out


def best(call, repeat: int) -> float:
    call()  # warm
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        call()
        times.append(time.perf_counter() - start)
    return min(times)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--groups", type=int, default=1_000_000)
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    o, n, names = synthetic(args.groups)
    print(f"funnel benchmark: {args.groups:,} groups, best of {args.repeat} warm runs (synthetic data)")
    for data_type in ("PR", "RC", "SR"):
        options = FunnelOptions(data_type=data_type)
        engine = best(lambda dt=data_type, op=options: funnel(o, n, names, op), args.repeat)
        numpy = best(lambda dt=data_type: plain_numpy(o, n, dt), args.repeat)
        print(f"  {data_type}: engine {engine:.3f} s, plain NumPy {numpy:.3f} s, ratio {engine / numpy:.2f}x",
              flush=True)
    shuffled = np.random.default_rng(7).permutation(len(names))
    o, n, names = o[shuffled], n[shuffled], names[shuffled]
    engine = best(lambda: funnel(o, n, names, FunnelOptions(data_type="PR")), args.repeat)
    print(f"  PR, groups not in order (the engine sorts them by name): engine {engine:.3f} s", flush=True)


if __name__ == "__main__":
    main()
