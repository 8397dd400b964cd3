"""Fixtures and settings every test shares."""

from __future__ import annotations

import os

import pytest
from hypothesis import HealthCheck, settings

from oversight.shared_data import shared_dir

# One Hypothesis profile for the whole suite. No per-example deadline: the suite runs in parallel on
# two cores, and a property must fail on its answer, never on a slow moment of a busy machine.
settings.register_profile(
    "oversight", deadline=None, max_examples=100, suppress_health_check=[HealthCheck.too_slow], print_blob=True
)
settings.register_profile("thorough", parent=settings.get_profile("oversight"), max_examples=1000)
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "oversight"))


def pytest_collection_modifyitems(config, items):
    """Tests of PostgreSQL's own behaviour are left out of the SQLite run (make test runs both
    databases, so each runs once where it means something) rather than skipped."""
    from django.conf import settings as django_settings

    if django_settings.DATABASES["default"]["ENGINE"].endswith("postgresql"):
        return
    left_out = [item for item in items if item.get_closest_marker("postgresql")]
    if left_out:
        config.hook.pytest_deselected(items=left_out)
        items[:] = [item for item in items if not item.get_closest_marker("postgresql")]


@pytest.fixture(scope="session")
def shared():
    """The ../shared folder; tests that need it skip, saying why, when it is absent."""
    root = shared_dir()
    if root is None:
        pytest.skip("../shared is not beside this checkout (set OVERSIGHT_SHARED to point at it)")
    return root
