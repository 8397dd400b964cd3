"""The front doors (CLI command list, API router list, URL list) fail loudly.

A module named in any of them that does not import must stop start-up: a swallowed import error
would leave a feature silently missing from the CLI, the API or the site.
"""

from __future__ import annotations

import ast
import subprocess
import sys
from pathlib import Path

import pytest
from django.apps import apps

import oversight
from oversight import cli
from oversight.config import api as api_config

SRC = Path(oversight.__file__).parent
# Every Django app of the project, from INSTALLED_APPS: a new app is held to these rules without a list to edit.
DOMAIN_APPS = sorted(c.label for c in apps.get_app_configs() if c.name.startswith("oversight."))


def test_a_cli_command_module_that_does_not_import_stops_the_cli(monkeypatch):
    monkeypatch.setattr(cli, "COMMANDS", [*cli.COMMANDS, "oversight.surveillance.no_such_command"])
    with pytest.raises(ModuleNotFoundError, match="no_such_command"):
        cli.build_parser()


def test_an_api_router_that_does_not_import_stops_start_up(monkeypatch):
    monkeypatch.setattr(api_config, "ROUTERS", ["oversight.infogov.no_such_api"])
    with pytest.raises(ModuleNotFoundError, match="no_such_api"):
        api_config._register_routers()


def test_every_listed_module_exists_and_imports():
    for name in cli.COMMANDS:
        assert hasattr(__import__(name, fromlist=["register"]), "register"), name
    for name in api_config.ROUTERS:
        module = __import__(name, fromlist=["router"])
        assert module.PREFIX.startswith("/") and module.router is not None, name


def test_a_site_whose_app_urls_do_not_import_does_not_start():
    script = (
        "import django, os; os.environ['DJANGO_SETTINGS_MODULE'] = 'oversight.config.settings.test'; django.setup();"
        "from oversight.config import urls; urls.APP_URLS.append(('x/', 'oversight.workforce.no_such_urls'));"
        "from django.urls import include; [include(m) for _, m in urls.APP_URLS]"
    )
    result = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True)
    assert result.returncode != 0 and "no_such_urls" in result.stderr


def _imports(path: Path) -> set[str]:
    names = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.ImportFrom) and node.module:
            names.add(node.module)
        elif isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names)
    return names


@pytest.mark.parametrize("app", DOMAIN_APPS)
def test_no_domain_app_imports_the_cli(app):
    offenders = [
        str(path.relative_to(SRC)) for path in (SRC / app).rglob("*.py")
        if "tests" not in path.parts  # tests may drive the commands; the app's own code may not
        and any(name == "oversight.cli" or name.startswith("oversight.cli.") for name in _imports(path))
    ]
    assert not offenders


def test_the_analytics_commands_start_without_django():
    # Building the parser imports every command module: none may pull Django in at import time.
    check = (
        "import sys\n"
        "from oversight.cli import build_parser\n"
        "build_parser()\n"
        "import oversight.funnel.command, oversight.funnel.chart\n"  # funnel: CLI and charts, Django-free
        "assert 'django' not in sys.modules, sorted(m for m in sys.modules if m.startswith('django'))[:5]\n"
    )
    result = subprocess.run([sys.executable, "-c", check], capture_output=True, text=True)
    assert result.returncode == 0, result.stderr


def test_every_app_runs_on_postgresql_too():
    # make test runs the database-backed apps' tests a second time on PostgreSQL: an app missing from
    # the Makefile's list would be tested on SQLite only.
    makefile = (SRC.parents[1] / "Makefile").read_text(encoding="utf-8")
    listed = next(line for line in makefile.splitlines() if line.startswith("DJANGO_APPS :="))
    assert sorted(listed.split(":=", 1)[1].split()) == DOMAIN_APPS
