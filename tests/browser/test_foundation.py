"""A new user's first visit, in a real browser, with an accessibility check of each main page."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

from oversight.testing.browser import axe_violations, describe
from oversight.testing.factories import TEST_PASSWORD, build_tree, user_with_role

from .conftest import open_module, sign_in

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def people(db):
    tree = build_tree()
    return {
        "cmo": user_with_role("chief_medical_officer", tree["trust_a"], username="asha"),
        "caldicott": user_with_role("caldicott_guardian", tree["trust_a"], username="james"),
        "tree": tree,
    }


def test_sign_in_page_is_accessible_and_rejects_a_wrong_password(page, people):
    page.goto("/")
    assert "/accounts/sign-in/" in page.url
    assert axe_violations(page) == [], describe(axe_violations(page))
    page.get_by_label("Username").fill("asha")
    page.get_by_label("Password").fill("not-the-password")
    page.get_by_role("button", name="Sign in").click()
    expect(page.get_by_role("alert").get_by_text("There is a problem")).to_be_visible()
    assert axe_violations(page) == []


def test_new_user_finds_their_way(page, people):
    sign_in(page, "asha", TEST_PASSWORD)
    expect(page.locator("h1")).to_have_text(re.compile(r"^Welcome, Test User"))
    expect(page.get_by_text("Chief Medical Officer / Medical Director for Trust A NHS Trust")).to_be_visible()
    for path, heading in [
        ("/", None),
        ("/organisations/", "Organisations"),
        ("/organisations/TRA/", "Trust A NHS Trust"),
        ("/accounts/me/", None),
        ("/governance/", "Governance"),
        ("/surveillance/", "Surveillance"),
        ("/workforce/", "Workforce"),
        ("/reports/", "Reports"),
    ]:
        page.goto(path)
        if heading:
            assert page.locator("h1").inner_text() == heading, path
        violations = axe_violations(page)
        assert violations == [], f"{path}: {describe(violations)}"
    # Navigation: the header links to each module.
    page.goto("/")
    open_module(page, "Organisations")
    page.get_by_role("link", name="Trust A NHS Trust").first.click()
    expect(page.get_by_text("Trust A Hospital")).to_be_visible()
    assert page.csp_violations == []


def test_tables_sort_in_the_browser(page, people):
    sign_in(page, "asha", TEST_PASSWORD)
    page.goto("/organisations/")
    def first():
        return page.locator("#organisations tbody tr").first.locator("td").first.inner_text()

    page.get_by_role("button", name="Name").click()
    ascending = first()
    page.get_by_role("button", name="Name").click()
    assert first() != ascending


def test_caldicott_guardian_checks_the_audit_trail(page, people):
    sign_in(page, "james", TEST_PASSWORD)
    page.goto("/information-governance/audit/")
    expect(page.get_by_role("cell", name="Signed in").first).to_be_visible()
    assert axe_violations(page) == [], describe(axe_violations(page))
    page.get_by_role("link", name="check that none has been edited or deleted").click()
    page.get_by_role("button", name="Check now").click()
    expect(page.get_by_text("The audit trail is intact")).to_be_visible()
    assert axe_violations(page) == []


def test_sign_out(page, people):
    sign_in(page, "asha", TEST_PASSWORD)
    page.get_by_role("link", name="Sign out").click()
    page.get_by_role("button", name="Sign out").click()
    page.wait_for_url("**/accounts/sign-in/")
    page.goto("/organisations/")
    assert "/accounts/sign-in/" in page.url
