"""Fixtures for browser tests: a live server and Debian's Chromium under Playwright."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from oversight.testing.browser import AXE_JS, CHROMIUM, CHROMIUM_ARGS

# Playwright's sync API runs an event loop in this thread; the ORM calls made by fixtures
# are still synchronous and safe here.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")


def pytest_collection_modifyitems(items):
    for item in items:
        if "tests/browser" in str(item.fspath):
            item.add_marker(pytest.mark.browser)


@pytest.fixture(scope="session")
def browser():
    if not Path(CHROMIUM).exists():
        pytest.fail(f"Debian's Chromium is missing at {CHROMIUM}: run `make test`, which installs it")
    if not AXE_JS.exists():
        pytest.fail("axe-core is missing from node_modules: run `make test`, which runs npm ci")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS)
        yield browser
        browser.close()


@pytest.fixture
def page(browser, live_server):
    context = browser.new_context(base_url=live_server.url, viewport={"width": 1280, "height": 900})
    page = context.new_page()
    page.set_default_timeout(10_000)
    page.csp_violations = []
    page.on("console", lambda msg: "Content Security Policy" in msg.text and page.csp_violations.append(msg.text))
    yield page
    context.close()


def sign_in(page, username: str, password: str) -> None:
    page.goto("/accounts/sign-in/")
    page.get_by_label("Username").fill(username)
    page.get_by_label("Password").fill(password)
    page.get_by_role("button", name="Sign in").click()
    page.wait_for_url(lambda url: "/accounts/sign-in/" not in url)


def open_module(page, name: str) -> None:
    """Follow the header's link to a module. When the modules outgrow the header's width
    (it depends on the fonts the machine has), the design system moves the rest under "More"."""
    menu = page.get_by_role("navigation", name="Menu")
    link = menu.get_by_role("link", name=name)
    if not link.is_visible():
        menu.get_by_role("button", name="Browse More").click()
    link.click()


@pytest.fixture(autouse=True)
def _allow_test_database_flush(transactional_db):
    """SQLite flushes a transactional test's database with DELETE, which the audit table's
    append-only triggers refuse. Browser tests lift them; the audit tests put them back."""
    from django.db import connection

    from oversight.audit import append_only

    append_only.remove(connection)
