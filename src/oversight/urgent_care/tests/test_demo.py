"""The demo step loads SYNTHETIC call events once, marked synthetic."""

from __future__ import annotations

import random

import pytest

from oversight.audit.context import acting_as, system_actor

from .. import demo
from ..models import CallDataLoad

pytestmark = pytest.mark.django_db


class _Region:
    def __init__(self, trust):
        self.main_trust = trust


def test_the_demo_loads_synthetic_calls_once(tree, settings, tmp_path, monkeypatch):
    settings.OVERSIGHT_WAREHOUSE = str(tmp_path / "warehouse.duckdb")
    monkeypatch.setattr(demo, "DEMO_CALLS", 2000)
    with acting_as(system_actor("tests")):
        assert "SYNTHETIC" in demo.build(_Region(tree["trust_a"]), random.Random(1))
        assert "already loaded" in demo.build(_Region(tree["trust_a"]), random.Random(1))
    load = CallDataLoad.objects.get()
    assert load.synthetic and all(c.startswith("SYN") for c in load.contracts)
