"""A medical director prepares this month's board pack in the web app: chooses the trust and month,
writes the narratives, chooses the metrics, and downloads the PDF."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from oversight.audit.models import AuditAction, AuditEntry
from oversight.organisations.models import Organisation
from oversight.reports.models import MetricNarrative
from oversight.surveillance.tests.conftest import ods, published, warehouse_file  # noqa: F401  (fixtures)
from oversight.testing.browser import axe_violations, describe
from oversight.testing.factories import TEST_PASSWORD, user_with_role

from .conftest import open_module, sign_in

pytestmark = pytest.mark.django_db(transaction=True)


def accessible(page, where: str) -> None:
    violations = axe_violations(page)
    assert violations == [], f"{where}: {describe(violations)}"


def test_medical_director_prepares_and_downloads_the_board_pack(page, ods, published, tmp_path):  # noqa: F811
    user_with_role("chief_medical_officer", Organisation.objects.get(ods_code="RR8"), username="cmo")
    sign_in(page, "cmo", TEST_PASSWORD)
    open_module(page, "Reports")
    accessible(page, "reports")
    expect(page.get_by_label("Organisation")).to_have_value("RR8")  # their own trust, chosen for them
    page.get_by_label("Organisation").select_option("")
    page.get_by_label("Month or financial year").fill("")
    page.get_by_role("button", name="Continue").click()
    expect(page.get_by_role("alert")).to_contain_text("Choose an organisation")
    accessible(page, "reports with errors")
    page.get_by_role("alert").get_by_role("link", name="Choose an organisation").click()
    expect(page.get_by_label("Organisation")).to_be_focused()

    page.get_by_label("Organisation").select_option("RR8")
    page.get_by_label("Monthly board quality report").check()
    page.get_by_label("Month or financial year").fill("2025-06")
    page.get_by_role("button", name="Continue").click()
    expect(page.locator("h1")).to_have_text("Board quality report: June 2025")
    accessible(page, "preparation page")

    # The narratives: one for the summary, one under a metric.
    page.get_by_label("Summary for the board").fill("Four-hour performance is recovering after the winter.")
    page.get_by_label("Narrative for A&E 4-hour performance, all types").fill("Front door streaming began in May.")
    page.get_by_role("button", name="Save the narratives").click()
    expect(page.get_by_role("status").first).to_contain_text("2 narratives changed")
    assert MetricNarrative.objects.count() == 2
    expect(page.get_by_label("Summary for the board")).to_have_value("Four-hour performance is recovering after the winter.")

    # The template: only two metrics, landscape.
    page.get_by_role("link", name="Choose which metrics appear").click()
    accessible(page, "template")
    for box in page.get_by_role("checkbox").all():
        box.uncheck()
    page.get_by_label("A&E 4-hour performance, all types").check()
    page.get_by_label("A&E attendances, all types").check()
    page.get_by_label("Landscape").check()
    page.get_by_role("button", name="Save the template").click()
    expect(page.get_by_role("status").first).to_contain_text("Saved the report template")
    page.goto("/reports/RR8/board/2025-06/")
    assert page.get_by_role("heading", level=3).filter(has_text="A&E").count() == 2

    # The download: the PDF shows the narratives; the export is audited.
    page.get_by_label("PDF (for the board pack)").check()
    with page.expect_download(timeout=60_000) as download:
        page.get_by_role("button", name="Download the board quality report").click()
    expect(page.get_by_text("Producing the report")).to_be_visible()
    path = tmp_path / download.value.suggested_filename
    download.value.save_as(path)
    assert path.name == "board-report-RR8-2025-06.pdf"
    assert path.read_bytes().startswith(b"%PDF")
    assert AuditEntry.objects.filter(action=AuditAction.EXPORT, object_type="board quality report").exists()
    assert page.csp_violations == []

    # The web-page version is accessible on its own: headings, and each chart's alt text states its signal.
    page.get_by_label("Web page (HTML)").check()
    with page.expect_download(timeout=60_000) as download:
        page.get_by_role("button", name="Download the board quality report").click()
    html = tmp_path / download.value.suggested_filename
    download.value.save_as(html)
    page.goto(html.as_uri())
    expect(page.get_by_role("heading", level=1)).to_have_text("Leeds Teaching Hospitals NHS Trust")
    charts = page.locator(".metric-chart img[alt]:not(.icon)")
    assert charts.count() == 2
    for alt in charts.evaluate_all("images => images.map(i => i.alt)"):
        assert "latest point (June 2025" in alt, alt
    # Providers compared: a funnel of every provider that month, its alt text stating what it shows.
    funnels = page.locator("#compared img[alt]").evaluate_all("images => images.map(i => i.alt)")
    assert funnels and all("providers compared with the overall" in alt for alt in funnels), funnels
    accessible(page, "downloaded report")
