"""Benchmark the NOF method: NHS England's Q1 file, and synthetic wide files of many trusts.

    cd /work/main && .venv/bin/python bench/bench_nof.py

Prints one line per case: trusts, read time, segment time (best of 3).
"""

from __future__ import annotations

import csv
import random
import tempfile
import time
from pathlib import Path

from oversight.nof import load_method, read_trust_file, segment
from oversight.shared_data import shared_path


def best_of(runs: int, call):
    best, result = float("inf"), None
    for _ in range(runs):
        start = time.perf_counter()
        result = call()
        best = min(best, time.perf_counter() - start)
    return best, result


def synthetic_wide(path: Path, trusts: int, method, seed: int = 1) -> int:
    """Write ``trusts`` acute trusts with random values (5% blank); returns the number of metric columns."""
    rng = random.Random(seed)
    inputs = [m for m in method.input_ids().values() if m.rule.name != "lookup"]
    with open(path, "w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle)
        writer.writerow(["trust_code", "trust_type", "in_deficit", "in_rsp", *[m.input_id for m in inputs]])
        for i in range(trusts):
            row = [f"T{i:05d}", "Acute trust", rng.random() < 0.7, rng.random() < 0.1]
            for metric in inputs:
                if metric.rule.name == "discrete":
                    row.append(rng.randint(1, 4))
                else:
                    row.append(round(rng.gauss(0, 3), 2) if rng.random() < 0.95 else "")
            writer.writerow(row)
    return len(inputs)


def report(label: str, path: Path, method) -> None:
    read_time, data = best_of(3, lambda: read_trust_file(path, method))
    segment_time, result = best_of(3, lambda: segment(data, method))
    print(
        f"{label:38s} trusts={len(result.trusts):6d}  read {read_time * 1000:8.1f} ms  "
        f"segment {segment_time * 1000:8.1f} ms"
    )


def main() -> None:
    method = load_method("2025-26")
    q1 = shared_path("data", "nhse_nof_2025-26_q1_acute_trust_data.csv")
    if q1 is not None:
        report("NHS England Q1 2025/26 (long, 7,265 rows)", q1, method)
    with tempfile.TemporaryDirectory() as folder:
        for trusts in (200, 2_000, 20_000):
            path = Path(folder) / f"wide_{trusts}.csv"
            synthetic_wide(path, trusts, method)
            report("synthetic wide, 27 metric columns", path, method)


if __name__ == "__main__":
    main()
