"""NHS England Referral to Treatment (RTT) waiting times, full extract (CSV, zipped CSV or parquet copy).

One row per provider x commissioner x RTT part x treatment function, with weekly wait bands as columns
("Gt 00 To 01 Weeks SUM 1" ... "Gt 104 Weeks SUM 1"). The bands are found by pattern, not by name, so an
extract whose top band is "Gt 52 Weeks SUM 1" (older years) still loads. Metrics use the incomplete
pathways (part 2) rows for the treatment-function total (C_999), summed over commissioners.
"""

from __future__ import annotations

import re

import polars as pl

from oversight.warehouse.catalogue import Catalogue
from oversight.warehouse.errors import IngestError
from oversight.warehouse.headers import FieldRule, map_headers, normalise_header
from oversight.warehouse.layouts.extract import Derived, Extract, organisations
from oversight.warehouse.periods import month_start
from oversight.warehouse.reading import Table, clean_text, parse_counts, parse_keys, without_totals

LAYOUT = "rtt-full-extract"
INCOMPLETE_PART = "PART_2"  # "Incomplete Pathways"
TOTAL_FUNCTION = "C_999"  # treatment function "Total": the other rows break it down
WITHIN_WEEKS = 18
LONG_WAIT_WEEKS = 52

RULES: tuple[FieldRule, ...] = (
    FieldRule("period", "Period", (r"^period$",)),
    FieldRule("org_code", "Provider Org Code", (r"^provider org(anisation)? code$",)),
    FieldRule("org_name", "Provider Org Name", (r"^provider org(anisation)? name$",), required=False),
    FieldRule("parent_name", "Provider Parent Name", (r"^provider parent (org )?name$",), required=False),
    FieldRule("part", "RTT Part Type", (r"^rtt part type$",)),
    FieldRule("function", "Treatment Function Code", (r"^treatment function code$",)),
    FieldRule(
        "unknown_start", "Patients with unknown clock start date", (r"unknown clock start",), required=False
    ),
)

# "Gt 17 To 18 Weeks SUM 1" is a band (17, 18]; "Gt 104 Weeks SUM 1" the open top band (104, inf).
_BAND = re.compile(r"^gt (\d+)(?: to (\d+))? weeks? sum 1$")


def load(table: Table, catalogue: Catalogue) -> Extract:
    columns = map_headers(table.frame.columns, RULES, file=table.name, layout="RTT full extract")
    bands = _week_bands(table)
    rows_read = table.frame.height
    table = without_totals(table, columns["org_code"])
    counts = {f"band_{i}": header for i, (header, _, _) in enumerate(bands)}
    if "unknown_start" in columns:
        counts["unknown_start"] = columns["unknown_start"]
    frame = parse_keys(
        table,
        parse_counts(table, counts),
        {
            "org_code": (clean_text(columns["org_code"]), columns["org_code"], "an organisation code"),
            "period": (
                month_start(pl.col(columns["period"])),
                columns["period"],
                "a month (e.g. RTT-April-2026)",
            ),
        },
    )
    incomplete = frame.filter(
        (clean_text(columns["part"]).str.to_uppercase() == INCOMPLETE_PART)
        & (clean_text(columns["function"]).str.to_uppercase() == TOTAL_FUNCTION)
    )
    if incomplete.height == 0:
        raise IngestError(
            table.name,
            f"no incomplete-pathway rows ({columns['part']} = Part_2, "
            f"{columns['function']} = {TOTAL_FUNCTION})",
        )
    providers = _per_provider(incomplete, bands, has_unknown="unknown_start" in columns)
    derived = Derived(providers)
    derived.proportion("rtt_18wk_incomplete", pl.col("within_18"), pl.col("known_start"))
    derived.count("rtt_52wk_waiters", pl.col("over_52"), denominator=pl.col("known_start"))
    derived.proportion("rtt_52wk_share", pl.col("over_52"), pl.col("known_start"))
    derived.count("rtt_waiting_list", pl.col("waiting_list"))
    return Extract(
        layout=LAYOUT,
        file=table.name,
        rows_read=rows_read,
        rows_excluded=rows_read - table.frame.height,
        observations=derived.observations(),
        metrics=tuple(derived.codes),
        organisations=organisations(incomplete, columns),
        periods=tuple(sorted(providers["period"].unique().to_list())),
    )


def _week_bands(table: Table) -> list[tuple[str, int, float]]:
    """(header, lower, upper) for each wait band; checks the bands split at 18 and 52 weeks."""
    bands = []
    for header in table.frame.columns:
        match = _BAND.match(normalise_header(header))
        if match:
            bands.append((header, int(match[1]), float(match[2]) if match[2] else float("inf")))
    if not bands:
        raise IngestError(
            table.name,
            "unknown layout for RTT full extract: missing column(s) "
            "'Gt 00 To 01 Weeks SUM 1' ... (weekly wait bands)",
        )
    bands.sort(key=lambda band: band[1])
    edge = 0.0  # each band must start where the last one ended, from 0 weeks to an open top band
    for _, lower, upper in bands:
        if lower != edge:
            raise IngestError(
                table.name, f"the wait bands are not contiguous: no band starting at {edge:g} weeks"
            )
        edge = upper
    if edge != float("inf"):
        raise IngestError(
            table.name, f"the wait bands stop at {edge:g} weeks: no open top band ('Gt {edge:g} Weeks')"
        )
    edges = {upper for _, _, upper in bands}
    for weeks in (WITHIN_WEEKS, LONG_WAIT_WEEKS):
        if weeks not in edges:
            raise IngestError(table.name, f"the wait bands do not split at {weeks} weeks")
    return bands


def _per_provider(
    frame: pl.DataFrame, bands: list[tuple[str, int, float]], *, has_unknown: bool
) -> pl.DataFrame:
    """Sums over commissioners. ``min_count=1`` semantics: a provider whose cells are all empty stays empty."""
    within = [f"band_{i}" for i, (_, _, upper) in enumerate(bands) if upper <= WITHIN_WEEKS]
    over = [f"band_{i}" for i, (_, lower, _) in enumerate(bands) if lower >= LONG_WAIT_WEEKS]
    every = [f"band_{i}" for i in range(len(bands))]
    per_row = frame.select(
        "org_code",
        "period",
        _row_sum(within).alias("within_18"),
        _row_sum(over).alias("over_52"),
        _row_sum(every).alias("known_start"),
        (pl.col("unknown_start") if has_unknown else pl.lit(None, dtype=pl.Float64)).alias("unknown_start"),
    )
    summed = per_row.group_by("org_code", "period", maintain_order=True).agg(
        *(
            pl.when(pl.col(c).is_not_null().any()).then(pl.col(c).sum()).alias(c)
            for c in ("within_18", "over_52", "known_start", "unknown_start")
        )
    )
    return summed.with_columns(
        (pl.col("known_start") + pl.col("unknown_start").fill_null(0)).alias("waiting_list")
    )


def _row_sum(columns: list[str]) -> pl.Expr:
    """Sum across a row's bands; empty when every band is empty (not zero)."""
    return pl.when(pl.any_horizontal(pl.col(columns).is_not_null())).then(pl.sum_horizontal(pl.col(columns)))
