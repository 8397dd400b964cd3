"""IUC call KPIs in the warehouse file: written per load, read back as Polars frames for the pages.

Write: :func:`load_events` checks a call-event file, computes its monthly KPIs and writes them in one
transaction (all or nothing): contract, service and site rows to ``iuc_kpis`` (contract rows also to
``observations``, org_code = contract code, so the surveillance and indicator machinery reads them like
any published series), clinician rows to the separate ``iuc_clinician_kpis`` table, and a provenance row to
``loads`` (source "iuc-calls"). A file speaks for the (key, month) pairs it has: a later file replaces
those and leaves every other contract's months alone. Loading the same file again writes nothing.

Read: :func:`kpi_series` (contract/service/site) and :func:`clinician_kpis` (personal data: callers must
check the viewer may see that clinician, and audit the view). Both accept a warehouse path or an open
DuckDB connection and return ``period, level|clinician_id, key, kpi, numerator, denominator, value``.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import date
from pathlib import Path

import duckdb
import polars as pl

from oversight.iuc.events import Events, read_events
from oversight.iuc.kpis import monthly_kpis
from oversight.iuc.rules import IucRules
from oversight.warehouse import merge
from oversight.warehouse.layouts.extract import Extract
from oversight.warehouse.provenance import file_already_loaded, record_load
from oversight.warehouse.reading import FileFacts, file_facts
from oversight.warehouse.schema import ensure_schema

SOURCE = "iuc-calls"
LAYOUT = "iuc-call-events"
SERVICE_LEVELS = ("contract", "service", "site")
Connectable = str | Path | duckdb.DuckDBPyConnection


@dataclass(frozen=True)
class CallLoadReport:
    file: str
    load_id: int | None  # None: this exact file was loaded before and nothing changed
    calls: int
    periods: tuple[date, ...]
    service_rows: int
    clinician_rows: int

    def summary(self) -> str:
        months = ", ".join(p.strftime("%Y-%m") for p in self.periods)
        done = "already loaded, nothing written" if self.load_id is None else f"load {self.load_id}"
        return (f"{SOURCE} {self.file}: {self.calls} calls; months {months}; {self.service_rows} contract/service/site "
                f"KPI values, {self.clinician_rows} clinician KPI values; {done}")  # fmt: skip


def load_events(
    source: str | Path | Events, warehouse: str | Path, rules: IucRules | None = None, *, file: FileFacts | None = None
) -> CallLoadReport:
    """Write the monthly KPIs of a call-event file: ``source`` is its path (CSV or Parquet, checked here) or
    :class:`Events` already checked by :func:`read_events` (so a caller that checked the file first, to refuse
    it before queueing work, does not read it again), with ``file``, the file's facts for provenance (its
    path, SHA-256 and size). Raises EventError (nothing written) on a bad row; the warehouse file is opened
    only after the whole file has been checked."""
    events, facts = _checked(source, rules, file)
    kpis = monthly_kpis(events, rules=rules)
    service = kpis.filter(pl.col("level").is_in(SERVICE_LEVELS))
    clinicians = _with_clinician_type(kpis.filter(pl.col("level") == "clinician"), events)
    target = Path(warehouse)
    target.parent.mkdir(parents=True, exist_ok=True)
    with duckdb.connect(str(target)) as con:
        ensure_schema(con)
        con.begin()
        try:
            load_id = _write(con, facts, events, service, clinicians)
            con.commit()
        except BaseException:
            con.rollback()
            raise
    periods = tuple(sorted(kpis["period"].unique().to_list()))
    return CallLoadReport(events.file, load_id, events.calls, periods, service.height, clinicians.height)


def _checked(source: str | Path | Events, rules: IucRules | None, file: FileFacts | None) -> tuple[Events, FileFacts]:
    if isinstance(source, Events):
        if file is None:
            # The provenance row and "loaded before" test need the file's hash: a frame alone has none.
            raise TypeError("load_events(events, ...) needs file=FileFacts(path, sha256, size) of the checked file")
        return source, file
    # Polars reads the file for the checks; the provenance needs only its hash, read in blocks.
    return read_events(source, rules), file or file_facts(source)


def _with_clinician_type(rows: pl.DataFrame, events: Events) -> pl.DataFrame:
    types = (
        events.frame.filter(pl.col("clinician_id").is_not_null())
        .group_by(pl.col("received_at").dt.month_start().dt.date().alias("period"), pl.col("clinician_id").cast(pl.String))
        .agg(pl.col("clinician_type").cast(pl.String).mode().sort().first())
    )
    return rows.rename({"key": "clinician_id"}).drop("level").join(types, on=["period", "clinician_id"], how="left")


def _write(con, facts: FileFacts, events: Events, service: pl.DataFrame, clinicians: pl.DataFrame) -> int | None:
    extract = _contract_extract(events, service)
    diff = _stage_contract_observations(con, extract)
    changes = _differs(con, service, clinicians)  # before the fetchone below leaves a result pending
    if not changes and file_already_loaded(con, SOURCE, facts.sha256):
        return None
    load_id = record_load(con, SOURCE, facts, extract, diff)
    merge.apply(con, load_id)
    merge.upsert_organisations(con, extract, SOURCE, load_id)
    _replace(con, "iuc_kpis", service, ["level", "key"], load_id)
    _replace(con, "iuc_clinician_kpis", clinicians, ["clinician_id"], load_id)
    return load_id


def _contract_extract(events: Events, service: pl.DataFrame) -> Extract:
    contract = service.filter(pl.col("level") == "contract")
    organisations = contract.select(
        pl.col("key").alias("org_code"), pl.lit(None, pl.String).alias("org_name"),
        pl.lit(None, pl.String).alias("parent_name"), "period",
    ).unique()  # fmt: skip
    return Extract(
        layout=LAYOUT,
        file=events.file,
        rows_read=events.calls,
        rows_excluded=0,
        observations=contract.select(
            pl.col("key").alias("org_code"), pl.col("kpi").alias("metric"), "period", "numerator", "denominator", "value"
        ),
        organisations=organisations,
        metrics=tuple(sorted(contract["kpi"].unique().to_list())),
        periods=tuple(sorted(contract["period"].unique().to_list())),
    )


def _stage_contract_observations(con, extract: Extract) -> dict[str, int]:
    """merge.stage scopes a file to metric x month for every organisation (a national publication); a
    provider's call extract speaks only for its own contracts, so other contracts' values are not 'removed'."""
    merge.stage(con, extract)
    contracts = extract.organisations["org_code"].unique().to_list()
    con.execute("DELETE FROM diff WHERE change = 'removed' AND NOT list_contains(?::VARCHAR[], org_code)", [contracts])
    counts = dict(con.execute("SELECT change, count(*) FROM diff GROUP BY change").fetchall())
    return {"new": counts.get("new", 0) + counts.get("added", 0), "changed": counts.get("changed", 0),
            "removed": counts.get("removed", 0), "unchanged": counts.get("unchanged", 0)}  # fmt: skip


def _differs(con, service: pl.DataFrame, clinicians: pl.DataFrame) -> bool:
    """Whether writing would change anything (the same file loaded again normally changes nothing)."""
    con.register("incoming_service", service)
    con.register("incoming_clinicians", clinicians)
    try:
        changed = con.execute("""
            SELECT (SELECT count(*) FROM (SELECT period, level, key, kpi, numerator, denominator FROM incoming_service
                    EXCEPT SELECT period, level, key, kpi, numerator, denominator FROM iuc_kpis))
                 + (SELECT count(*) FROM (SELECT period, clinician_id, kpi, numerator, denominator FROM incoming_clinicians
                    EXCEPT SELECT period, clinician_id, kpi, numerator, denominator FROM iuc_clinician_kpis))
        """).fetchall()[0][0]  # fmt: skip
    finally:
        con.unregister("incoming_service")
        con.unregister("incoming_clinicians")
    return bool(changed)


def _replace(con, table: str, rows: pl.DataFrame, keys: list[str], load_id: int) -> None:
    """Replace the (key, month) pairs the file has, every KPI of them: a KPI the new file no longer supports
    for that pair goes too, so the table never mixes two loads' views of one month."""
    con.register("incoming", rows)
    try:
        on = " AND ".join(f"t.{k} = s.{k}" for k in [*keys, "period"])
        con.execute(f"DELETE FROM {table} t USING (SELECT DISTINCT {', '.join(keys)}, period FROM incoming) s WHERE {on}")
        columns = list(rows.columns)
        con.execute(f"INSERT INTO {table} ({', '.join(columns)}, load_id) SELECT {', '.join(columns)}, ? FROM incoming",
                    [load_id])  # fmt: skip
    finally:
        con.unregister("incoming")


