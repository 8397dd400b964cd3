"""``oversight demo`` builds its synthetic region, users and every app's demo records (the README's contract)."""

from __future__ import annotations

import pytest

from oversight.audit.verify import verify_chain
from oversight.demo import build

pytestmark = pytest.mark.django_db


def test_the_demo_builds_without_the_shared_folder_and_writes_an_intact_audit_trail(monkeypatch, settings, tmp_path):
    settings.OVERSIGHT_WAREHOUSE = str(tmp_path / "warehouse.duckdb")
    monkeypatch.setenv("OVERSIGHT_SHARED", str(tmp_path / "no-shared-folder"))  # a lone checkout
    loaded = []
    real_load = build._load_real_statistics

    def spy(summary):
        from oversight.warehouse import demo

        original = demo.load_published
        monkeypatch.setattr(demo, "load_published", lambda path: loaded.append(path) or original(path))
        real_load(summary)

    monkeypatch.setattr(build, "_load_real_statistics", spy)
    summary = build.build_demo(seed=7)
    text = summary.text()
    assert "synthetic" in text and "oversight-demo" in text
    assert {username for username, _ in summary.users} >= {"cmo", "rmd", "governance", "caldicott", "analyst", "board"}
    assert any(line.startswith("governance:") for line in summary.lines)
    assert loaded == [settings.OVERSIGHT_WAREHOUSE]  # the web app's warehouse, not a library default
    assert verify_chain().intact
