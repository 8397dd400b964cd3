"""Run every benchmark in bench/ in turn (``make bench``); each prints its own figures and baseline.

    uv run --frozen python bench/run_all.py [NAME ...]     # e.g. spc reports; default: all

A benchmark that fails is reported and the rest still run; the exit code is 1 if any failed.
Figures go to docs/performance.md by hand, with the command that made them.
"""

from __future__ import annotations

import subprocess
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent


def benchmarks(names: list[str]) -> list[Path]:
    found = sorted(HERE.glob("bench_*.py"))
    if not names:
        return found
    chosen = [path for path in found if path.stem.removeprefix("bench_") in names]
    unknown = set(names) - {path.stem.removeprefix("bench_") for path in chosen}
    if unknown:
        raise SystemExit(f"no benchmark called {', '.join(sorted(unknown))}; "
                         f"there are: {', '.join(p.stem.removeprefix('bench_') for p in found)}")
    return chosen


def main(names: list[str]) -> int:
    failed = []
    for path in benchmarks(names):
        print(f"\n=== {path.stem} ===", flush=True)
        started = time.perf_counter()
        result = subprocess.run([sys.executable, str(path)], cwd=HERE.parent, check=False)
        print(f"--- {path.stem}: {'ok' if result.returncode == 0 else 'FAILED'} in "
              f"{time.perf_counter() - started:.1f} s", flush=True)
        if result.returncode:
            failed.append(path.stem)
    if failed:
        print(f"\nFailed: {', '.join(failed)}")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