# ---------------------------------------------------------------------------------------------- read --


def kpi_series(
    warehouse: Connectable,
    level: str,
    kpi: str | Iterable[str] | None = None,
    keys: str | Iterable[str] | None = None,
    start: date | None = None,
    end: date | None = None,
) -> pl.DataFrame:
    """Monthly contract, service or site KPIs: period, level, key, kpi, numerator, denominator, value, load_id,
    ordered by kpi, key and period. Empty (with those columns) when nothing is loaded."""
    if level not in SERVICE_LEVELS:
        raise ValueError(f"level must be one of {', '.join(SERVICE_LEVELS)} (clinicians: clinician_kpis)")
    where, params = _filters({"kpi": kpi, "key": keys}, start, end)
    return _query(warehouse, "iuc_kpis", f"level = ? {where}", [level, *params], "kpi, key, period")


def clinician_kpis(
    warehouse: Connectable,
    clinicians: str | Iterable[str] | None = None,
    period: date | None = None,
    kpi: str | Iterable[str] | None = None,
    start: date | None = None,
    end: date | None = None,
) -> pl.DataFrame:
    """Per-clinician KPIs (personal data): period, clinician_id, clinician_type, kpi, numerator, denominator,
    value, load_id. ``period`` picks one month; ``start``/``end`` a range (inclusive months)."""
    if period is not None:
        start = end = period
    where, params = _filters({"kpi": kpi, "clinician_id": clinicians}, start, end)
    return _query(warehouse, "iuc_clinician_kpis", f"TRUE {where}", params, "kpi, clinician_id, period")


