"""The API documentation the README advertises is served, from the app itself."""

from __future__ import annotations

import re

import pytest

from oversight.testing.factories import build_tree, user_with_role

pytestmark = pytest.mark.django_db


def test_the_api_docs_page_is_served_with_its_scripts_from_the_app(client):
    tree = build_tree()
    client.force_login(user_with_role("analyst", tree["trust_a"]))
    response = client.get("/api/v1/docs")
    assert response.status_code == 200
    page = response.content.decode()
    assert "/static/ninja/swagger-ui-bundle.js" in page
    assert not re.search(r"""(?:src|href)=["']https?://""", page)
    assert client.get("/static/ninja/swagger-ui-bundle.js").status_code == 200
    assert client.get("/api/v1/openapi.json").json()["info"]["title"] == "Oversight API"


def test_the_schema_and_docs_are_not_public(client):
    assert client.get("/api/v1/openapi.json").status_code == 401
    assert client.get("/api/v1/docs").status_code == 401


def test_a_service_account_token_reads_the_schema(client):
    from datetime import timedelta

    from django.utils import timezone

    from oversight.accounts.models import APIToken
    from oversight.testing.factories import UserFactory

    robot = UserFactory(username="robot", is_service_account=True)
    _, plain = APIToken.issue(robot, "schema", expires_at=timezone.now() + timedelta(days=1))
    response = client.get("/api/v1/openapi.json", HTTP_AUTHORIZATION=f"Bearer {plain}")
    assert response.status_code == 200 and response.json()["openapi"].startswith("3.")
