"""The reports API: figures as data, narratives read and written under the pages' rules."""

from datetime import date, datetime

import pytest
from django.utils import timezone

from oversight.accounts.roles import Role
from oversight.audit.models import AuditEntry
from oversight.governance.tests.factories import IncidentFactory
from oversight.reports.models import MetricNarrative
from oversight.testing.factories import api_token_for, build_tree, user_with_role

pytestmark = pytest.mark.django_db
URL = "/api/v1/reports/TRA/board/2025-06"


@pytest.fixture
def tree(settings, tmp_path):
    settings.OVERSIGHT_WAREHOUSE = str(tmp_path / "warehouse.duckdb")
    tree = build_tree()
    IncidentFactory(organisation=tree["trust_a"], reported_at=timezone.make_aware(datetime(2025, 6, 3, 9)),
                    occurred_on=date(2025, 6, 2), physical_harm="moderate")
    return tree


def bearer(user) -> dict:
    _, token = api_token_for(user)
    return {"HTTP_AUTHORIZATION": f"Bearer {token}"}


def test_report_figures_as_data(client, tree):
    headers = bearer(user_with_role(Role.BOARD_MEMBER, tree["trust_a"]))
    body = client.get(URL, **headers).json()
    assert body["organisation"] == "TRA" and body["end"] == "2025-06-30"
    assert body["safety"]["incidents_reported"] == 1
    assert any(s["code"] == "gov_incidents_reported" and s["latest_value"] == "1" for s in body["sections"])
    assert AuditEntry.objects.filter(action="export", object_repr__contains="TRA 2025-06 (API)").exists()
    assert client.get("/api/v1/reports/TRC/board/2025-06", **headers).status_code == 403
    bad = client.get("/api/v1/reports/TRA/board/2025-13", **headers)
    assert bad.status_code == 422 and "not a month in the form YYYY-MM" in bad.content.decode()


def test_regional_report_counts_signals_across_providers(client, tree):
    headers = bearer(user_with_role(Role.REGIONAL_MEDICAL_DIRECTOR, tree["region"]))
    body = client.get("/api/v1/reports/YR1/board/2025-06", **headers).json()
    assert [p["code"] for p in body["providers"]] == ["TRA"]  # the trust with records
    reported = next(c for c in body["signal_counts"] if c["code"] == "gov_incidents_reported")
    assert reported["providers"] == 1 and reported["latest_month"] == "2025-06-01"


def test_narratives_written_by_producers_only_and_validated(client, tree):
    url = f"{URL}/narratives"
    cmo = bearer(user_with_role(Role.CHIEF_MEDICAL_OFFICER, tree["trust_a"]))
    response = client.put(url, {"narratives": {"summary": "Steady month.", "gov_never_events": "None."}},
                          content_type="application/json", **cmo)
    assert response.status_code == 200 and response.json() == {"summary": "Steady month.", "gov_never_events": "None."}
    unknown = client.put(url, {"narratives": {"made_up": "x"}}, content_type="application/json", **cmo)
    assert unknown.status_code == 422 and "made_up" in unknown.content.decode()
    too_long = client.put(url, {"narratives": {"summary": "x" * 3001}}, content_type="application/json", **cmo)
    assert too_long.status_code == 422 and "3000 characters" in too_long.content.decode()
    control = client.put(url, {"narratives": {"summary": "Steady\u0000 month\u0007"}}, content_type="application/json", **cmo)
    assert control.status_code == 422 and "control characters" in control.content.decode()
    board = bearer(user_with_role(Role.BOARD_MEMBER, tree["trust_a"]))
    assert client.put(url, {"narratives": {"summary": "mine"}}, content_type="application/json", **board).status_code == 403
    assert client.get(url, **board).json()["summary"] == "Steady month."
    assert MetricNarrative.objects.count() == 2
