"""Every Django app of the project has the same anatomy, so a new module copies one pattern:

    <app>/models/  services/  forms/  presenters/  views/  api/  jinja2/<app>/  tests/factories.py

An app has only the parts it needs, but each part it has is a package in this shape (docs/architecture.md).
"""

from __future__ import annotations

from pathlib import Path

import pytest
from django.apps import apps

PARTS = ("models", "services", "forms", "presenters", "views", "api")

# Apps that do not conform yet, each with the reason. Remove an entry once its app conforms: the
# test then holds it to the anatomy like every other app.
KNOWN_EXEMPTIONS = {
    # The audit kernel keeps one models.py (the entry and its hash chain) until the security issue
    # that changes its hashing reworks it; its owner converts it then.
    "audit": {"models.py"},
}
# The audit trail's own entries are written by the Auditor, never by factories: its tests (and every
# other app's factories) write through oversight.audit.testing instead.
WITHOUT_FACTORIES = {"audit"}

# core also holds what every app's templates share: the page layout and the components.
SHARED_TEMPLATE_FOLDERS = {"core": {"components", "layouts"}}


def project_apps():
    return [config for config in apps.get_app_configs() if config.name.startswith("oversight.")]


def _ids(configs):
    return [config.label for config in configs]


@pytest.mark.parametrize("config", project_apps(), ids=_ids(project_apps()))
def test_each_part_is_a_package(config):
    root = Path(config.path)
    modules = {f"{part}.py" for part in PARTS if (root / f"{part}.py").exists()}
    unexpected = modules - KNOWN_EXEMPTIONS.get(config.label, set())
    assert not unexpected, f"{config.label}: make {sorted(unexpected)} packages ({config.label}/<part>/__init__.py)"


@pytest.mark.parametrize("config", project_apps(), ids=_ids(project_apps()))
def test_templates_live_under_jinja2_and_the_app_name(config):
    root = Path(config.path)
    assert not (root / "templates").exists(), f"{config.label}: templates go in jinja2/{config.label}/"
    jinja = root / "jinja2"
    if not jinja.exists():
        return
    allowed = {config.label} | SHARED_TEMPLATE_FOLDERS.get(config.label, set())
    stray = sorted(p.name for p in jinja.iterdir() if p.name not in allowed)
    assert not stray, f"{config.label}: jinja2/ holds {stray}; put them in jinja2/{config.label}/"


def _with_models():
    return [c for c in project_apps() if list(c.get_models()) and c.label not in WITHOUT_FACTORIES]


@pytest.mark.parametrize("config", _with_models(), ids=_ids(_with_models()))
def test_an_app_with_models_has_test_factories(config):
    assert (Path(config.path) / "tests" / "factories.py").exists(), f"{config.label}: add tests/factories.py"


def test_the_exemptions_are_still_needed():
    # An exemption that no longer matches anything must be deleted, so the app is held to the anatomy.
    for label, modules in KNOWN_EXEMPTIONS.items():
        root = Path(apps.get_app_config(label).path)
        gone = sorted(m for m in modules if not (root / m).exists())
        assert not gone, f"{label} conforms for {gone} now: remove it from KNOWN_EXEMPTIONS"
