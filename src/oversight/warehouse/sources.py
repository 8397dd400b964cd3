"""The published sources the warehouse can ingest, by the name the command line and callers use."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from types import MappingProxyType

from oversight.warehouse.catalogue import Catalogue
from oversight.warehouse.headers import first_fit
from oversight.warehouse.layouts import ae_nhse, ae_tidy, iuc_adc, nhs111, rtt
from oversight.warehouse.layouts.extract import Extract
from oversight.warehouse.reading import Table

Loader = Callable[[Table, Catalogue], Extract]


@dataclass(frozen=True)
class Source:
    name: str
    description: str
    load: Loader
    organisations: str  # the code system its organisation codes belong to ("ae" for both A&E layouts)


def _ae(table: Table, catalogue: Catalogue) -> Extract:
    """NHS England's monthly CSV, or the tidy NHS-R layout when the header row is that one."""
    if first_fit(table.frame.columns, ae_tidy.RULES):
        return ae_tidy.load(table, catalogue)
    return ae_nhse.load(table, catalogue)


SOURCES: Mapping[str, Source] = MappingProxyType(
    {
        "ae": Source(
            "ae",
            "Monthly A&E attendances and emergency admissions (NHS England CSV; tidy layout detected)",
            _ae,
            "ae",
        ),
        "ae-tidy": Source(
            "ae-tidy",
            "Monthly A&E in the tidy NHS-R layout (period, org_code, type, ...)",
            ae_tidy.load,
            "ae",
        ),
        "rtt": Source("rtt", "RTT waiting times full extract (CSV, zipped CSV or parquet)", rtt.load, "rtt"),
        "nhs111": Source(
            "nhs111", "NHS 111 / IUC daily call handling by contract area", nhs111.load, "nhs111"
        ),
        "iuc-adc": Source(
            "iuc-adc", "IUC Aggregate Data Collection, long CSV (contract x month x item)", iuc_adc.load, "iuc-adc"
        ),
    }
)


def source(name: str) -> Source:
    try:
        return SOURCES[name]
    except KeyError:
        raise ValueError(f"unknown source {name!r}; known sources: {', '.join(SOURCES)}") from None
