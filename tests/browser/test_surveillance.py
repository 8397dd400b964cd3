"""A regional analyst, tried as a new user would: the matrix, a provider, the SPC upload,
the NOF league table, and an escalation action raised from a signal."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from playwright.sync_api import expect

from oversight.audit.context import acting_as, system_actor
from oversight.organisations.models import Organisation
from oversight.surveillance.models import EscalationAction
from oversight.surveillance.services.nof import load_nof_file

# Reuse the surveillance app's real-data fixtures.
from oversight.surveillance.tests.conftest import NOF_FILE, ods, published, warehouse_file  # noqa: F401
from oversight.testing.browser import axe_violations, describe
from oversight.testing.factories import TEST_PASSWORD, user_with_role

from .conftest import open_module, sign_in

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def analyst(ods, published, shared):  # noqa: F811
    with acting_as(system_actor("tests")):
        load_nof_file(shared / "data" / NOF_FILE, year="2025-26", period_label="Q1 2025/26", loaded_by="tests")
    region = Organisation.objects.get(ods_code="Y63")
    user_with_role("regional_medical_director", region, username="tom")
    return user_with_role("analyst", region, username="chris")


def _accessible(page, where):
    violations = axe_violations(page)
    assert violations == [], f"{where}: {describe(violations)}"
    assert page.csp_violations == [], where


def test_regional_analyst_walks_surveillance(page, analyst, tmp_path):
    sign_in(page, "chris", TEST_PASSWORD)
    open_module(page, "Surveillance")
    _accessible(page, "surveillance index")

    page.goto("/surveillance/matrix/")
    assert page.locator("h1").inner_text() == "Regional summary matrix"
    expect(page.get_by_role("link", name="Leeds Teaching Hospitals NHS Trust").first).to_be_visible()
    _accessible(page, "matrix")
    page.get_by_role("link", name="Leeds Teaching Hospitals NHS Trust").first.click()
    assert page.locator("h1").inner_text() == "Leeds Teaching Hospitals NHS Trust"
    _accessible(page, "provider")

    page.goto("/surveillance/nof/")
    expect(page.get_by_text("Q1 2025/26").first).to_be_visible()
    _accessible(page, "NOF league table")

    csv = tmp_path / "series.csv"
    csv.write_text("month,ward,falls\n" + "".join(
        f"2024-{m:02d}-01,{ward},{v}\n" for ward, base in (("A", 10), ("B", 20)) for m, v in
        ((m, base + (m % 3) + (8 if m > 9 and ward == "B" else 0)) for m in range(1, 13))
    ))
    page.goto("/surveillance/analyse/")
    page.locator("input[type=file]").set_input_files(str(csv))
    page.get_by_role("button", name="Upload").click()
    page.get_by_label("Date column").select_option("month")
    page.get_by_label("Value column").select_option("falls")
    page.get_by_role("button", name="Analyse").click()
    page.get_by_role("heading", name="Results").or_(page.locator("#results-heading")).first.wait_for()
    _accessible(page, "SPC analysis")


def test_regional_director_raises_an_action_from_a_signal(page, analyst):
    sign_in(page, "tom", TEST_PASSWORD)
    page.goto("/surveillance/escalations/RR8/actions/new/?signal_kind=manual")
    page.get_by_label("What needs to happen").or_(page.locator("#id_title")).first.fill(
        "Agree an urgent care recovery plan with the trust"
    )
    page.locator("#id_owner").select_option(label="Test User 1") if False else page.locator("#id_owner").select_option(index=1)
    page.locator("#id_due_date").fill((date.today() + timedelta(days=30)).isoformat())
    _accessible(page, "new action form")
    page.get_by_role("button", name="Raise the action").click()
    page.wait_for_url(lambda url: "/actions/new/" not in url)
    action = EscalationAction.objects.get()
    assert action.title == "Agree an urgent care recovery plan with the trust"
    assert action.escalation.provider_code == "RR8"
    _accessible(page, "after raising")
