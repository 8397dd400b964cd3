"""Call-level KPIs: the upload (queued, then all or nothing with row-level errors on the job page), per
service and site in scope, per clinician behind view_clinician_performance with the view audited, and
the CSVs. The queued job itself: test_load_jobs.py."""

from __future__ import annotations

import csv
import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from oversight.audit.models import AuditAction, AuditEntry
from oversight.iuc import kpi_series
from oversight.testing.factories import user_with_role

from ..models import CallDataLoad
from .factories import synthetic_calls_file

pytestmark = pytest.mark.django_db


@pytest.fixture
def warehouse(settings, tmp_path):
    settings.OVERSIGHT_WAREHOUSE = str(tmp_path / "warehouse.duckdb")
    settings.VAR_DIR = tmp_path / "var"  # queued uploads wait here
    return tmp_path / "warehouse.duckdb"


@pytest.fixture
def lead(client, tree):
    client.force_login(user_with_role("clinical_lead", tree["trust_a"]))
    return client


def _upload(client, path, organisation="TRA"):
    """Upload, then the job page (in tests the queued task has run by the time the page is asked for)."""
    with open(path, "rb") as handle:
        upload = SimpleUploadedFile(path.name, handle.read(), content_type="text/csv")
    return client.post(reverse("urgent_care:upload"), {"organisation": organisation, "file": upload}, follow=True)


def _loaded(client, tmp_path):
    response = _upload(client, synthetic_calls_file(tmp_path))
    assert "Done: loaded 3,000 calls" in response.content.decode(), response.content.decode()[:2000]
    return CallDataLoad.objects.get()


def test_a_good_file_loads_for_the_organisation_and_is_audited(lead, warehouse, tmp_path):
    load = _loaded(lead, tmp_path)
    assert load.organisation.ods_code == "TRA" and load.calls == 3000 and len(load.contracts) == 2
    assert AuditEntry.objects.filter(action=AuditAction.CREATE, object_type__icontains="calldataload").exists()
    page = lead.get(reverse("urgent_care:service-kpis"), {"level": "site"}).content.decode()
    assert "Call back" in page or "call back" in page
    assert "synthetic demo data" not in page or "SYN" in page
    rows = list(csv.DictReader(io.StringIO(lead.get(reverse("urgent_care:service-kpis-csv"), {"level": "site"}).content.decode())))
    assert {r["level"] for r in rows} == {"site"} and len({r["name"] for r in rows}) == 4


def test_a_bad_row_is_named_and_nothing_is_written(lead, warehouse, tmp_path):
    path = synthetic_calls_file(tmp_path)
    lines = path.read_text().splitlines()
    header = lines[1].split(",")
    cells = lines[5].split(",")
    # The call is answered before it was received: an end before its start.
    cells[header.index("answered_at")] = "2020-01-01 00:00:00"
    lines[5] = ",".join(cells)
    path.write_text("\n".join(lines) + "\n")
    response = _upload(lead, path)
    text = response.content.decode()
    assert response.status_code == 200
    assert "The file was not loaded" in text and "row 4" in text and "answered_at" in text
    assert not CallDataLoad.objects.exists()
    assert kpi_series(warehouse, "contract").is_empty()


def test_an_organisation_outside_scope_cannot_be_chosen(lead, warehouse, tmp_path):
    response = _upload(lead, synthetic_calls_file(tmp_path), organisation="TRC")
    assert response.status_code == 200 and "Select a valid choice" in response.content.decode()
    assert not CallDataLoad.objects.exists()


def test_another_organisation_sees_none_of_the_call_data(lead, client, tree, warehouse, tmp_path):
    _loaded(lead, tmp_path)
    lead.logout()
    client.force_login(user_with_role("clinical_lead", tree["trust_c"]))
    page = client.get(reverse("urgent_care:service-kpis")).content.decode()
    assert "No call data loaded for the organisations you oversee." in page
    assert "No clinician figures" in client.get(reverse("urgent_care:clinician-kpis")).content.decode()


def test_the_same_contract_cannot_be_loaded_by_a_second_organisation(lead, client, tree, warehouse, tmp_path):
    _loaded(lead, tmp_path)
    lead.logout()
    client.force_login(user_with_role("clinical_lead", tree["trust_c"]))
    before = kpi_series(warehouse, "contract")
    text = _upload(client, synthetic_calls_file(tmp_path, seed=2, name="again.csv"), organisation="TRC").content.decode()
    assert "The file was not loaded" in text and "already has call data loaded by Trust A NHS Trust" in text
    assert CallDataLoad.objects.count() == 1
    assert kpi_series(warehouse, "contract").equals(before)  # the warehouse untouched


def test_clinicians_are_compared_by_funnel_and_the_view_is_audited(lead, warehouse, tmp_path):
    _loaded(lead, tmp_path)
    page = lead.get(reverse("urgent_care:clinician-kpis"))
    text = page.content.decode()
    assert page.status_code == 200
    assert "Across these clinicians" in text and "Funnel (99.8%)" in text
    assert '<svg aria-hidden="true"' in text  # the funnel drawn, its points in the table
    entry = AuditEntry.objects.filter(action=AuditAction.VIEW, object_type="urgent_care_clinician_kpis").latest("sequence")
    assert "by clinician" in entry.object_repr
    rows = list(csv.DictReader(io.StringIO(lead.get(reverse("urgent_care:clinician-kpis-csv")).content.decode())))
    assert len(rows) == 12 and all(r["outlier"] in {"none", "high", "low"} for r in rows)


def test_someone_with_kpis_but_not_clinician_performance_is_refused_the_clinician_page(client, tree, warehouse):
    client.force_login(user_with_role("analyst", tree["trust_a"]))
    assert client.get(reverse("urgent_care:service-kpis")).status_code == 200
    assert client.get(reverse("urgent_care:clinician-kpis")).status_code == 403
    assert client.get(reverse("urgent_care:clinician-kpis-csv")).status_code == 403
