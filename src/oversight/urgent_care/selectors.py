"""Reads of the urgent care KPIs by IUC contract, from the metric warehouse.

Published IUC ADC and NHS 111 figures are public aggregate statistics: anyone holding
``view_urgent_care`` (anywhere) may read every contract, so these reads take no scope. Call-level data,
which belongs to the organisation that loaded it, is read through ``calls.py`` with the user's scope.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path

import pandas as pd
from django.conf import settings

from oversight.indicators import Metric, registry
from oversight.warehouse import Warehouse

#: The warehouse sources that publish KPIs per IUC contract and month.
CONTRACT_SOURCES = ("nhs111", "iuc-adc")


@dataclass(frozen=True)
class Contract:
    code: str
    name: str
    region: str


@dataclass(frozen=True)
class LoadFacts:
    load_id: int
    source: str
    file_name: str
    loaded_at: datetime
    first_period: date | None
    last_period: date | None


def warehouse() -> Warehouse:
    return Warehouse(Path(settings.OVERSIGHT_WAREHOUSE))


def contract_metrics() -> tuple[Metric, ...]:
    """The registered KPIs published per contract, in registry order."""
    return registry().sources(*CONTRACT_SOURCES)


def contract_metric(code: str) -> Metric | None:
    return next((m for m in contract_metrics() if m.code == code), None)


def contracts() -> list[Contract]:
    """Every IUC contract the warehouse holds figures for, by name (one row per code)."""
    frames = [warehouse().organisations(source) for source in CONTRACT_SOURCES]
    found: dict[str, Contract] = {}
    for frame in frames:
        for row in frame.itertuples(index=False):
            found.setdefault(row.org_code, Contract(row.org_code, _text(row.org_name) or row.org_code, _text(row.parent_name)))
    return sorted(found.values(), key=lambda c: (c.name.lower(), c.code))


def contract(code: str) -> Contract | None:
    return next((c for c in contracts() if c.code == code), None)


def observations(metrics: list[str], codes: list[str] | None = None, start: date | None = None,
                 end: date | None = None) -> pd.DataFrame:  # fmt: skip
    """org_code, metric, period, numerator, denominator, value, load_id of the contract KPIs asked for."""
    if not metrics:
        return pd.DataFrame(columns=["org_code", "metric", "period", "numerator", "denominator", "value", "load_id"])
    return warehouse().observations(metrics, orgs=codes, start=start, end=end, with_load=True)


def loads() -> dict[int, LoadFacts]:
    """The loads of the contract sources, by id: which file wrote a figure and when."""
    frame = warehouse().loads()
    frame = frame[frame["source"].isin(CONTRACT_SOURCES)]
    return {
        int(r.load_id): LoadFacts(int(r.load_id), r.source, r.file_name, pd.Timestamp(r.loaded_at).to_pydatetime(),
                                  _day(r.first_period), _day(r.last_period))
        for r in frame.itertuples(index=False)
    }  # fmt: skip


def latest_loads() -> list[LoadFacts]:
    """The newest load of each contract source, for "where the figures come from"."""
    newest: dict[str, LoadFacts] = {}
    for facts in loads().values():
        if facts.source not in newest or facts.loaded_at > newest[facts.source].loaded_at:
            newest[facts.source] = facts
    return [newest[s] for s in CONTRACT_SOURCES if s in newest]


def _text(value) -> str:
    return "" if value is None or (isinstance(value, float) and pd.isna(value)) else str(value).strip()


def _day(value) -> date | None:
    return None if value is None or pd.isna(value) else pd.Timestamp(value).date()
