"""Load the team's real published files (../shared/data) into the warehouse for the demo."""

from __future__ import annotations

from pathlib import Path

from oversight.shared_data import shared_path
from oversight.warehouse.errors import IngestError
from oversight.warehouse.store import Warehouse

# (source, file in shared/data), oldest first so the newest file of a period is the one that stays.
PUBLISHED = (
    ("ae", "ae_attendances.csv"),
    ("ae", "nhse_ae_monthly_by_provider_2024-06_to_2025-06.csv"),
    ("rtt", "nhse_rtt_2026-04_full_extract.parquet"),
    ("nhs111", "nhs111_iuc_daily_by_contract_2025-11_to_2026-04.csv"),
)


def load_published(warehouse: str | Path) -> list[str]:
    """One line per file: its load summary, or why it was skipped. Loading again changes nothing."""
    store = Warehouse(warehouse)
    lines = []
    for source, name in PUBLISHED:
        path = shared_path("data", name)
        if path is None:
            lines.append(f"warehouse: {name} not found in ../shared/data, skipped")
            continue
        try:
            lines.extend(f"warehouse: {report.summary()}" for report in store.ingest(source, [path]))
        except IngestError as exc:
            lines.append(f"warehouse: {exc}")
    return lines
