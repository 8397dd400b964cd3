"""The tidy NHS-R layout of the monthly A&E statistics (NHSRdatasets ``ae_attendances``, 2016-2019):
period, org_code, type ("1", "2", "other"), attendances, breaches, admissions; one row per department type.
"""

from __future__ import annotations

import polars as pl

from oversight.warehouse.catalogue import Catalogue
from oversight.warehouse.headers import FieldRule, map_headers
from oversight.warehouse.layouts import ae_metrics
from oversight.warehouse.layouts.extract import Extract, organisations, refuse_duplicates
from oversight.warehouse.periods import month_start
from oversight.warehouse.reading import (
    Table,
    clean_text,
    first_bad,
    parse_counts,
    parse_keys,
    without_totals,
)

LAYOUT = "ae-tidy"

RULES: tuple[FieldRule, ...] = (
    FieldRule("period", "period", (r"^period$",)),
    FieldRule("org_code", "org_code", (r"^org_?code$",)),
    FieldRule("type", "type", (r"^type$",)),
    FieldRule("attendances", "attendances", (r"^attendances$",)),
    FieldRule("breaches", "breaches", (r"^breaches$",)),
    FieldRule("admissions", "admissions", (r"^admissions$",), required=False),
)

# The type labels of the tidy file, mapped to the wide layout's field suffixes.
_TYPES = {"1": "type1", "2": "type2", "other": "other"}


def load(table: Table, catalogue: Catalogue) -> Extract:
    columns = map_headers(table.frame.columns, RULES, file=table.name, layout="A&E (tidy NHS-R layout)")
    rows_read = table.frame.height
    table = without_totals(table, columns["period"], columns["org_code"])
    counts = {f: columns[f] for f in ("attendances", "breaches", "admissions") if f in columns}
    department = clean_text(columns["type"]).str.to_lowercase()
    frame = parse_keys(
        table,
        parse_counts(table, counts),
        {
            "org_code": (clean_text(columns["org_code"]), columns["org_code"], "an organisation code"),
            "period": (month_start(pl.col(columns["period"])), columns["period"], "a month (YYYY-MM-DD)"),
            "type": (
                pl.when(department.is_in(list(_TYPES))).then(department),
                columns["type"],
                f"a department type {sorted(_TYPES)}",
            ),
        },
    )
    refuse_duplicates(table, frame, ["org_code", "period", "type"], "organisation, month and type")
    first_bad(
        table,
        frame,
        pl.col("breaches") > pl.col("attendances"),
        columns["breaches"],
        pl.col("breaches"),
        f"exceeds {columns['attendances']!r}",
    )
    wide = _one_row_per_month(frame, with_admissions="admissions" in columns)
    derived, metrics = ae_metrics.derive(wide, catalogue.ae)
    return Extract(
        layout=LAYOUT,
        file=table.name,
        rows_read=rows_read,
        rows_excluded=rows_read - table.frame.height,
        observations=derived,
        metrics=metrics,
        organisations=organisations(wide, {}),
        periods=tuple(sorted(wide["period"].unique().to_list())),
        options={},  # no booked-appointment columns in this layout
    )


def _one_row_per_month(frame: pl.DataFrame, *, with_admissions: bool) -> pl.DataFrame:
    """The wide fields ae_metrics expects. A type with no row had no such department that month: zero, not
    missing (a '-' cell stays missing)."""
    fields = {"att": "attendances", "over4": "breaches"} | ({"adm": "admissions"} if with_admissions else {})
    aggregations = []
    for label, suffix in _TYPES.items():
        present = (pl.col("type") == label).any()
        for field, column in fields.items():
            value = pl.col(column).filter(pl.col("type") == label).first()
            aggregations.append(pl.when(present).then(value).otherwise(0.0).alias(f"{field}_{suffix}"))
    return frame.group_by("org_code", "period", maintain_order=True).agg(aggregations)
