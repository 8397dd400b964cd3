"""Test data for urgent care: a small NHS 111 daily file (made up, in the published layout) spanning
April 2021, loaded into a warehouse of the test's own."""

from __future__ import annotations

from datetime import date, timedelta
from pathlib import Path

from oversight.warehouse import Warehouse

NHS111_HEADER = "date,region_name,contract_code,contract_name,calls_received,calls_answered,calls_answered_60s,pct_answered_60s"
#: Two made-up contracts in two regions.
CONTRACTS = {"111TA1": ("North Test", "Test Region"), "111TB2": ("South Test", "Other Region")}
FIRST_DAY, LAST_DAY = date(2021, 1, 1), date(2021, 6, 30)  # three months each side of the April 2021 break


def nhs111_file(folder: Path) -> Path:
    """Every day from January to June 2021 for each contract; answered within 60 s rises each month."""
    lines = [NHS111_HEADER]
    day = FIRST_DAY
    while day <= LAST_DAY:
        for n, (code, (name, region)) in enumerate(CONTRACTS.items()):
            answered = 1000 + 100 * n
            within = int(answered * (0.70 + 0.03 * day.month + 0.05 * n))
            lines.append(f"{day},{region},{code},{name},{answered + 20},{answered},{within},{100 * within / answered:.1f}")
        day += timedelta(days=1)
    path = folder / "nhs111_test.csv"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def nhs111_warehouse(folder: Path) -> Path:
    path = folder / "warehouse.duckdb"
    Warehouse(path).ingest("nhs111", [nhs111_file(folder)])
    return path


def synthetic_calls_file(folder: Path, calls: int = 3000, seed: int = 1, name: str = "calls.csv") -> Path:
    """SYNTHETIC call events (oversight.iuc.synthetic): two contracts, three months of 2025."""
    from oversight.iuc.synthetic import synthetic_events, write_events

    frame = synthetic_events(calls, seed, start=date(2025, 4, 1), months=3, contracts=2, sites_per_contract=2, clinicians=12)
    return write_events(frame.drop("synthetic", strict=False), folder / name)
