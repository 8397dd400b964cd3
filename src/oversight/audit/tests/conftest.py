"""Fixtures the audit tests share."""

from __future__ import annotations

import pytest


@pytest.fixture
def checkpoint_dir(tmp_path, settings):
    """A checkpoint folder of the test's own (outside the database, as in a deployment)."""
    settings.OVERSIGHT_AUDIT_CHECKPOINT_DIR = str(tmp_path / "checkpoints")
    return tmp_path / "checkpoints"
