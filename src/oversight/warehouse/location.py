"""Where the warehouse file lives when the caller does not say."""

from __future__ import annotations

import os
from pathlib import Path

from oversight.shared_data import PROJECT_ROOT

ENV_VAR = "OVERSIGHT_WAREHOUSE"


def default_warehouse_path() -> Path:
    """``$OVERSIGHT_WAREHOUSE``, else ``<project root>/var/warehouse.duckdb``; the folder is created."""
    configured = os.environ.get(ENV_VAR)
    path = Path(configured).expanduser() if configured else PROJECT_ROOT / "var" / "warehouse.duckdb"
    path.parent.mkdir(parents=True, exist_ok=True)
    return path
