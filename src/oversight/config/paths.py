"""Where the project keeps its files, decided once from the environment (no Django import).

The settings, the CLI (which may run without Django) and the demo all ask here, so the web app
and ``oversight ingest`` always agree on the same warehouse file. Libraries never call this:
they receive paths from their caller.
"""

from __future__ import annotations

import os
from pathlib import Path

PROJECT_ROOT = Path(__file__).resolve().parents[3]


def var_dir() -> Path:
    """``OVERSIGHT_VAR_DIR``, else ``<project>/var``: the embedded database, warehouse and uploads."""
    configured = os.environ.get("OVERSIGHT_VAR_DIR")
    return Path(configured).expanduser() if configured else PROJECT_ROOT / "var"


def warehouse_path() -> Path:
    """``OVERSIGHT_WAREHOUSE``, else ``warehouse.duckdb`` in the var folder."""
    configured = os.environ.get("OVERSIGHT_WAREHOUSE")
    return Path(configured).expanduser() if configured else var_dir() / "warehouse.duckdb"


def shared_dir_candidate() -> Path:
    """``OVERSIGHT_SHARED``, else ``../shared`` beside the checkout (it may not exist)."""
    configured = os.environ.get("OVERSIGHT_SHARED")
    return Path(configured).expanduser() if configured else PROJECT_ROOT.parent / "shared"


def deadlines_file() -> str:
    """``OVERSIGHT_DEADLINES_FILE``: a deadlines TOML replacing the packaged one; "" for the packaged one."""
    return os.environ.get("OVERSIGHT_DEADLINES_FILE", "")


def reference_dir() -> str:
    """``OVERSIGHT_REFERENCE_DIR``: a folder of reference TOML files replacing the packaged ones; "" for those."""
    return os.environ.get("OVERSIGHT_REFERENCE_DIR", "")


LOCAL_SETTINGS = "oversight.config.settings.local"


def in_checkout() -> bool:
    """Running from a source checkout (a developer's machine, the demo, CI), not an installed package."""
    return (PROJECT_ROOT / "pyproject.toml").is_file() and (PROJECT_ROOT / "src" / "oversight").is_dir()


def settings_module() -> str:
    """``DJANGO_SETTINGS_MODULE``; else the local settings, but only in a source checkout. An installed
    copy (a server) must say which settings it runs with: falling back to the local ones would run it
    on their published keys and a SQLite file."""
    chosen = os.environ.get("DJANGO_SETTINGS_MODULE")
    if chosen:
        return chosen
    if in_checkout():
        return LOCAL_SETTINGS
    raise SystemExit("oversight: set DJANGO_SETTINGS_MODULE (oversight.config.settings.production on a server)")
