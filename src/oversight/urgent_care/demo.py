"""Demo content for urgent care: SYNTHETIC call events (oversight.iuc.synthetic) loaded for the demo's
main trust, so the call-level and clinician pages have figures. Marked synthetic on the load record, in
the file's first line and in every code (SYN-). The published NHS 111 file is loaded by the warehouse's demo."""

from __future__ import annotations

import tempfile
from datetime import date
from pathlib import Path

from oversight.iuc.synthetic import synthetic_events, write_events

from .models import CallDataLoad
from .services import load_call_events

DEMO_CALLS = 20_000
DEMO_FILE = "synthetic-demo-call-events.csv"


def build(region, rng) -> str:
    organisation = region.main_trust
    if CallDataLoad.objects.filter(organisation=organisation, synthetic=True).exists():
        return "urgent care: synthetic call events already loaded"
    frame = synthetic_events(DEMO_CALLS, seed=rng.randint(0, 10_000), start=date(2025, 4, 1), months=12, contracts=2,
                             sites_per_contract=2, clinicians=40)  # fmt: skip
    with tempfile.TemporaryDirectory() as folder:
        path = write_events(frame.drop("synthetic", strict=False), Path(folder) / DEMO_FILE)
        load = load_call_events(organisation=organisation, path=path, file_name=DEMO_FILE, synthetic=True)
    return f"urgent care: {load.calls:,} SYNTHETIC call events for {organisation.name}, {len(load.clinicians)} clinicians"
