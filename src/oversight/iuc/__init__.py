"""NHS 111 / integrated urgent care (IUC) KPIs, framework-free (no Django): docs/iuc.md.

- :mod:`oversight.iuc.events`: the call-level event schema and its checks (``read_events``, ``check_events``);
- :mod:`oversight.iuc.kpis`: monthly KPIs per contract, service, site and clinician (``monthly_kpis``);
- :mod:`oversight.iuc.store`: those KPIs in the warehouse (``load_events``, ``kpi_series``, ``clinician_kpis``);
- :mod:`oversight.iuc.synthetic`: a seeded generator of SYNTHETIC calls for the demo and the benchmark;
- :mod:`oversight.iuc.adc_items`: the IUC ADC item-number lookup by financial year (the published layout
  itself is read by ``oversight.warehouse.layouts.iuc_adc``).
"""

from oversight.iuc.errors import EventError
from oversight.iuc.events import COLUMNS, Events, check_events, read_events
from oversight.iuc.kpis import LEVELS, monthly_kpis
from oversight.iuc.rules import IucRules, load_rules

_STORE = ("clinician_kpis", "kpi_series", "load_events")


def __getattr__(name: str):
    # The store brings in DuckDB and the warehouse; computing KPIs from a file needs neither, so it is
    # imported on first use (the benchmark's cold start was a third import time).
    if name in _STORE:
        from oversight.iuc import store

        return getattr(store, name)
    raise AttributeError(f"module 'oversight.iuc' has no attribute {name!r}")

__all__ = [
    "COLUMNS",
    "LEVELS",
    "EventError",
    "Events",
    "IucRules",
    "check_events",
    "clinician_kpis",
    "kpi_series",
    "load_events",
    "load_rules",
    "monthly_kpis",
    "read_events",
]
