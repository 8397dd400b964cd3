"""Provider metric warehouse: published NHS files in, monthly metric observations out (no Django).

    from oversight.warehouse import Warehouse
    wh = Warehouse(path)                  # the caller names the DuckDB file
    wh.ingest("ae", [path])               # -> list[LoadReport]; all-or-nothing
    wh.observations("ae_4hr_all", orgs=["RJ1"], start="2025-01-01")

See docs/warehouse.md for the data model, the layout rules and the metric definitions.
"""

from oversight.warehouse.catalogue import Catalogue, Metric, Target, load_catalogue
from oversight.warehouse.errors import BadValueError, IngestError, UnknownLayoutError
from oversight.warehouse.provenance import LoadReport
from oversight.warehouse.sources import SOURCES
from oversight.warehouse.store import Warehouse

__all__ = [
    "SOURCES",
    "BadValueError",
    "Catalogue",
    "IngestError",
    "LoadReport",
    "Metric",
    "Target",
    "UnknownLayoutError",
    "Warehouse",
    "load_catalogue",
]
