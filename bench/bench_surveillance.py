"""Surveillance speed: the full A&E 2016-2019 history and the RTT extract ingested and
analysed, and the regional matrix page served.

    .venv/bin/python bench/bench_surveillance.py

Uses a throwaway SQLite database and warehouse in a temporary folder, the real files in
../shared/data, and Django's test client (no network). Prints one line per figure.
"""

from __future__ import annotations

import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

TMP = Path(tempfile.mkdtemp(prefix="oversight-bench-"))
os.environ["DJANGO_SETTINGS_MODULE"] = "oversight.config.settings.test"
os.environ["DATABASE_URL"] = f"sqlite:///{TMP / 'bench.sqlite3'}"
os.environ["OVERSIGHT_WAREHOUSE"] = str(TMP / "warehouse.duckdb")
os.environ["DJANGO_ALLOWED_HOSTS"] = "testserver"

import django  # noqa: E402

django.setup()

from django.conf import settings  # noqa: E402
from django.core.management import call_command  # noqa: E402
from django.test import Client  # noqa: E402

from oversight.audit.context import acting_as, system_actor  # noqa: E402
from oversight.organisations.models import Organisation  # noqa: E402
from oversight.organisations.ods import load_etr  # noqa: E402
from oversight.shared_data import shared_dir  # noqa: E402
from oversight.surveillance.services.spc_runs import current_run  # noqa: E402
from oversight.testing.factories import user_with_role  # noqa: E402
from oversight.warehouse import Warehouse  # noqa: E402


def timed(label: str, func, repeat: int = 1):
    times = []
    result = None
    for _ in range(repeat):
        start = time.perf_counter()
        result = func()
        times.append(time.perf_counter() - start)
    print(f"{label}: {statistics.median(times):.3f} s (median of {repeat})")
    return result


def main() -> int:
    shared = shared_dir()
    if shared is None:
        print("../shared is absent: nothing to measure", file=sys.stderr)
        return 2
    data = shared / "data"
    settings.OVERSIGHT_WAREHOUSE = os.environ["OVERSIGHT_WAREHOUSE"]
    call_command("migrate", verbosity=0)
    with acting_as(system_actor("bench")):
        load_etr(data / "ods_etr_nhs_trusts_2026.csv")
    store = Warehouse(settings.OVERSIGHT_WAREHOUSE)
    timed("ingest A&E 2016-2019 history (ae_attendances.csv)", lambda: store.ingest("ae", [data / "ae_attendances.csv"]))
    timed("ingest RTT April 2026 full extract (parquet)",
          lambda: store.ingest("rtt", [data / "nhse_rtt_2026-04_full_extract.parquet"]))
    run = timed("SPC for every (provider, metric), first computation", current_run)
    print(f"  series analysed: {run.series_count}")
    timed("SPC results again (cached for this warehouse state)", current_run, repeat=5)
    user = user_with_role("regional_medical_director", Organisation.objects.get(ods_code="Y63"), username="bench")
    client = Client()
    client.force_login(user)
    for path in ("/surveillance/matrix/", "/surveillance/providers/RR8/"):
        response = client.get(path)
        assert response.status_code == 200, (path, response.status_code)
        timed(f"GET {path} (regional medical director, Y63)", lambda p=path: client.get(p), repeat=10)
    return 0


if __name__ == "__main__":
    sys.exit(main())
