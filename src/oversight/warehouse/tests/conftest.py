"""Fixtures for the warehouse tests: the real published files (read in place from ../shared/data) and an
empty warehouse in tmp_path. Broken copies are made in tmp_path by the tests that need them."""

from __future__ import annotations

from pathlib import Path

import pytest

from oversight.warehouse import Warehouse

AE_MONTHLY = "nhse_ae_monthly_by_provider_2024-06_to_2025-06.csv"
AE_TIDY = "ae_attendances.csv"
RTT_EXTRACT = "nhse_rtt_2026-04_full_extract.parquet"
RTT_PROVIDER_TOTALS = "nhse_rtt_2026-04_provider_totals.csv"
NHS111_DAILY = "nhs111_iuc_daily_by_contract_2025-11_to_2026-04.csv"


def _data(shared: Path, name: str) -> Path:
    path = shared / "data" / name
    if not path.exists():
        pytest.skip(f"{name} is not in ../shared/data")
    return path


@pytest.fixture
def ae_monthly(shared) -> Path:
    return _data(shared, AE_MONTHLY)


@pytest.fixture
def ae_tidy(shared) -> Path:
    return _data(shared, AE_TIDY)


@pytest.fixture
def rtt_extract(shared) -> Path:
    return _data(shared, RTT_EXTRACT)


@pytest.fixture
def rtt_provider_totals(shared) -> Path:
    return _data(shared, RTT_PROVIDER_TOTALS)


@pytest.fixture
def nhs111_daily(shared) -> Path:
    return _data(shared, NHS111_DAILY)


@pytest.fixture
def wh(tmp_path) -> Warehouse:
    return Warehouse(tmp_path / "warehouse.duckdb")
