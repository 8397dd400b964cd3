"""Production settings refuse to start on a published or weak key, or on a database other than PostgreSQL;
the servers' entry points never fall back to the local settings."""

from __future__ import annotations

import os
import subprocess
import sys

import pytest

STRONG_KEY = "q7Vb-2mZr9Lx_tW4pK8sN3cYf6hJ0dGaE1uQiRoTyXvB5nMwCzl"
POSTGRES = "postgres://app@127.0.0.1:5432/oversight"
STRONG_AUDIT_KEY = "Zp3-kW8qLr2_xT6vNb9cYm4hJ7sDf1gQaE5uRiOtUyXwB0nMlCe"


def _import_production(**environment) -> subprocess.CompletedProcess:
    env = {key: value for key, value in os.environ.items() if key not in {"DJANGO_SECRET_KEY", "DATABASE_URL", "OVERSIGHT_AUDIT_KEY"}}
    env.update(environment)
    env["DJANGO_SETTINGS_MODULE"] = "oversight.config.settings.production"
    script = "import django; from django.conf import settings; settings.SECRET_KEY; print('started')"
    return subprocess.run([sys.executable, "-c", script], env=env, capture_output=True, text=True, check=False)


@pytest.mark.parametrize(
    ("environment", "message"),
    [
        ({"DATABASE_URL": POSTGRES}, "DJANGO_SECRET_KEY must be set"),
        ({"DATABASE_URL": POSTGRES, "DJANGO_SECRET_KEY": "local-development-only-not-a-secret"}, "published"),
        ({"DATABASE_URL": POSTGRES, "DJANGO_SECRET_KEY": "short-key"}, "too weak"),
        ({"DATABASE_URL": POSTGRES, "DJANGO_SECRET_KEY": "a" * 60}, "too weak"),
        ({"DJANGO_SECRET_KEY": STRONG_KEY}, "DATABASE_URL must point at PostgreSQL"),
        ({"DJANGO_SECRET_KEY": STRONG_KEY, "DATABASE_URL": "sqlite:////tmp/x.sqlite3"}, "must be a PostgreSQL URL"),
        ({"DJANGO_SECRET_KEY": STRONG_KEY, "DATABASE_URL": POSTGRES}, "OVERSIGHT_AUDIT_KEY must be set"),
        ({"DJANGO_SECRET_KEY": STRONG_KEY, "DATABASE_URL": POSTGRES,
          "OVERSIGHT_AUDIT_KEY": "local-audit-key-not-a-secret"}, "published"),
        ({"DJANGO_SECRET_KEY": STRONG_KEY, "DATABASE_URL": POSTGRES, "OVERSIGHT_AUDIT_KEY": "b" * 60}, "too weak"),
        ({"DJANGO_SECRET_KEY": STRONG_KEY, "DATABASE_URL": POSTGRES, "OVERSIGHT_AUDIT_KEY": STRONG_KEY},
         "must differ from DJANGO_SECRET_KEY"),
    ],
)
def test_production_refuses_to_start(environment, message):
    result = _import_production(**environment)
    assert result.returncode != 0 and message in result.stderr


def test_production_starts_with_a_strong_key_and_postgresql():
    result = _import_production(DJANGO_SECRET_KEY=STRONG_KEY, DATABASE_URL=POSTGRES, OVERSIGHT_AUDIT_KEY=STRONG_AUDIT_KEY)
    assert result.returncode == 0, result.stderr
    assert "started" in result.stdout


@pytest.mark.parametrize("module", ["oversight.config.wsgi", "oversight.config.asgi"])
def test_the_server_entry_points_default_to_production_settings(module):
    env = {key: value for key, value in os.environ.items()
           if key not in {"DJANGO_SETTINGS_MODULE", "DJANGO_SECRET_KEY", "DATABASE_URL"}}
    result = subprocess.run([sys.executable, "-c", f"import {module}"], env=env, capture_output=True, text=True,
                            check=False)
    assert result.returncode != 0 and "DJANGO_SECRET_KEY must be set in production" in result.stderr


def test_an_installed_copy_must_name_its_settings(monkeypatch, tmp_path):
    from oversight.config import paths

    monkeypatch.delenv("DJANGO_SETTINGS_MODULE", raising=False)
    assert paths.settings_module() == paths.LOCAL_SETTINGS  # a source checkout: the developer's default
    monkeypatch.setattr(paths, "PROJECT_ROOT", tmp_path)  # e.g. site-packages on a server
    with pytest.raises(SystemExit, match="set DJANGO_SETTINGS_MODULE"):
        paths.settings_module()
    monkeypatch.setenv("DJANGO_SETTINGS_MODULE", "oversight.config.settings.production")
    assert paths.settings_module() == "oversight.config.settings.production"
