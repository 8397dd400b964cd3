"""Monthly IUC KPIs from checked call events, per contract, service, site and clinician.

Every KPI is a count of calls that met a standard (numerator) over the calls it applies to (denominator),
so levels can be summed and funnels drawn; ``value`` is their ratio. Output: a long Polars frame
``period, level, key, kpi, numerator, denominator, value`` (docs/iuc.md#kpis). A KPI with no calls it
applies to has no row (not 0%); a KPI whose input column the file did not carry is not computed.

The limits come from ``rules.toml`` (docs/rules/urgent-care.md). The next working day comes from a calendar
table (oversight.iuc.calendar) built once per run and joined to the calls. Every call's flags are Polars
expressions evaluated once over whole columns (no per-row Python); the calls are then summed once per
(month, contract, service, site, clinician) and those sums rolled up to each level, so 10 million calls
are read once. (A DuckDB version of the same flags, as SQL, was four times slower on this 2-core machine:
docs/performance.md.)
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import timedelta

import numpy as np
import polars as pl

from oversight.iuc.calendar import next_working_days
from oversight.iuc.events import Events
from oversight.iuc.rules import IucRules, default_rules

LEVELS = ("contract", "service", "site", "clinician")
LEVEL_COLUMN = {"contract": "contract", "service": "service", "site": "site", "clinician": "clinician_id"}
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
    numerator: pl.Expr  # met the standard (counted only where the denominator holds)
    denominator: pl.Expr | None  # the calls it applies to; None for a count (value = numerator)
    needs: tuple[str, ...] = ()  # optional event columns the KPI reads
    levels: tuple[str, ...] = LEVELS


def _within(column: str, start: str, **duration: int) -> pl.Expr:
    return pl.col(column) <= pl.col(start) + pl.duration(**duration)


def kpi_definitions(rules: IucRules) -> tuple[Kpi, ...]:
    """The KPIs, their expressions over the per-call frame and their levels (codes in urgent_care.toml)."""
    every, answered, priority = pl.col("received_at").is_not_null(), ~pl.col("abandoned"), pl.col("priority")
    urgent = priority.is_in(rules.urgent_priorities)
    call_back, called = _within("call_back_at", "clock", minutes=rules.call_back_minutes), pl.col("call_back_at").is_not_null()
    assessed = pl.col("definitive_assessment_at").is_not_null()
    urgent_in = _within("definitive_assessment_at", "clock", minutes=rules.urgent_assessment_minutes)
    other_in = _within("definitive_assessment_at", "clock", minutes=rules.other_assessment_minutes)
    clinical = called | assessed
    kpis = [
        Kpi("iuc_calls_received", every, None, levels=CALL_HANDLING),
        Kpi("iuc_answered_60s", _within("answered_at", "received_at", seconds=rules.answered_within_seconds), answered,
            levels=CALL_HANDLING),
        Kpi("iuc_abandoned_30s", pl.col("abandoned") & (pl.col("abandoned_at") > pl.col("received_at") + pl.duration(
            seconds=rules.abandoned_after_seconds)), every, levels=CALL_HANDLING),
        Kpi("iuc_clinical_input", clinical, answered, levels=CALL_HANDLING),
        Kpi("iuc_call_back_in_time", call_back, called, ("call_back_at",)),
        *(Kpi(f"iuc_call_back_in_time_{p}", call_back, called & (priority == p), ("call_back_at",))
          for p in rules.priorities),
        Kpi("iuc_assessment_in_time", pl.when(urgent).then(urgent_in).otherwise(other_in), assessed,
            ("definitive_assessment_at",)),
        Kpi("iuc_assessment_urgent_in_time", urgent_in, assessed & urgent, ("definitive_assessment_at",)),
        Kpi("iuc_assessment_other_in_time", other_in, assessed & ~urgent, ("definitive_assessment_at",)),
        *(Kpi(f"iuc_face_to_face_in_time_{h}h", _within("face_to_face_at", "clock", hours=h),
              pl.col("face_to_face_within_hours") == h, ("face_to_face_within_hours",)) for h in rules.face_to_face_tiers),
        Kpi("iuc_practice_notified_in_time", pl.col("practice_notified_at") <= pl.col("practice_deadline"), clinical,
            ("practice_notified_at",)),
        Kpi("iuc_validated_in_time", _within("validated_at", "clock", minutes=rules.validation_minutes),
            pl.col("disposition").is_in(rules.validation_dispositions), ("validated_at",)),
        *(Kpi(f"iuc_disposition_{d}", pl.col("disposition") == d, answered) for d in rules.dispositions),
    ]  # fmt: skip
    return tuple(kpis)


def monthly_kpis(events: Events, by: Sequence[str] = LEVELS, rules: IucRules | None = None) -> pl.DataFrame:
    """The long KPI frame for the levels in ``by`` (any of contract, service, site, clinician)."""
    rules = rules or default_rules()
    unknown = [level for level in by if level not in LEVELS]
    if unknown:
        raise ValueError(f"unknown level(s) {unknown}; choose from {', '.join(LEVELS)}")
    kpis = [k for k in kpi_definitions(rules) if all(n in events.present for n in k.needs)]
    if events.calls == 0 or not by:
        return pl.DataFrame(schema=OUTPUT_SCHEMA)
    sums = _sums(events, kpis, [LEVEL_COLUMN[level] for level in by], rules)
    return _long(sums, kpis, by)


def _sums(events: Events, kpis: Sequence[Kpi], keys: list[str], rules: IucRules) -> pl.DataFrame:
    """Met / applies-to counts per month and every key combination present: one pass over the calls.

    The calls are numbered by their (month, keys) cell once, and each flag is summed per cell with
    ``numpy.bincount``: a plain group-by aggregating some forty flag columns cost twice as long."""
    calls = events.frame.lazy().with_columns(
        pl.col(rules.clock_starts_at).alias("clock"),
        pl.max_horizontal("call_back_at", "definitive_assessment_at", "face_to_face_at").dt.date().alias("contact_day"),
    )
    deadlines = _calendar(events).lazy().select(
        pl.col("day").alias("contact_day"),
        (pl.col("next_working_day").cast(pl.Datetime("us")) + pl.duration(hours=rules.practice_by_hour)).alias(
            "practice_deadline"),
    )  # fmt: skip
    calls = calls.join(deadlines, on="contact_day", how="left", maintain_order="left")
    flags = []
    for k in kpis:
        applies = k.denominator if k.denominator is not None else pl.lit(True)
        flags.append((applies & k.numerator).fill_null(False).alias(f"{k.code}__n"))
        if k.denominator is not None:
            flags.append(k.denominator.fill_null(False).alias(f"{k.code}__d"))
    cells, parts, first = _cells(events.frame, keys)
    size = int(np.prod([p[2] for p in parts]))
    present = np.bincount(cells, minlength=size) > 0
    flagged = calls.select(flags).collect(engine="streaming")
    counts = {name: np.bincount(cells, weights=flagged[name].to_numpy(), minlength=size)[present]
              for name in flagged.columns}  # fmt: skip
    return _labels(np.flatnonzero(present), parts, first).with_columns(
        pl.Series(name, values, dtype=pl.UInt32) for name, values in counts.items()
    )


def _cells(frame: pl.DataFrame, keys: list[str]) -> tuple[np.ndarray, list[tuple[str, pl.Series | None, int]], int]:
    """Each call's cell number (month and keys, mixed-radix), the parts (name, labels, size) and the first month."""
    received = frame["received_at"]
    month = received.dt.year().cast(pl.Int32) * 12 + received.dt.month().cast(pl.Int32) - 1  # computed once
    first = int(month.min())
    cell = (month - first).to_numpy().astype(np.int64)
    parts: list[tuple[str, pl.Series | None, int]] = [("period", None, int(cell.max()) + 1)]
    for key in keys:  # mixed-radix number built key by key (Horner), so one key's codes are held at a time
        values = frame[key].cast(pl.Categorical)
        distinct = values.drop_nulls().unique()
        # Category ids -> 1..n through a lookup array (a gather, no hashing); 0 is "no value" (no clinician).
        ids = distinct.to_physical().to_numpy().astype(np.int64)
        lookup = np.zeros(int(ids.max(initial=0)) + 2, dtype=np.int64)
        lookup[ids] = np.arange(1, ids.size + 1)
        cell *= ids.size + 1
        cell += lookup[values.to_physical().fill_null(len(lookup) - 1).to_numpy()]
        parts.append((key, distinct.cast(pl.String), ids.size + 1))
    return cell, parts, first


