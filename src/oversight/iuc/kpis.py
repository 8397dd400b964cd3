"""Monthly IUC KPIs from checked call events, per contract, service, site and clinician, in one DuckDB pass.

Every KPI is a count of calls that met a standard (numerator) over the calls it applies to (denominator),
so levels can be summed and funnels drawn; ``value`` is their ratio. Output: a long Polars frame
``period, level, key, kpi, numerator, denominator, value`` (docs/iuc.md#kpis). A KPI with no calls it
applies to has no row (not 0%); a KPI whose input column the file did not carry is not computed.

The limits come from ``rules.toml`` (docs/rules/urgent-care.md); the next working day from a calendar table
joined in SQL (oversight.iuc.calendar). No per-row Python.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import timedelta

import duckdb
import polars as pl

from oversight.iuc.calendar import next_working_days
from oversight.iuc.events import Events
from oversight.iuc.rules import IucRules, default_rules

LEVELS = ("contract", "service", "site", "clinician")
_LEVEL_COLUMN = {"contract": "contract", "service": "service", "site": "site", "clinician": "clinician_id"}
CALL_HANDLING = ("contract", "service", "site")  # answering is the call handlers' work, not a clinician's
OUTPUT_SCHEMA = {
    "period": pl.Date,
    "level": pl.String,
    "key": pl.String,
    "kpi": pl.String,
    "numerator": pl.Float64,
    "denominator": pl.Float64,
    "value": pl.Float64,
}


@dataclass(frozen=True)
class Kpi:
    code: str
    numerator: str  # SQL boolean over the per-call view ``c``
    denominator: str | None  # SQL boolean; None for a count (value = numerator)
    needs: tuple[str, ...] = ()  # optional event columns the KPI reads
    levels: tuple[str, ...] = LEVELS


def kpi_definitions(rules: IucRules) -> tuple[Kpi, ...]:
    """The KPIs, their SQL and the levels they are reported at (codes registered in urgent_care.toml)."""
    urgent = _sql_list(rules.urgent_priorities)
    call_back = f"call_back_at <= clock + INTERVAL {rules.call_back_minutes} MINUTE"
    assessed = "definitive_assessment_at IS NOT NULL"
    urgent_in = f"definitive_assessment_at <= clock + INTERVAL {rules.urgent_assessment_minutes} MINUTE"
    other_in = f"definitive_assessment_at <= clock + INTERVAL {rules.other_assessment_minutes} MINUTE"
    validate = f"disposition IN {_sql_list(rules.validation_dispositions)}"
    kpis = [
        Kpi("iuc_calls_received", "TRUE", None, levels=CALL_HANDLING),
        Kpi("iuc_answered_60s", f"answered AND answered_at <= received_at + INTERVAL {rules.answered_within_seconds} SECOND",
            "answered", levels=CALL_HANDLING),
        Kpi("iuc_abandoned_30s", f"abandoned AND abandoned_at > received_at + INTERVAL {rules.abandoned_after_seconds} SECOND",
            "TRUE", levels=CALL_HANDLING),
        Kpi("iuc_clinical_input", "clinical", "answered", levels=CALL_HANDLING),
        Kpi("iuc_call_back_in_time", call_back, "call_back_at IS NOT NULL", ("call_back_at",)),
    ]  # fmt: skip
    kpis += [
        Kpi(f"iuc_call_back_in_time_{p}", f"{call_back} AND priority = '{p}'",
            f"call_back_at IS NOT NULL AND priority = '{p}'", ("call_back_at",))
        for p in rules.priorities
    ]  # fmt: skip
    kpis += [
        Kpi("iuc_assessment_in_time", f"CASE WHEN priority IN {urgent} THEN {urgent_in} ELSE {other_in} END", assessed,
            ("definitive_assessment_at",)),
        Kpi("iuc_assessment_urgent_in_time", urgent_in, f"{assessed} AND priority IN {urgent}", ("definitive_assessment_at",)),
        Kpi("iuc_assessment_other_in_time", other_in, f"{assessed} AND priority NOT IN {urgent}", ("definitive_assessment_at",)),
    ]  # fmt: skip
    kpis += [
        Kpi(f"iuc_face_to_face_in_time_{h}h", f"face_to_face_at <= clock + INTERVAL {h} HOUR",
            f"face_to_face_within_hours = {h}", ("face_to_face_within_hours",))
        for h in rules.face_to_face_tiers
    ]  # fmt: skip
    kpis += [
        Kpi("iuc_practice_notified_in_time", "practice_notified_at <= practice_deadline", "clinical",
            ("practice_notified_at",)),
        Kpi("iuc_validated_in_time", f"validated_at <= clock + INTERVAL {rules.validation_minutes} MINUTE", validate,
            ("validated_at",)),
    ]  # fmt: skip
    kpis += [Kpi(f"iuc_disposition_{d}", f"disposition = '{d}'", "answered") for d in rules.dispositions]
    return tuple(kpis)


def monthly_kpis(
    events: Events, by: Sequence[str] = LEVELS, rules: IucRules | None = None, *, threads: int | None = None
) -> pl.DataFrame:
    """The long KPI frame for the levels in ``by`` (any of contract, service, site, clinician)."""
    rules = rules or default_rules()
    unknown = [level for level in by if level not in LEVELS]
    if unknown:
        raise ValueError(f"unknown level(s) {unknown}; choose from {', '.join(LEVELS)}")
    kpis = [k for k in kpi_definitions(rules) if all(n in events.present for n in k.needs)]
    if events.calls == 0 or not by:
        return pl.DataFrame(schema=OUTPUT_SCHEMA)
    con = duckdb.connect()
    try:
        if threads:
            con.execute(f"SET threads = {int(threads)}")
        con.register("events", events.frame)
        con.register("calendar", _calendar(events))
        sums = pl.from_arrow(con.sql(_aggregate_sql(kpis, by, rules)).to_arrow_table())
    finally:
        con.close()
    return _long(sums, kpis, by)


def _calendar(events: Events) -> pl.DataFrame:
    days = events.frame.select(
        pl.min_horizontal(pl.col("received_at").min()).dt.date().alias("first"),
        pl.max_horizontal(pl.col(c).max() for c in ("received_at", "call_back_at", "definitive_assessment_at",
                                                    "face_to_face_at")).dt.date().alias("last"),
    ).row(0)  # fmt: skip
    return next_working_days(days[0], days[1] + timedelta(days=1))


def _aggregate_sql(kpis: Iterable[Kpi], by: Sequence[str], rules: IucRules) -> str:
    sums = []
    for k in kpis:
        sums.append(f"count(*) FILTER (WHERE {k.numerator}) AS \"{k.code}__n\"")
        if k.denominator is not None:
            sums.append(f"count(*) FILTER (WHERE {k.denominator}) AS \"{k.code}__d\"")
    sets = ", ".join(f"(period, {_LEVEL_COLUMN[level]})" for level in by)
    keys = ", ".join(_LEVEL_COLUMN[level] for level in by)
    clock = rules.clock_starts_at
    return f"""
        WITH c AS (
            SELECT e.*,
                CAST(date_trunc('month', received_at) AS DATE) AS period,
                NOT abandoned AS answered,
                {clock} AS clock,
                (call_back_at IS NOT NULL OR definitive_assessment_at IS NOT NULL) AS clinical,
                CAST(cal.next_working_day AS TIMESTAMP) + INTERVAL {rules.practice_by_hour} HOUR AS practice_deadline
            FROM events e
            LEFT JOIN calendar cal
              ON cal.day = CAST(greatest(call_back_at, definitive_assessment_at, face_to_face_at) AS DATE)
        )
        SELECT period, {keys}, {", ".join(sums)}
        FROM c GROUP BY GROUPING SETS ({sets})
    """


def _long(sums: pl.DataFrame, kpis: Sequence[Kpi], by: Sequence[str]) -> pl.DataFrame:
    parts = []
    for level in by:
        column = _LEVEL_COLUMN[level]
        others = [_LEVEL_COLUMN[o] for o in by if o != level]
        rows = sums.filter(pl.col(column).is_not_null() & pl.all_horizontal([pl.col(o).is_null() for o in others] or [True]))
        for k in kpis:
            if level not in k.levels:
                continue
            numerator = pl.col(f"{k.code}__n").cast(pl.Float64)
            denominator = pl.col(f"{k.code}__d").cast(pl.Float64) if k.denominator else pl.lit(None, pl.Float64)
            part = rows.select(
                pl.col("period"), pl.lit(level).alias("level"), pl.col(column).alias("key"), pl.lit(k.code).alias("kpi"),
                numerator.alias("numerator"), denominator.alias("denominator"),
                (numerator / denominator if k.denominator else numerator).alias("value"),
            )  # fmt: skip
            parts.append(part.filter(pl.col("denominator").is_null() | (pl.col("denominator") > 0)) if k.denominator else part)
    if not parts:
        return pl.DataFrame(schema=OUTPUT_SCHEMA)
    return pl.concat(parts).sort("level", "kpi", "key", "period")


def _sql_list(values: Iterable[str]) -> str:
    return "(" + ", ".join(f"'{v}'" for v in values) + ")"
