"""NHS 111 / IUC daily call handling per contract area (docs/rules/published-statistics.md), aggregated to calendar months.

A day with ``calls_answered`` = 0, or an empty ``pct_answered_60s``, is a day the contract did not report:
it is left out of the month, not counted as zero answered. The organisation code is the IUC contract code
(e.g. 111AC5), whose parent is the NHS England region named in the file.
"""

from __future__ import annotations

from datetime import date, timedelta

import polars as pl

from oversight.warehouse.catalogue import Catalogue
from oversight.warehouse.headers import FieldRule, map_headers
from oversight.warehouse.layouts.extract import Derived, Extract, organisations, refuse_duplicates
from oversight.warehouse.periods import day
from oversight.warehouse.reading import (
    Table,
    clean_text,
    first_bad,
    parse_counts,
    parse_keys,
    without_totals,
)

LAYOUT = "nhs111-daily-by-contract"

RULES: tuple[FieldRule, ...] = (
    FieldRule("date", "date", (r"^date$",)),
    FieldRule("org_code", "contract_code", (r"^contract_?code$",)),
    FieldRule("org_name", "contract_name", (r"^contract_?name$",), required=False),
    FieldRule("parent_name", "region_name", (r"^region_?name$",), required=False),
    FieldRule("calls_received", "calls_received", (r"^calls_?received$",), required=False),
    FieldRule("calls_answered", "calls_answered", (r"^calls_?answered$",)),
    FieldRule("calls_triaged", "calls_triaged", (r"^calls_?triaged$",), required=False),
    FieldRule("calls_answered_60s", "calls_answered_60s", (r"^calls_?answered_?(within_?)?60_?s",)),
    FieldRule("pct_answered_60s", "pct_answered_60s", (r"^pct_?answered_?(within_?)?60_?s",), required=False),
)


def load(table: Table, catalogue: Catalogue) -> Extract:
    columns = map_headers(table.frame.columns, RULES, file=table.name, layout="NHS 111 daily by contract")
    rows_read = table.frame.height
    table = without_totals(table, columns["org_code"])
    counts = [f for f in ("calls_received", "calls_answered", "calls_answered_60s", "calls_triaged") if f in columns]
    frame = parse_counts(table, {f: columns[f] for f in counts})
    frame = parse_keys(
        table,
        frame,
        {
            "org_code": (clean_text(columns["org_code"]), columns["org_code"], "a contract code"),
            "date": (day(pl.col(columns["date"])), columns["date"], "a date (YYYY-MM-DD)"),
        },
    )
    refuse_duplicates(table, frame, ["org_code", "date"], "contract and day")
    first_bad(
        table,
        frame,
        pl.col("calls_answered_60s") > pl.col("calls_answered"),
        columns["calls_answered_60s"],
        pl.col("calls_answered_60s"),
        f"exceeds {columns['calls_answered']!r}",
    )
    if "calls_received" in columns:
        first_bad(table, frame, pl.col("calls_answered") > pl.col("calls_received"), columns["calls_answered"],
                  pl.col("calls_answered"), f"exceeds {columns['calls_received']!r}")  # fmt: skip
    reported = (pl.col("calls_answered") > 0) & pl.col("calls_answered_60s").is_not_null()
    if "pct_answered_60s" in columns:
        reported = reported & clean_text(columns["pct_answered_60s"]).is_not_null()
    frame = frame.with_columns(
        reported.fill_null(False).alias("reported"), pl.col("date").dt.truncate("1mo").alias("period")
    )
    complete = _complete_months(frame["date"].unique().to_list())
    months = sorted(frame["period"].unique().to_list())
    keep = months if catalogue.nhs111.partial_months == "keep" else [m for m in months if m in complete]
    frame = frame.filter(pl.col("period").is_in(keep))
    monthly = frame.group_by("org_code", "period", maintain_order=True).agg(
        pl.col("calls_answered_60s").filter("reported").sum().alias("answered_60s"),
        pl.col("calls_answered").filter("reported").sum().alias("answered"),
        *(pl.col(f"calls_{f}").filter("reported").sum().alias(f) for f in ("received", "triaged") if f"calls_{f}" in counts),
    )  # fmt: skip
    derived = Derived(monthly)
    # A month with no reporting day has answered = 0: keep it as an empty (missing) value, not a dropped row.
    derived.proportion("nhs111_answered_60s", _missing_if_zero("answered_60s"), _missing_if_zero("answered"))
    # What else the file honestly supports (docs/rules/urgent-care.md): answered as a share of received is NOT
    # the abandonment rate (the file has no abandoned calls), and triaged is a share of answered.
    if "received" in monthly.columns:
        derived.count("nhs111_calls_received", _missing_if_zero("received"))
        derived.proportion("nhs111_answered_of_received", _missing_if_zero("answered"), _missing_if_zero("received"))
    if "triaged" in monthly.columns:
        derived.proportion("nhs111_triaged_of_answered", _missing_if_zero("triaged"), _missing_if_zero("answered"))
    return Extract(
        layout=LAYOUT,
        file=table.name,
        rows_read=rows_read,
        rows_excluded=rows_read - table.frame.height,
        observations=derived.observations(),
        metrics=tuple(derived.codes),
        organisations=organisations(frame, columns),
        periods=tuple(keep),
        skipped_periods=tuple(m for m in months if m not in keep),
        options={"partial_months": catalogue.nhs111.partial_months},
    )


def _missing_if_zero(column: str) -> pl.Expr:
    return pl.when(pl.col("answered") > 0).then(pl.col(column))


def _complete_months(days: list[date]) -> set[date]:
    """Months for which the file has every calendar day."""
    present = set(days)
    complete = set()
    for first in {d.replace(day=1) for d in present}:
        following = (first + timedelta(days=32)).replace(day=1)
        if all(first + timedelta(days=i) in present for i in range((following - first).days)):
            complete.add(first)
    return complete
