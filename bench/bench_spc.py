"""Benchmark of the SPC engine: 100,000 series x 60 points by default. Prints its figures.

    cd /work/main && .venv/bin/python bench/bench_spc.py [--series N] [--points N] [--repeat N]

Each part runs in a fresh child process, single-threaded (NumPy here uses one core; thread
pools of BLAS / Polars are set to 1), so its peak memory is its own:

* ``engine``: the kernel, :func:`oversight.spc.engine.spc_arrays`, on flat arrays (values +
  segment offsets) - every per-point flag, label and point type, every per-group limit.
  "cold" is the first call in the process (fresh memory from the OS); "warm" the best and
  the median of the following calls; "CPU time" the process time of the best warm call
  (steadier than wall time on a shared machine).
* ``ae``: the real A&E file of ../shared (golden set A) end to end, beside the R package's time.
* ``pandas`` / ``polars``: the whole :func:`oversight.spc.spc_analysis` on a frame (checks,
  sorting check, kernel), then building the per-point frame and the per-series summary.

Peak memory is the child's maximum resident set (``ru_maxrss``), start-up and the
synthetic input included; "before" is the same figure just before the timed work. For the
engine, "allocations peak" is the most memory its own arrays held at once (tracemalloc,
which NumPy reports to), on top of the input arrays.
Record the figures in docs/performance.md under "SPC engine" with this command.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import resource
import statistics
import subprocess
import sys
import time
import tracemalloc

import numpy as np


def _rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def synthetic(series: int, points: int, seed: int = 20240601) -> tuple[np.ndarray, np.ndarray]:
    """Values sorted by series then date, and series offsets: noise, a slow drift and some level shifts."""
    rng = np.random.default_rng(seed)
    n = series * points
    level = np.repeat(rng.normal(100, 20, series), points)
    drift = np.cumsum(rng.normal(0, 0.3, n))
    drift -= np.repeat(drift[::points], points)  # each series' drift starts at 0
    shifted = np.repeat(rng.random(series) < 0.2, points) & (
        np.tile(np.arange(points), series) >= points // 2
    )
    y = level + drift + rng.normal(0, 2, n) + 6 * shifted
    return y, np.arange(0, n, points, dtype=np.int64)


def part_engine(series: int, points: int, repeat: int) -> dict:
    from oversight.spc.engine import spc_arrays
    from oversight.spc.options import spc_options

    y, starts = synthetic(series, points)
    options = spc_options()
    before = _rss_mb()
    times, cpu = [], []
    for _ in range(repeat + 1):
        start, start_cpu = time.perf_counter(), time.process_time()
        result = spc_arrays(y, starts, options)
        times.append(time.perf_counter() - start)
        cpu.append(time.process_time() - start_cpu)
        del result
    warm = times[1:]
    tracemalloc.start()  # NumPy reports its allocations to tracemalloc: the engine's own peak
    spc_arrays(y, starts, options)
    traced_peak = tracemalloc.get_traced_memory()[1] / 2**20
    tracemalloc.stop()
    return {"cold_s": times[0], "warm_best_s": min(warm), "warm_median_s": statistics.median(warm),
            "cpu_best_s": min(cpu[1:]), "engine_peak_mb": traced_peak, "rss_before_mb": before,
            "peak_mb": _rss_mb()}  # fmt: skip


def _frame(kind: str, series: int, points: int):
    import pandas as pd

    y, _ = synthetic(series, points)
    months = pd.date_range("2020-01-01", periods=points, freq="MS").to_numpy()
    frame = pd.DataFrame(
        {"series": np.repeat(np.arange(series), points), "month": np.tile(months, series), "y": y}
    )
    if kind == "polars":
        import polars as pl

        return pl.from_pandas(frame)
    return frame


def part_frame(kind: str, series: int, points: int, repeat: int) -> dict:
    from oversight.spc import spc_analysis

    frame = _frame(kind, series, points)
    before = _rss_mb()
    start = time.perf_counter()
    result = spc_analysis(frame, value="y", date="month", by="series", target=100.0)
    analysed = time.perf_counter()
    points_frame = result.points
    built = time.perf_counter()
    summary = result.summary
    summarised = time.perf_counter()
    assert len(points_frame) == series * points and len(summary) == series
    return {"analysis_s": analysed - start, "points_frame_s": built - analysed,
            "summary_s": summarised - built, "total_s": summarised - start,
            "rss_before_mb": before, "peak_mb": _rss_mb()}  # fmt: skip


def part_ae(repeat: int) -> dict:
    """The real A&E file (428 series, 12,765 points) as golden set A: NHSRplotthedots takes 0.64-0.67 s."""
    import pandas as pd

    from oversight.shared_data import shared_path
    from oversight.spc import spc_analysis

    path = shared_path("data", "ae_attendances.csv")
    if path is None:
        return {"skipped": "../shared is absent"}
    ae = pd.read_csv(path, dtype={"org_code": str, "type": str})
    ae["f"] = ae["org_code"] + "_" + ae["type"]
    ae["y"] = 1 - ae["breaches"] / ae["attendances"]
    times = []
    for _ in range(repeat + 1):
        start = time.perf_counter()
        result = spc_analysis(ae, value="y", date="period", by="f", target=0.95)
        assert len(result.points) == len(ae) and len(result.summary) == 428
        times.append(time.perf_counter() - start)
    return {"rows": len(ae), "best_s": min(times[1:]), "first_s": times[0]}


def run_child(part: str, args: argparse.Namespace) -> dict:
    command = [sys.executable, __file__, "--child", part, "--series", str(args.series),
               "--points", str(args.points), "--repeat", str(args.repeat)]  # fmt: skip
    env = {**os.environ, "OMP_NUM_THREADS": "1", "OPENBLAS_NUM_THREADS": "1", "POLARS_MAX_THREADS": "1"}
    done = subprocess.run(command, capture_output=True, text=True, env=env, check=True)
    return json.loads(done.stdout.strip().splitlines()[-1])


def machine() -> str:
    cpu = platform.processor() or "unknown CPU"
    try:
        with open("/proc/cpuinfo") as info:
            cpu = next(line.split(":", 1)[1].strip() for line in info if line.startswith("model name"))
    except (OSError, StopIteration):
        pass
    return f"{cpu}, {os.cpu_count()} cores, Python {platform.python_version()}, NumPy {np.__version__}"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--series", type=int, default=100_000)
    parser.add_argument("--points", type=int, default=60)
    parser.add_argument("--repeat", type=int, default=5, help="warm engine runs after the cold one")
    parser.add_argument("--parts", nargs="+", default=["engine", "pandas", "polars", "ae"])
    parser.add_argument("--child", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        if args.child == "engine":
            figures = part_engine(args.series, args.points, args.repeat)
        elif args.child == "ae":
            figures = part_ae(args.repeat)
        else:
            figures = part_frame(args.child, args.series, args.points, args.repeat)
        print(json.dumps(figures))
        return

    n = args.series * args.points
    print(f"SPC engine benchmark: {args.series:,} series x {args.points} points = {n:,} points, one core")
    print(f"machine: {machine()}")
    for part in args.parts:
        figures = run_child(part, args)
        if part == "ae":
            if "skipped" in figures:
                print(f"ae      skipped: {figures['skipped']}")
            else:
                print(f"ae      real A&E file, {figures['rows']:,} points in 428 series, points + summary frames: "
                      f"best {figures['best_s'] * 1000:.0f} ms, first call {figures['first_s'] * 1000:.0f} ms "
                      "(NHSRplotthedots: 640-670 ms)")  # fmt: skip
        elif part == "engine":
            print(f"engine  cold {figures['cold_s']:.3f} s ({n / figures['cold_s'] / 1e6:.1f} M points/s); "
                  f"warm best {figures['warm_best_s']:.3f} s ({n / figures['warm_best_s'] / 1e6:.1f} M points/s), "
                  f"median {figures['warm_median_s']:.3f} s ({n / figures['warm_median_s'] / 1e6:.1f} M points/s); "
                  f"CPU time best {figures['cpu_best_s']:.3f} s ({n / figures['cpu_best_s'] / 1e6:.1f} M points/s); "
                  f"engine allocations peak {figures['engine_peak_mb']:.0f} MB; "
                  f"process peak {figures['peak_mb']:.0f} MB (input and start-up included)")  # fmt: skip
        else:
            print(f"{part:7s} analysis {figures['analysis_s']:.3f} s, points frame {figures['points_frame_s']:.3f} s, "
                  f"summary {figures['summary_s']:.3f} s, total {figures['total_s']:.3f} s "
                  f"({n / figures['total_s'] / 1e6:.1f} M points/s); "
                  f"peak {figures['peak_mb']:.0f} MB (before {figures['rss_before_mb']:.0f} MB)")  # fmt: skip


if __name__ == "__main__":
    main()
