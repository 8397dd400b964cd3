"""Scoped reads of the call-level KPIs (oversight.iuc.store): call data belongs to the organisation
that loaded it, so a reader sees only the contracts, services, sites and clinicians of loads made for
organisations where they hold the capability. Per-clinician figures need view_clinician_performance."""

from __future__ import annotations

from datetime import date

import polars as pl
from django.conf import settings

from oversight.accounts.access import scope_ids
from oversight.accounts.roles import Capability as C
from oversight.indicators import Metric, registry
from oversight.iuc import clinician_kpis, kpi_series

from .models import CallDataLoad

LEVELS = {"contract": "contracts", "service": "services", "site": "sites"}
LEVEL_LABELS = {"contract": "Contract", "service": "Service", "site": "Site"}


def loads_in_scope(user, capability: str = C.VIEW_URGENT_CARE):
    return CallDataLoad.objects.filter(organisation_id__in=scope_ids(user, capability)).select_related("organisation")


def keys_in_scope(user, field: str, capability: str = C.VIEW_URGENT_CARE) -> list[str]:
    found: set[str] = set()
    for values in loads_in_scope(user, capability).values_list(field, flat=True):
        found.update(values)
    return sorted(found)


def service_kpis(user, level: str, kpi: str | None = None, start: date | None = None, end: date | None = None) -> pl.DataFrame:
    """Monthly KPIs at ``level`` (contract, service or site) for the keys the user may see."""
    keys = keys_in_scope(user, LEVELS[level])  # none in scope: an empty list, so no rows
    return kpi_series(settings.OVERSIGHT_WAREHOUSE, level, kpi=kpi, keys=keys, start=start, end=end)


def clinicians_kpis(user, kpi: str | None = None, period: date | None = None) -> pl.DataFrame:
    """Per-clinician KPIs for the clinicians of loads the user holds view_clinician_performance for."""
    ids = keys_in_scope(user, "clinicians", C.VIEW_CLINICIAN_PERFORMANCE)
    return clinician_kpis(settings.OVERSIGHT_WAREHOUSE, clinicians=ids, kpi=kpi, period=period)


def kpi_metric(code: str) -> Metric | None:
    """The registered indicator of a call KPI (indicators/metrics/urgent_care.toml), when registered."""
    return registry().get(code)


def kpi_label(code: str) -> str:
    metric = kpi_metric(code)
    return metric.label if metric else code.removeprefix("iuc_").replace("_", " ").capitalize()
