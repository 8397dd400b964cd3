"""The sign-in lockout locks a user name at one address, never everyone behind an address (issue 12, point 6)."""

from __future__ import annotations

import pytest
from django.test import Client

from oversight.testing.factories import TEST_PASSWORD, UserFactory

pytestmark = pytest.mark.django_db
SIGN_IN = "/accounts/sign-in/"


def _fail(client, username, times):
    for _ in range(times):
        client.post(SIGN_IN, {"username": username, "password": "wrong-password-1"})


def test_failures_by_one_user_do_not_lock_out_colleagues_behind_the_same_address(settings):
    UserFactory(username="asha")
    UserFactory(username="ben")
    nat = Client(REMOTE_ADDR="10.20.30.40")
    _fail(nat, "asha", settings.AXES_FAILURE_LIMIT)
    assert nat.post(SIGN_IN, {"username": "asha", "password": TEST_PASSWORD}).status_code == 429
    colleague = Client(REMOTE_ADDR="10.20.30.40")
    response = colleague.post(SIGN_IN, {"username": "ben", "password": TEST_PASSWORD})
    assert response.status_code == 302


def test_the_locked_user_can_still_sign_in_from_another_address(settings):
    UserFactory(username="asha")
    _fail(Client(REMOTE_ADDR="198.51.100.7"), "asha", settings.AXES_FAILURE_LIMIT)
    assert Client(REMOTE_ADDR="192.0.2.10").post(
        SIGN_IN, {"username": "asha", "password": TEST_PASSWORD}).status_code == 302


def test_a_forged_forwarded_header_does_not_change_the_address_without_a_trusted_proxy(settings):
    assert settings.OVERSIGHT_TRUSTED_PROXIES == 0
    UserFactory(username="asha")
    for fake in range(settings.AXES_FAILURE_LIMIT):  # a new forged address on every try
        Client(REMOTE_ADDR="203.0.113.5", HTTP_X_FORWARDED_FOR=f"192.0.2.{fake}").post(
            SIGN_IN, {"username": "asha", "password": "wrong-password-1"})
    locked = Client(REMOTE_ADDR="203.0.113.5", HTTP_X_FORWARDED_FOR="192.0.2.99")
    assert locked.post(SIGN_IN, {"username": "asha", "password": TEST_PASSWORD}).status_code == 429


def test_behind_one_trusted_proxy_each_client_is_locked_out_alone(settings):
    settings.OVERSIGHT_TRUSTED_PROXIES = 1
    UserFactory(username="asha")
    proxy = "10.0.0.2"  # every request arrives from the proxy
    for _ in range(settings.AXES_FAILURE_LIMIT):
        Client(REMOTE_ADDR=proxy, HTTP_X_FORWARDED_FOR="203.0.113.5").post(
            SIGN_IN, {"username": "asha", "password": "wrong-password-1"})
    locked = Client(REMOTE_ADDR=proxy, HTTP_X_FORWARDED_FOR="203.0.113.5")
    assert locked.post(SIGN_IN, {"username": "asha", "password": TEST_PASSWORD}).status_code == 429
    # The same user from another client behind the same proxy is not locked out, and a client that
    # puts a forged address to the left of its real one is still seen at its real one.
    elsewhere = Client(REMOTE_ADDR=proxy, HTTP_X_FORWARDED_FOR="198.51.100.9")
    assert elsewhere.post(SIGN_IN, {"username": "asha", "password": TEST_PASSWORD}).status_code == 302
    forged = Client(REMOTE_ADDR=proxy, HTTP_X_FORWARDED_FOR="198.51.100.77, 203.0.113.5")
    assert forged.post(SIGN_IN, {"username": "asha", "password": TEST_PASSWORD}).status_code == 429


def test_the_client_address_resolver():
    from django.test import RequestFactory, override_settings

    from oversight.accounts.client_address import client_address

    request = RequestFactory().get("/", REMOTE_ADDR="10.0.0.2", HTTP_X_FORWARDED_FOR="1.2.3.4, 203.0.113.5")
    assert client_address(request) == "10.0.0.2"
    with override_settings(OVERSIGHT_TRUSTED_PROXIES=1):
        assert client_address(request) == "203.0.113.5"
    with override_settings(OVERSIGHT_TRUSTED_PROXIES=2):
        assert client_address(request) == "1.2.3.4"
    with override_settings(OVERSIGHT_TRUSTED_PROXIES=3):
        assert client_address(request) == "10.0.0.2"  # fewer hops than proxies: not from behind them
    junk = RequestFactory().get("/", REMOTE_ADDR="10.0.0.2", HTTP_X_FORWARDED_FOR="not-an-address")
    with override_settings(OVERSIGHT_TRUSTED_PROXIES=1):
        assert client_address(junk) == "10.0.0.2"
