"""The KPIs by IUC contract: list with filters, contract page with its charts, CSVs, and the April 2021 break."""

from __future__ import annotations

import csv
import io

import pytest
from django.urls import reverse

from oversight.audit.models import AuditAction, AuditEntry
from oversight.testing.factories import user_with_role

pytestmark = pytest.mark.django_db


@pytest.fixture
def reader(client, tree, contracts_loaded):
    client.force_login(user_with_role("analyst", tree["trust_c"]))
    return client


def _csv(response) -> list[dict]:
    return list(csv.DictReader(io.StringIO(response.content.decode())))


def test_the_list_shows_each_contract_kpi_with_its_target_and_source(reader):
    page = reader.get(reverse("urgent_care:kpis"))
    assert page.status_code == 200
    text = page.content.decode()
    assert "North Test" in text and "South Test" in text
    assert "NHS 111 calls answered within 60 seconds" in text
    assert "95.0%: operational standard (standing)" in text
    assert "Fewer than 12" in text  # 3 months since April 2021: values, no SPC signal
    assert "NHS 111 / IUC weekly situation report" in text and "Last loaded" in text


def test_the_region_filter_keeps_only_its_contracts(reader):
    text = reader.get(reverse("urgent_care:kpis"), {"region": "Other Region"}).content.decode()
    assert "contracts/111TB2/" in text and "contracts/111TA1/" not in text


def test_a_backwards_period_is_refused_on_the_page(reader):
    page = reader.get(reverse("urgent_care:kpis"), {"start": "2021-06", "end": "2021-01"})
    assert "must be on or before" in page.content.decode()


def test_no_series_crosses_april_2021(reader):
    page = reader.get(reverse("urgent_care:contract", kwargs={"code": "111TA1"}))
    text = page.content.decode()
    assert page.status_code == 200
    assert "NHS 111 Minimum Data Set (before April 2021)" in text
    assert "IUC Aggregate Data Collection (from April 2021)" in text
    assert text.count("<svg") >= 2  # one chart per side of the break
    rows = _csv(reader.get(reverse("urgent_care:contract-csv", kwargs={"code": "111TA1"})))
    series = {(r["month"], r["series"]) for r in rows}
    assert ("2021-03", "NHS 111 Minimum Data Set (before April 2021)") in series
    assert ("2021-04", "IUC Aggregate Data Collection (from April 2021)") in series
    # Limits come from each side alone: the March mean is the mean of January to March only.
    march = next(r for r in rows if r["month"] == "2021-03")
    assert float(march["mean"]) == pytest.approx(76.0, abs=0.1)  # 73, 76, 79; with April to June it would be 80.5


def test_the_list_csv_follows_the_filters_and_is_audited(reader):
    response = reader.get(reverse("urgent_care:kpis-csv"), {"contract": "111TB2", "start": "2021-05",
                                                            "kpi": "nhs111_answered_60s"})
    rows = _csv(response)
    assert {r["contract_code"] for r in rows} == {"111TB2"}
    assert [r["month"] for r in rows] == ["2021-05", "2021-06"]
    assert rows[0]["publication_status"] == "management information"
    assert rows[0]["target_confidence"] == "secondary"
    entry = AuditEntry.objects.filter(action=AuditAction.EXPORT).latest("sequence")
    assert "urgent care KPIs" in entry.object_repr and "contract" in entry.reason


def test_an_unknown_contract_is_not_found(reader):
    assert reader.get(reverse("urgent_care:contract", kwargs={"code": "111ZZ9"})).status_code == 404


def test_someone_without_the_capability_is_refused(client, tree, contracts_loaded):
    client.force_login(user_with_role("clinical_auditor", tree["trust_a"]))
    assert client.get(reverse("urgent_care:kpis")).status_code == 403
    assert client.get(reverse("urgent_care:contract", kwargs={"code": "111TA1"})).status_code == 403


def test_published_iuc_adc_figures_are_listed_as_their_own_series(client, tree, settings, tmp_path):
    """The IUC ADC long layout (SYNTHETIC fixture) reaches the contract pages with the ADC's own KPIs."""
    from pathlib import Path

    from oversight.warehouse import Warehouse

    settings.OVERSIGHT_WAREHOUSE = str(tmp_path / "warehouse.duckdb")
    fixture = Path(__file__).parents[2] / "warehouse" / "tests" / "data" / "iuc_adc_SYNTHETIC_2021-02_to_2021-05.csv"
    Warehouse(settings.OVERSIGHT_WAREHOUSE).ingest("iuc-adc", [fixture])
    client.force_login(user_with_role("analyst", tree["trust_c"]))
    text = client.get(reverse("urgent_care:kpis"), {"kpi": "iuc_adc_answered_60s"}).content.decode()
    assert "SYN Contract North" in text
    assert "IUC calls answered within 60 seconds (IUC ADC)" in text
    assert "IUC Aggregate Data Collection" in text  # where the figures come from
