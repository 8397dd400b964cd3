"""Benchmark: bulk import of 100,000 historical incidents (and complaints) from a Datix-style CSV.

    .venv/bin/python bench/bench_governance_import.py                 # SQLite in a temporary folder
    .venv/bin/python bench/bench_governance_import.py --rows 20000    # fewer rows
    DATABASE_URL=postgres://app@127.0.0.1:55441/bench .venv/bin/python bench/bench_governance_import.py

Builds a fresh database (migrations), a trust with two sites, a synthetic CSV with realistic values
(harm levels, themes, Duty of Candour dates, synthetic NHS numbers in the 999 range), then times
``import_file``: reading and checking every row, then writing with bulk_create in batches in one
transaction. Prints the figures that go into docs/performance.md ("Governance import").
"""

from __future__ import annotations

import argparse
import csv
import io
import os
import random
import sys
import tempfile
import time
from datetime import date, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "src"))

HARMS = [("No harm", 55), ("Low", 30), ("Moderate", 10), ("Severe", 3), ("Death", 2)]
THEMES = ["Falls", "Medication", "Pressure ulcers", "Communication", "Sepsis", "Discharge", "Staffing", "Infection"]


def incident_rows(count: int, rng: random.Random):
    from oversight.nhs_number import synthetic_nhs_numbers

    numbers = synthetic_nhs_numbers(min(count, 5000), seed=2026)
    header = ["ID", "Site code", "Incident date", "Time", "Reported date", "Type", "Location (exact)", "Description",
              "Action taken", "Physical harm", "Psychological harm", "Approval status", "Category", "NHS number",
              "DoC notification date", "DoC letter date"]
    labels, weights = zip(*HARMS, strict=True)
    start = date(2019, 4, 1)
    yield header
    for n in range(count):
        happened = start + timedelta(days=rng.randrange(0, 2000))
        reported = happened + timedelta(days=rng.randrange(0, 4))
        harm = rng.choices(labels, weights)[0]
        notified = reported + timedelta(days=rng.randrange(1, 16)) if harm in ("Moderate", "Severe", "Death") else None
        letter = notified + timedelta(days=rng.randrange(1, 12)) if notified else None
        yield [f"W{n + 1:06d}", rng.choice(["BT1", "BT101", "BT102"]), f"{happened:%d/%m/%Y}", f"{rng.randrange(24):02d}:{rng.randrange(60):02d}",
               f"{reported:%d/%m/%Y}", "Incident", f"Ward {rng.randrange(1, 40)}",
               "Patient found on the floor beside the bed; observations normal; family informed.", "Falls assessment repeated",
               harm, "None", "Finally approved", "; ".join(rng.sample(THEMES, rng.randrange(0, 3))), numbers[n % len(numbers)],
               f"{notified:%d/%m/%Y}" if notified else "", f"{letter:%d/%m/%Y}" if letter else ""]


def complaint_rows(count: int, rng: random.Random):
    header = ["ID", "Site code", "Method of receipt", "Date received", "Incident date", "Description", "Date acknowledged",
              "Date response sent", "Outcome", "Subject"]
    yield header
    start = date(2019, 4, 1)
    for n in range(count):
        events = start + timedelta(days=rng.randrange(0, 1900))
        received = events + timedelta(days=rng.randrange(1, 120))
        acknowledged = received + timedelta(days=rng.randrange(0, 6))
        responded = received + timedelta(days=rng.randrange(20, 220))
        yield [f"C{n + 1:06d}", rng.choice(["BT1", "BT101"]), rng.choice(["Letter", "Email", "Telephone"]),
               f"{received:%d/%m/%Y}", f"{events:%d/%m/%Y}", "Delay in diagnosis and poor communication.",
               f"{acknowledged:%d/%m/%Y}", f"{responded:%d/%m/%Y}", rng.choice(["Upheld", "Partly upheld", "Not upheld"]),
               rng.choice(THEMES)]


def to_csv(rows) -> bytes:
    out = io.StringIO()
    csv.writer(out).writerows(rows)
    return out.getvalue().encode()


def setup(database_url: str | None) -> str:
    folder = tempfile.mkdtemp(prefix="oversight-bench-")
    os.environ["OVERSIGHT_VAR_DIR"] = folder
    os.environ["DATABASE_URL"] = database_url or f"sqlite:///{folder}/bench.sqlite3"
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "oversight.config.settings.local")
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)
    return os.environ["DATABASE_URL"].split("://")[0]


def organisations():
    from oversight.organisations.models import Organisation, OrganisationKind

    trust, _ = Organisation.objects.get_or_create(ods_code="BT1", defaults={"name": "Bench Trust", "kind": OrganisationKind.TRUST})
    for code in ("BT101", "BT102"):
        Organisation.objects.get_or_create(ods_code=code, defaults={"name": f"Bench site {code}", "kind": OrganisationKind.SITE,
                                                                    "parent": trust})


def run(kind: str, data: bytes) -> tuple[float, float, int]:
    from oversight.audit.context import acting_as, system_actor
    from oversight.governance.imports import Importer, load_mapping
    from oversight.governance.imports import importer as module

    timings = {}
    original = module.Importer._write

    def timed_write(self, *args, **kwargs):
        started = time.perf_counter()
        try:
            return original(self, *args, **kwargs)
        finally:
            timings["write"] = time.perf_counter() - started

    module.Importer._write = timed_write
    try:
        with acting_as(system_actor("bench")):
            started = time.perf_counter()
            result = Importer(load_mapping(kind)).run(data, file_name=f"bench-{kind}.csv", actor_label="bench")
            total = time.perf_counter() - started
    finally:
        module.Importer._write = original
    if not result.ok:
        raise SystemExit(f"benchmark file had problems: {result.problems[:5]}")
    return total, timings.get("write", 0.0), result.created


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=100_000)
    parser.add_argument("--kinds", nargs="+", default=["incidents", "complaints"], choices=["incidents", "complaints"])
    args = parser.parse_args()
    engine = setup(os.environ.get("DATABASE_URL"))
    organisations()
    rng = random.Random(2026)
    for kind in args.kinds:
        rows = incident_rows(args.rows, rng) if kind == "incidents" else complaint_rows(args.rows, rng)
        data = to_csv(rows)
        total, write, created = run(kind, data)
        print(f"{kind:<10} {created:>8,} rows  {len(data) / 1e6:6.1f} MB  {engine:<10} total {total:6.1f} s  "
              f"(read and check {total - write:5.1f} s, write {write:5.1f} s)  {created / total:8,.0f} rows/s")


if __name__ == "__main__":
    main()
