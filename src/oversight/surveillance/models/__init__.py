"""Surveillance records.

Three kinds of table:

* **Derived caches** (``SPCRun``, ``SeriesResult``, ``ChartCache``): the SPC result of every
  (provider, metric) series in the warehouse, computed once per warehouse load fingerprint. They can be
  deleted at any time and are rebuilt on the next request; they are not audited.
* **Loaded publications** (``NofLoad``, ``NofResult``, ``NofSegmentChange``): NHS England's NOF
  segmentation, one load per published file, with provenance (file name, SHA-256). Loads are recorded in
  the audit trail as data loads.
* **Decisions** (``Escalation``, ``LevelChange``, ``EscalationAction``): surveillance levels and owned
  actions. Governed records: every create, update and delete is audited.

Providers are keyed by their code as the published files give it (``provider_code``); the ODS
organisation is linked when there is one. Independent-sector providers and NHS 111 contract areas have
no ODS record: ``scope_region`` then holds the NHS England region their data places them in, which is
what decides who may see them.
"""

from .escalation import (
    OPEN_STATUSES,
    ActionQuerySet,
    ActionStatus,
    Escalation,
    EscalationAction,
    LevelChange,
    SignalKind,
)
from .nof import NofLoad, NofResult, NofSegmentChange
from .spc import ChartCache, SeriesResult, SPCRun

__all__ = [
    "OPEN_STATUSES", "ActionQuerySet", "ActionStatus", "ChartCache", "Escalation", "EscalationAction", "LevelChange",
    "NofLoad", "NofResult", "NofSegmentChange", "SPCRun", "SeriesResult", "SignalKind",
]  # fmt: skip
