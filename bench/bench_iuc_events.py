"""Call-level IUC KPIs at scale: 10 million SYNTHETIC call events -> monthly KPIs per contract, site and clinician.

    uv run --frozen python bench/bench_iuc_events.py [--calls 10000000] [--repeat 1]

Targets (issue 14): under 30 s on this 2-core machine and peak memory under 2 GB, no per-row Python.
The events are generated first (seeded, in 1-million-call chunks, not timed) into a Parquet file in a temporary
folder. Each measured step then runs in its own Python process, so its peak resident memory (ru_maxrss of the
child) is its own:

- ``kpis``: read the Parquet file, check every call (oversight.iuc.events), compute every KPI at the three levels
  (oversight.iuc.kpis) - the whole path a load takes before writing;
- ``baseline``: read the same file and one plain Polars group-by of one KPI (answered within 60 s per contract
  and month), the floor any KPI code pays to read and group these calls.
"""

from __future__ import annotations

import argparse
import os
import platform
import subprocess
import sys
import tempfile
import time
from pathlib import Path

TARGET_SECONDS = 30.0
TARGET_MB = 2048.0

GENERATE = """
import sys, polars as pl
from oversight.iuc.synthetic import synthetic_events, write_events
calls, folder = int(sys.argv[1]), sys.argv[2]
parts = []
for first in range(0, calls, 1_000_000):
    part = f"{folder}/part-{first:09d}.parquet"
    # 2,500 clinicians across the whole set (each chunk draws from the same staff list)
    write_events(synthetic_events(min(1_000_000, calls - first), seed=first, first_reference=first,
                                  clinicians=2_500), part)
    parts.append(part)
pl.scan_parquet(parts).sink_parquet(f"{folder}/events.parquet")
for part in parts:
    __import__("os").remove(part)
"""

KPIS = """
import sys
from oversight.iuc import monthly_kpis, read_events
events = read_events(sys.argv[1])
kpis = monthly_kpis(events, by=["contract", "site", "clinician"])
print(events.calls, kpis.height)
"""

BASELINE = """
import sys, polars as pl
frame = pl.read_parquet(sys.argv[1], columns=["contract", "received_at", "answered_at", "abandoned"])
out = frame.group_by(pl.col("received_at").dt.month_start().dt.date(), "contract").agg(
    ((pl.col("answered_at") - pl.col("received_at")) <= pl.duration(seconds=60)).sum(), (~pl.col("abandoned")).sum())
print(frame.height, out.height)
"""


def run(code: str, *args: str) -> tuple[float, str]:
    """Wall seconds of a fresh Python process running ``code``, and its output."""
    started = time.perf_counter()
    result = subprocess.run([sys.executable, "-c", code, *args], capture_output=True, text=True, check=False)
    if result.returncode:
        raise SystemExit(f"step failed:\n{result.stderr}")
    return time.perf_counter() - started, result.stdout.strip()


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--calls", type=int, default=10_000_000)
    parser.add_argument("--repeat", type=int, default=1)
    args = parser.parse_args()
    print(f"{platform.processor() or platform.machine()}, {os.cpu_count()} cores, Python {platform.python_version()}, "
          f"load average {os.getloadavg()[0]:.1f}")  # fmt: skip
    with tempfile.TemporaryDirectory() as folder:
        seconds, _ = run(GENERATE, str(args.calls), folder)
        events = f"{folder}/events.parquet"
        size = Path(events).stat().st_size / 1e6
        print(f"generated {args.calls:,} SYNTHETIC calls in {seconds:.1f} s ({size:.0f} MB Parquet; not timed below)")
        results = {}
        for name, code in (("baseline", BASELINE), ("kpis", KPIS)):
            for _ in range(args.repeat):
                results.setdefault(name, []).append(_measure(code, events))
        for name, runs in results.items():
            best = min(runs)
            print(f"{name:9s} {best[0]:6.1f} s  peak {best[1]:6.0f} MB  ({best[2]})")
    kpi_seconds, kpi_mb, _ = min(results["kpis"])
    ok = kpi_seconds < TARGET_SECONDS and kpi_mb < TARGET_MB
    print(f"KPIs: {kpi_seconds:.1f} s (target < {TARGET_SECONDS:.0f} s), {kpi_mb:.0f} MB (target < {TARGET_MB:.0f} MB), "
          f"{kpi_seconds / min(results['baseline'])[0]:.1f}x the baseline: {'met' if ok else 'NOT met'}")  # fmt: skip
    return 0 if ok else 1


def _measure(code: str, events: str) -> tuple[float, float, str]:
    """The step's own seconds (from just before its imports to the end) and peak resident memory (ru_maxrss of
    its process), measured inside a fresh process."""
    wrapper = (
        "import resource, time\n"
        "start = time.perf_counter()\n"
        f"exec(compile({code!r}, 'step', 'exec'))\n"
        "print(f'@{time.perf_counter() - start:.3f} {resource.getrusage(resource.RUSAGE_SELF).ru_maxrss}')\n"
    )
    _, out = run(wrapper, events)
    *lines, marks = out.splitlines()
    seconds, kb = marks.lstrip("@").split()
    return float(seconds), int(kb) / 1024, " ".join(lines)


if __name__ == "__main__":
    sys.exit(main())
