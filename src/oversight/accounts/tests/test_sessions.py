"""The idle timeout is kept by refreshing the session at most once a minute, not by a write per request."""

from __future__ import annotations

import pytest
from django.contrib.sessions.models import Session

from oversight.accounts import middleware as sessions
from oversight.testing.factories import TEST_PASSWORD, UserFactory

pytestmark = pytest.mark.django_db


def _stored(client):
    return Session.objects.get(session_key=client.session.session_key).session_data


def test_a_page_within_the_minute_writes_no_session_and_a_later_one_extends_it(client, monkeypatch):
    clock = [1_000_000]
    monkeypatch.setattr(sessions, "_now", lambda: clock[0])
    UserFactory(username="asha")
    client.post("/accounts/sign-in/", {"username": "asha", "password": TEST_PASSWORD})
    first = _stored(client)
    clock[0] += 30
    client.get("/")
    assert _stored(client) == first  # no write within the minute
    clock[0] += 31
    client.get("/")
    assert _stored(client) != first  # activity after a minute saves it again, with a new expiry


def test_anonymous_pages_create_no_session(client):
    client.get("/accounts/sign-in/")
    assert Session.objects.count() == 0


def test_signed_in_pages_and_api_answers_are_not_stored_but_the_stylesheet_is_cacheable(client):
    UserFactory(username="asha")
    assert "no-store" not in client.get("/about/").get("Cache-Control", "")  # public information pages
    assert "no-store" in client.get("/api/v1/me").get("Cache-Control", "")  # even a refusal
    client.post("/accounts/sign-in/", {"username": "asha", "password": TEST_PASSWORD})
    assert client.get("/").headers["Cache-Control"] == "no-store, private"
    assert client.get("/organisations/").headers["Cache-Control"] == "no-store, private"
    assert "no-store" in client.get("/api/v1/me").headers["Cache-Control"]
    assert client.get("/design-system/nhsuk-frontend.css").headers["Cache-Control"].startswith("public")
