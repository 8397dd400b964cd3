"""A medical director downloads this month's board pack from the web app."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from oversight.audit.models import AuditAction, AuditEntry
from oversight.organisations.models import Organisation
from oversight.testing.browser import axe_violations, describe
from oversight.testing.factories import TEST_PASSWORD, user_with_role

from .conftest import sign_in

pytestmark = pytest.mark.django_db(transaction=True)

from oversight.surveillance.tests.conftest import ods, published, warehouse_file  # noqa: F401


def test_medical_director_downloads_the_board_pack(page, ods, published, tmp_path):  # noqa: F811
    user_with_role("chief_medical_officer", Organisation.objects.get(ods_code="RR8"), username="cmo")
    sign_in(page, "cmo", TEST_PASSWORD)
    page.get_by_role("navigation", name="Menu").get_by_role("link", name="Reports").click()
    assert axe_violations(page) == [], describe(axe_violations(page))
    page.get_by_role("button", name="Download the report").click()
    expect(page.get_by_role("alert")).to_contain_text("Choose an organisation")
    assert axe_violations(page) == [], describe(axe_violations(page))
    page.get_by_label("Organisation").select_option("RR8")
    page.get_by_label("Month").fill("2025-06")
    with page.expect_download(timeout=60_000) as download:
        page.get_by_role("button", name="Download the report").click()
    path = tmp_path / download.value.suggested_filename
    download.value.save_as(path)
    assert path.name == "board-report-RR8-2025-06.pdf"
    assert path.read_bytes().startswith(b"%PDF")
    assert AuditEntry.objects.filter(action=AuditAction.EXPORT, object_type="board report").exists()
    assert page.csp_violations == []
