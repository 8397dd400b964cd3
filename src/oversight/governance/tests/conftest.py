"""Fixtures for the governance tests."""

from __future__ import annotations

import pytest

from oversight.audit.context import Actor, acting_as
from oversight.testing.factories import api_token_for, build_tree, user_with_role


@pytest.fixture
def tree(db):
    return build_tree()


@pytest.fixture
def lead(tree):
    """A governance lead at Trust A."""
    return user_with_role("governance_lead", tree["trust_a"], username="lead-a")


@pytest.fixture
def as_lead(lead):
    with acting_as(Actor(user=lead)):
        yield lead


@pytest.fixture
def evidence_storage(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    return settings.MEDIA_ROOT


def bearer(user) -> dict:
    _, token = api_token_for(user)
    return {"HTTP_AUTHORIZATION": f"Bearer {token}"}
