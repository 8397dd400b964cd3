"""Report fixtures: a trust (Leeds) and its region with real published A&E data (needs ../shared)."""

import pytest

from oversight.audit.context import acting_as, system_actor
from oversight.organisations.models import Organisation
from oversight.organisations.ods import load_etr
from oversight.warehouse import Warehouse


@pytest.fixture
def leeds(shared, settings, tmp_path):
    settings.OVERSIGHT_WAREHOUSE = str(tmp_path / "warehouse.duckdb")
    Warehouse(settings.OVERSIGHT_WAREHOUSE).ingest("ae", [shared / "data" / "ae_attendances.csv"])
    with acting_as(system_actor("tests")):
        load_etr(shared / "data" / "ods_etr_nhs_trusts_2026.csv")
    return Organisation.objects.get(ods_code="RR8")
