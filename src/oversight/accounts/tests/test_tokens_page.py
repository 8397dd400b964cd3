"""The Caldicott Guardian sees the API tokens of the service accounts in their organisations and can revoke one,
with a reason recorded in the audit trail (issue 12, point 15)."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.test import Client
from django.utils import timezone

from oversight.accounts.models import APIToken
from oversight.audit.models import AuditAction, AuditEntry
from oversight.testing.factories import api_token_for, build_tree, user_with_role

pytestmark = pytest.mark.django_db


def _token(user, name="etl"):
    return api_token_for(user, name)


def test_the_guardian_lists_tokens_in_scope_only_and_revokes_with_a_reason(client):
    tree = build_tree()
    client.force_login(user_with_role("caldicott_guardian", tree["trust_a"]))
    mine, plain = _token(user_with_role("analyst", tree["trust_a"], username="robot-a"), "warehouse feed")
    other, _ = _token(user_with_role("analyst", tree["trust_c"], username="robot-c"))
    page = client.get("/accounts/tokens/").content.decode()
    assert "robot-a" in page and "warehouse feed" in page and "robot-c" not in page
    assert client.get(f"/accounts/tokens/{other.key_id}/revoke/").status_code == 403
    refused = client.post(f"/accounts/tokens/{mine.key_id}/revoke/", {"reason": ""})
    assert "Enter why you are revoking this token" in refused.content.decode()
    done = client.post(f"/accounts/tokens/{mine.key_id}/revoke/", {"reason": "Feed retired"})
    assert done.status_code == 302
    assert Client().get("/api/v1/me", HTTP_AUTHORIZATION=f"Bearer {plain}").status_code == 401
    entry = AuditEntry.objects.get(action=AuditAction.TOKEN_REVOKED)
    assert entry.reason == "Feed retired" and entry.object_repr == f"API token {mine.key_id} for robot-a"
    assert "Revoked" in client.get("/accounts/tokens/").content.decode()


def test_people_without_the_information_governance_role_cannot_see_tokens(client):
    tree = build_tree()
    client.force_login(user_with_role("analyst", tree["trust_a"]))
    assert client.get("/accounts/tokens/").status_code == 403


def test_tokens_from_before_the_rules_no_longer_open_the_api():
    tree = build_tree()
    person = user_with_role("analyst", tree["trust_a"], username="asha")
    _, on_a_person = APIToken.issue(person, "old", expires_at=timezone.now() + timedelta(days=30))
    robot = user_with_role("analyst", tree["trust_a"], username="robot")
    robot.is_service_account = True
    robot.save()
    _, never_expires = APIToken.issue(robot, "old")
    _, good = APIToken.issue(robot, "new", expires_at=timezone.now() + timedelta(days=30))
    api = Client()
    assert api.get("/api/v1/me", HTTP_AUTHORIZATION=f"Bearer {on_a_person}").status_code == 401
    assert api.get("/api/v1/me", HTTP_AUTHORIZATION=f"Bearer {never_expires}").status_code == 401
    assert api.get("/api/v1/me", HTTP_AUTHORIZATION=f"Bearer {good}").status_code == 200


def test_last_used_is_written_at_most_once_a_minute(monkeypatch):
    tree = build_tree()
    token, plain = api_token_for(user_with_role("analyst", tree["trust_a"], username="robot"))
    api = Client(HTTP_AUTHORIZATION=f"Bearer {plain}")
    api.get("/api/v1/me")
    first = APIToken.objects.get(pk=token.pk).last_used_at
    api.get("/api/v1/me")
    assert APIToken.objects.get(pk=token.pk).last_used_at == first
    later = first + timedelta(minutes=2)
    monkeypatch.setattr("oversight.accounts.models.tokens.timezone.now", lambda: later)
    api.get("/api/v1/me")
    assert APIToken.objects.get(pk=token.pk).last_used_at == later