def _labels(cells: np.ndarray, parts: list[tuple[str, pl.Series | None, int]], first: int) -> pl.DataFrame:
    """The period and key labels of the cells present (decoding the mixed-radix numbers)."""
    stride = int(np.prod([size for _, _, size in parts]))
    columns = []
    for name, distinct, size in parts:
        stride //= size
        index = (pl.col("cell") // stride) % size
        if distinct is None:
            columns.append(_month_from_index(index + first).alias(name))
        else:
            columns.append(pl.when(index > 0).then(pl.lit(distinct).gather((index - 1).clip(0))).alias(name))
    return pl.DataFrame({"cell": cells}).select(columns)


def _month_from_index(index: pl.Expr) -> pl.Expr:
    return pl.date(index // 12, index % 12 + 1, 1)


def _calendar(events: Events) -> pl.DataFrame:
    times = ("call_back_at", "definitive_assessment_at", "face_to_face_at", "received_at")
    first, last = events.frame.select(
        pl.col("received_at").min().dt.date(), pl.max_horizontal(pl.col(c).max() for c in times).dt.date()
    ).row(0)
    return next_working_days(first, last + timedelta(days=1))


def _long(sums: pl.DataFrame, kpis: Sequence[Kpi], by: Sequence[str]) -> pl.DataFrame:
    counts = [c for c in sums.columns if "__" in c]
    parts = []
    for level in by:
        column = LEVEL_COLUMN[level]
        rows = sums.filter(pl.col(column).is_not_null()).group_by("period", column).agg(pl.col(counts).sum())
        for k in kpis:
            if level not in k.levels:
                continue
            numerator = pl.col(f"{k.code}__n").cast(pl.Float64)
            denominator = pl.col(f"{k.code}__d").cast(pl.Float64) if k.denominator is not None else pl.lit(None, pl.Float64)
            part = rows.select(
                pl.col("period"), pl.lit(level).alias("level"), pl.col(column).cast(pl.String).alias("key"),
                pl.lit(k.code).alias("kpi"), numerator.alias("numerator"), denominator.alias("denominator"),
                (numerator / denominator if k.denominator is not None else numerator).alias("value"),
            )  # fmt: skip
            parts.append(part.filter(pl.col("denominator") > 0) if k.denominator is not None else part)
    if not parts:
        return pl.DataFrame(schema=OUTPUT_SCHEMA)
    return pl.concat(parts).sort("level", "kpi", "key", "period")
