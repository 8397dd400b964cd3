"""The urgent care API: contract series for view_urgent_care, call series in scope, clinicians behind
view_clinician_performance (audited), refusals as on the pages."""

from __future__ import annotations

import pytest
from django.test import Client

from oversight.audit.context import acting_as, system_actor
from oversight.audit.models import AuditAction, AuditEntry
from oversight.testing.factories import api_token_for, user_with_role

from ..services import load_call_events
from .factories import synthetic_calls_file

pytestmark = pytest.mark.django_db
BASE = "/api/v1/urgent-care"


def _client(user) -> Client:
    _, plain = api_token_for(user)
    return Client(HTTP_AUTHORIZATION=f"Bearer {plain}")


def test_contract_series_split_at_april_2021(tree, contracts_loaded):
    api = _client(user_with_role("analyst", tree["trust_c"]))
    # The daily file gives other KPIs too (calls received, answered, triaged): this is the 60-second one.
    rows = api.get(f"{BASE}/contracts/series", {"contract": "111TA1", "kpi": "nhs111_answered_60s"}).json()
    assert {r["series"] for r in rows} == {"NHS 111 Minimum Data Set (before April 2021)", "IUC Aggregate Data Collection (from April 2021)"}
    assert len(rows) == 6 and rows[0]["value"] == pytest.approx(73.0, abs=0.1)
    assert api.get(f"{BASE}/contracts/series", {"kpi": "no_such"}).status_code == 404


def test_call_series_and_clinicians_follow_scope_and_capability(tree, settings, tmp_path):
    settings.OVERSIGHT_WAREHOUSE = str(tmp_path / "warehouse.duckdb")
    with acting_as(system_actor("tests")):
        load_call_events(organisation=tree["trust_a"], path=synthetic_calls_file(tmp_path), file_name="calls.csv")
    lead = _client(user_with_role("clinical_lead", tree["trust_a"]))
    assert {r["level"] for r in lead.get(f"{BASE}/calls/series", {"level": "site"}).json()} == {"site"}
    clinicians = lead.get(f"{BASE}/calls/clinicians", {"kpi": "iuc_call_back_in_time"}).json()
    assert len({r["clinician_id"] for r in clinicians}) == 12
    assert AuditEntry.objects.filter(action=AuditAction.VIEW, object_type="urgent_care_clinician_kpis").exists()
    elsewhere = _client(user_with_role("clinical_lead", tree["trust_c"]))
    assert elsewhere.get(f"{BASE}/calls/series").json() == []
    assert elsewhere.get(f"{BASE}/calls/clinicians").json() == []
    analyst = _client(user_with_role("analyst", tree["trust_a"]))
    assert analyst.get(f"{BASE}/calls/clinicians").status_code == 403
    assert analyst.get(f"{BASE}/calls/series", {"level": "planet"}).status_code == 422
