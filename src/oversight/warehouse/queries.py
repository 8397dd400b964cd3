"""Read-side queries, as pandas frames for the surveillance app, reports and SPC."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date

import duckdb
import pandas as pd


def observations(
    con: duckdb.DuckDBPyConnection,
    metric: str | Iterable[str] | None = None,
    orgs: str | Iterable[str] | None = None,
    start: date | str | None = None,
    end: date | str | None = None,
    with_load: bool = False,
) -> pd.DataFrame:
    """org_code, metric, period, numerator, denominator, value, ordered by metric, organisation and month.
    ``start``/``end`` are inclusive months; a value is NaN where it was reported as missing.
    ``with_load`` adds ``load_id``, the load that wrote each value (a report's provenance)."""
    clauses, params = [], []
    for column, wanted in (("metric", metric), ("org_code", orgs)):
        if wanted is not None:
            values = [wanted] if isinstance(wanted, str) else list(wanted)
            clauses.append(f"list_contains(?::VARCHAR[], {column})")
            params.append(values)
    # Periods are months: a date inside a month selects that whole month.
    if start is not None:
        clauses.append("period >= date_trunc('month', ?::DATE)")
        params.append(str(start))
    if end is not None:
        clauses.append("period <= date_trunc('month', ?::DATE)")
        params.append(str(end))
    where = f"WHERE {' AND '.join(clauses)}" if clauses else ""
    return con.execute(
        f"""
        SELECT org_code, metric, period, numerator, denominator, value{", load_id" if with_load else ""}
        FROM observations {where} ORDER BY metric, org_code, period
    """,
        params,
    ).df()


def loads(con: duckdb.DuckDBPyConnection) -> pd.DataFrame:
    return con.execute("SELECT * FROM loads ORDER BY load_id").df()


def revisions(con: duckdb.DuckDBPyConnection, load_id: int | None = None) -> pd.DataFrame:
    where, params = ("WHERE load_id = ?", [load_id]) if load_id is not None else ("", [])
    return con.execute(
        f"SELECT * FROM revisions {where} ORDER BY load_id, metric, org_code, period", params
    ).df()


def organisations(con: duckdb.DuckDBPyConnection, source: str | None = None) -> pd.DataFrame:
    """org_code, source, org_name, parent_name, first_period, last_period (one row per code and source)."""
    where, params = ("WHERE source = ?", [source]) if source is not None else ("", [])
    return con.execute(
        f"""
        SELECT org_code, source, org_name, parent_name, first_period, last_period
        FROM organisations {where} ORDER BY org_code, source
    """,
        params,
    ).df()
