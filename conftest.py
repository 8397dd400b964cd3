"""Fixtures every test can use."""

from __future__ import annotations

import pytest

from oversight.shared_data import shared_dir


@pytest.fixture(scope="session")
def shared():
    """The ../shared folder; tests that need it skip, saying why, when it is absent."""
    root = shared_dir()
    if root is None:
        pytest.skip("../shared is not beside this checkout (set OVERSIGHT_SHARED to point at it)")
    return root