def _filters(wanted: dict[str, str | Iterable[str] | None], start: date | None, end: date | None) -> tuple[str, list]:
    clauses, params = [], []
    for column, values in wanted.items():
        if values is not None:
            clauses.append(f"list_contains(?::VARCHAR[], {column})")
            params.append([values] if isinstance(values, str) else list(values))
    if start is not None:
        clauses.append("period >= date_trunc('month', ?::DATE)")
        params.append(str(start))
    if end is not None:
        clauses.append("period <= date_trunc('month', ?::DATE)")
        params.append(str(end))
    return "".join(f" AND {c}" for c in clauses), params


def _query(warehouse: Connectable, table: str, where: str, params: list, order: str) -> pl.DataFrame:
    with _reading(warehouse) as con:
        result = con.sql(f"SELECT * FROM {table} WHERE {where} ORDER BY {order}", params=params)
        return pl.from_arrow(result.to_arrow_table())


@contextmanager
def _reading(warehouse: Connectable) -> Iterator[duckdb.DuckDBPyConnection]:
    """An open connection is used as given; a path is opened read-only. An absent file, or one written
    before these tables existed, reads as empty tables (an in-memory schema)."""
    if isinstance(warehouse, duckdb.DuckDBPyConnection) and _has_tables(warehouse):
        yield warehouse
        return
    path = None if isinstance(warehouse, duckdb.DuckDBPyConnection) else Path(warehouse)
    con = duckdb.connect(str(path), read_only=True) if path is not None and path.exists() else duckdb.connect()
    try:
        if not _has_tables(con):
            con.close()
            con = duckdb.connect()
            ensure_schema(con)
        yield con
    finally:
        con.close()


def _has_tables(con: duckdb.DuckDBPyConnection) -> bool:
    found = con.execute(
        "SELECT count(*) FROM information_schema.tables WHERE table_name IN ('iuc_kpis', 'iuc_clinician_kpis')"
    ).fetchall()[0][0]
    return found == 2
