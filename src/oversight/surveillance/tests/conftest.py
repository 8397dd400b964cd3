"""Fixtures: a synthetic warehouse and the test tree (no ../shared needed); and, for the tests marked
``shared``, a small warehouse built from the real published files and the real ODS trust list."""

from __future__ import annotations

import pytest

from oversight.testing.factories import build_tree
from oversight.warehouse import Warehouse

from .factories import synthetic_warehouse

PUBLISHED = (
    ("ae", "nhse_ae_monthly_by_provider_2024-06_to_2025-06.csv"),
    ("rtt", "nhse_rtt_2026-04_provider_totals.csv"),
    ("nhs111", "nhs111_iuc_daily_by_contract_2025-11_to_2026-04.csv"),
)
NOF_FILE = "nhse_nof_2025-26_q1_acute_trust_data.csv"


@pytest.fixture(scope="session")
def warehouse_file(shared, tmp_path_factory):
    path = tmp_path_factory.mktemp("warehouse") / "warehouse.duckdb"
    store = Warehouse(path)
    for source, name in PUBLISHED:
        store.ingest(source, [shared / "data" / name])
    return path


@pytest.fixture
def published(settings, warehouse_file):
    """Point the app at the small real warehouse."""
    settings.OVERSIGHT_WAREHOUSE = str(warehouse_file)
    return warehouse_file


@pytest.fixture
def ods(db, shared):
    """The real NHS trusts, ICBs and regions from ODS."""
    from oversight.audit.context import acting_as, system_actor
    from oversight.organisations.ods import load_etr

    with acting_as(system_actor("tests")):
        load_etr(shared / "data" / "ods_etr_nhs_trusts_2026.csv")


@pytest.fixture(scope="session")
def synthetic_file(tmp_path_factory):
    return synthetic_warehouse(tmp_path_factory.mktemp("synthetic") / "warehouse.duckdb")


@pytest.fixture
def synthetic(settings, synthetic_file):
    """Point the app at the synthetic warehouse (fixtures/README.md)."""
    settings.OVERSIGHT_WAREHOUSE = str(synthetic_file)
    return synthetic_file


@pytest.fixture
def tree(db):
    return build_tree()
