"""Clinical performance as its users meet it, in a real browser on the demo's SYNTHETIC out-of-hours
service: the clinical lead's results (a funnel across clinicians), productivity beside the disposition
mix and audit outcome, a clinician's record, the urgent care KPIs by service and by clinician; the
clinician's own record; an analyst's funnel from an uploaded CSV. axe and the CSP on every page."""

from __future__ import annotations

import random

import pytest
from playwright.sync_api import expect

from oversight.audit.context import acting_as, system_actor
from oversight.clinical_performance import demo as clinical_demo
from oversight.demo.region import build_region
from oversight.demo.users import DEMO_PASSWORD, build_users
from oversight.testing.browser import axe_violations, describe
from oversight.urgent_care import demo as urgent_care_demo
from oversight.workforce.models import Clinician

from .conftest import open_module, sign_in

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def service(settings, tmp_path):
    settings.OVERSIGHT_WAREHOUSE = str(tmp_path / "warehouse.duckdb")
    with acting_as(system_actor("oversight-demo")):
        region = build_region()
        build_users(region)
        urgent_care_demo.build(region, random.Random(2026))
        clinical_demo.build(region, random.Random(2026))
    return region


def accessible(page, where: str) -> None:
    violations = axe_violations(page)
    assert violations == [], f"{where}: {describe(violations)}"
    assert page.csp_violations == [], where


def visit(page, path: str, heading: str) -> None:
    page.goto(path)
    expect(page.locator("h1")).to_contain_text(heading)
    accessible(page, path)


def test_the_clinical_lead_reads_results_productivity_a_record_and_the_kpis(page, service):
    sign_in(page, "clinlead", DEMO_PASSWORD)
    open_module(page, "Clinical performance")
    accessible(page, "clinical performance landing")
    visit(page, "/clinical-performance/results/", "results")
    expect(page.locator("figure.app-chart svg").first).to_be_attached()  # the funnel across clinicians
    visit(page, "/clinical-performance/productivity/", "roductivity")
    text = page.locator("main").inner_text()
    assert "disposition" in text.lower() and "audit" in text.lower()  # never productivity alone
    carter = Clinician.objects.get(user__username="clinician")
    visit(page, f"/clinical-performance/clinicians/{carter.pk}/record/", carter.name)
    visit(page, "/clinical-performance/audit/", "udit")
    visit(page, "/clinical-performance/urgent-care/", "Urgent care")
    cards = [link.get_attribute("href") for link in page.locator("main a.nhsuk-card__link").all()]
    assert len(cards) >= 3  # by contract, by service and site, by clinician, the upload
    for href in cards:
        page.goto(href)
        accessible(page, href)


def test_the_clinician_sees_only_their_own_record(page, service):
    sign_in(page, "clinician", DEMO_PASSWORD)
    visit(page, "/clinical-performance/my-record/", "")
    assert "Dr Ben Carter" in page.locator("main").inner_text()
    visit(page, "/clinical-performance/my-audits/", "")
    other = Clinician.objects.exclude(user__username="clinician").filter(name__endswith="(synthetic)").first()
    response = page.goto(f"/clinical-performance/clinicians/{other.pk}/record/")
    assert response.status == 403


def test_an_analyst_draws_a_funnel_from_an_uploaded_file(page, service, tmp_path):
    from oversight.testing.factories import TEST_PASSWORD, user_with_role

    user_with_role("analyst", service.main_trust, username="funnel-analyst")
    rows = ["trust,breaches,attendances"] + [f"T{i:02d},{700 + 13 * i},{3000 + 150 * i}" for i in range(20)]
    rows.append("TLOW,2900,4000")  # far more breaches for its size: the outlier
    upload = tmp_path / "breaches.csv"
    upload.write_text("\n".join(rows) + "\n", encoding="utf-8")
    sign_in(page, "funnel-analyst", TEST_PASSWORD)
    page.goto("/surveillance/analyse/funnel/")
    accessible(page, "funnel upload")
    page.set_input_files("input[type=file]", str(upload))
    page.get_by_role("button", name="Upload").click()
    page.get_by_label("Numerator column").select_option("breaches")
    page.get_by_label("Denominator column").select_option("attendances")
    page.get_by_label("Group column").select_option("trust")
    page.get_by_label("Proportion: events over people", exact=False).check()
    page.get_by_role("button", name="Draw the funnel plot").click()
    expect(page.locator("main")).to_contain_text("TLOW")
    accessible(page, "funnel result")
