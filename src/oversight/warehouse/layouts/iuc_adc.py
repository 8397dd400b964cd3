"""The published IUC Aggregate Data Collection CSV (docs/rules/urgent-care.md#the-iuc-adc-layout), long format:
``REPORTING_PERIOD, REGION_NAME, ORG_NAME, CONTRACT_NAME, ITEM_NUMBER, VALUE``, one row per contract, month
and item. The unit is the contract.

Each row's ITEM_NUMBER is mapped to the count it holds through the lookup of the row's financial year
(``oversight/iuc/adc_items.toml``, UNCONFIRMED placeholders until a real glossary is copied in); an item the
year does not know is refused, naming the line. Months before April 2021 are the NHS 111 MDS and become
``nhs111_mds_*`` series, later months ``iuc_adc_*``: never one series across the join (rules file §7).
The organisation code is CONTRACT_CODE when the file has one, else the contract name as published.
"""

from __future__ import annotations

import polars as pl

from oversight.iuc.adc_items import YearItems, default_items
from oversight.warehouse.catalogue import Catalogue
from oversight.warehouse.errors import IngestError
from oversight.warehouse.headers import FieldRule, map_headers
from oversight.warehouse.layouts.extract import Derived, Extract, organisations, refuse_duplicates
from oversight.warehouse.periods import financial_year, month_start
from oversight.warehouse.reading import Table, clean_text, first_bad, parse_counts, parse_keys, without_totals

LAYOUT = "iuc-adc-long"

RULES: tuple[FieldRule, ...] = (
    FieldRule("period_label", "REPORTING_PERIOD", (r"^reporting_?period$",)),
    FieldRule("parent_name", "REGION_NAME", (r"^region_?name$",)),
    FieldRule("provider_name", "ORG_NAME", (r"^org_?name$",)),
    FieldRule("org_name", "CONTRACT_NAME", (r"^contract_?name$",)),
    FieldRule("contract_code", "CONTRACT_CODE", (r"^contract_?code$",), required=False),
    FieldRule("item", "ITEM_NUMBER", (r"^item_?number$",)),
    FieldRule("value", "VALUE", (r"^value$",)),
)

# KPI suffix -> (numerator field, denominator field); the code is the series prefix + "_" + suffix.
# A KPI is derived only where the year's lookup maps both inputs (the MDS lookup has fewer items).
KPIS: dict[str, tuple[str, str | None]] = {
    "calls_received": ("calls_received", None),
    "answered_60s": ("calls_answered_60s", "calls_answered"),
    "abandoned_30s": ("calls_abandoned_30s", "calls_received"),
    "average_speed_to_answer": ("answer_seconds_total", "calls_answered"),  # value = mean seconds
    "clinical_input": ("calls_clinical_input", "calls_answered"),
    "disposition_ambulance": ("disposition_ambulance", "calls_triaged"),
    "disposition_ed": ("disposition_ed", "calls_triaged"),
    "disposition_primary_care": ("disposition_primary_care", "calls_triaged"),
    "disposition_other": ("disposition_other", "calls_triaged"),
    "disposition_none": ("disposition_none", "calls_triaged"),
    "ed_booked": ("ed_referrals_booked", "ed_referrals"),
}
# (part, whole): a part larger than its whole is a broken row, named with its contract and month.
NESTED = (
    ("calls_answered_60s", "calls_answered"), ("calls_answered", "calls_received"),
    ("calls_abandoned_30s", "calls_received"), ("calls_clinical_input", "calls_answered"),
    ("ed_referrals_booked", "ed_referrals"),
)  # fmt: skip


def load(table: Table, catalogue: Catalogue, lookup: dict[str, YearItems] | None = None) -> Extract:
    lookup = lookup if lookup is not None else default_items()
    columns = map_headers(table.frame.columns, RULES, file=table.name, layout="IUC ADC (long)")
    rows_read = table.frame.height
    table = without_totals(table, columns["org_name"])
    code = columns.get("contract_code", columns["org_name"])
    frame = parse_counts(table, {"value": columns["value"]})
    frame = parse_keys(table, frame, {
        "org_code": (clean_text(code), code, "a contract"),
        "period": (month_start(pl.col(columns["period_label"])), columns["period_label"], "a month (YYYY-MM or e.g. April 2021)"),
        "item": (clean_text(columns["item"]).str.to_uppercase(), columns["item"], "an item number"),
    })  # fmt: skip
    frame = _fields(table, frame, columns, lookup)
    refuse_duplicates(table, frame, ["org_code", "period", "item"], "contract, month and item")
    wide = frame.pivot(on="field", index=["org_code", "period", "prefix"], values="value", aggregate_function="first")
    _refuse_parts_over_wholes(table.name, wide)
    observations, codes = _derive(wide, catalogue)
    periods = tuple(sorted(frame["period"].unique().to_list()))
    return Extract(
        layout=LAYOUT,
        file=table.name,
        rows_read=rows_read,
        rows_excluded=rows_read - table.frame.height,
        observations=observations,
        metrics=codes,
        organisations=organisations(frame, columns),
        periods=periods,
        options={"item_lookup": {fy: lookup[fy].confidence.value for fy in sorted(frame["financial_year"].unique())}},
        notes=tuple(f"item lookup {fy} is {lookup[fy].confidence.value} ({lookup[fy].source})"
                    for fy in sorted(frame["financial_year"].unique()) if lookup[fy].confidence.value != "confirmed"),
    )  # fmt: skip


def _fields(table: Table, frame: pl.DataFrame, columns: dict[str, str], lookup: dict[str, YearItems]) -> pl.DataFrame:
    """Each row's field and series from its financial year's lookup; ignored items dropped; unknown ones refused."""
    # One label per distinct month (a file has a few dozen), mapped back: no per-row Python.
    months = frame["period"].unique()
    labels = [financial_year(m) for m in months]
    missing = sorted({y for y in labels if y not in lookup})
    frame = frame.with_columns(
        pl.col("period").replace_strict(months, labels, return_dtype=pl.String).alias("financial_year")
    )
    if missing:
        first_bad(table, frame, pl.col("financial_year").is_in(missing), columns["period_label"],
                  pl.col(columns["period_label"]), f"falls in financial year(s) {missing}, which adc_items.toml has no lookup for")  # fmt: skip
    mapping = pl.DataFrame(
        [(fy, item, field, y.prefix) for fy, y in lookup.items() for item, field in y.items.items()],
        schema={"financial_year": pl.String, "item": pl.String, "field": pl.String, "prefix": pl.String}, orient="row",
    )
    ignored = pl.DataFrame([(fy, i, True) for fy, y in lookup.items() for i in y.ignore],
                           schema={"financial_year": pl.String, "item": pl.String, "ignored": pl.Boolean}, orient="row")
    frame = (frame.join(mapping, on=["financial_year", "item"], how="left", maintain_order="left")
             .join(ignored, on=["financial_year", "item"], how="left", maintain_order="left"))  # fmt: skip
    first_bad(table, frame, pl.col("field").is_null() & pl.col("ignored").is_null(), columns["item"], pl.col(columns["item"]),
              "is not an item number the financial year's lookup knows (oversight/iuc/adc_items.toml)")  # fmt: skip
    return frame.filter(pl.col("field").is_not_null())


def _refuse_parts_over_wholes(file: str, wide: pl.DataFrame) -> None:
    for part, whole in NESTED:
        if part in wide.columns and whole in wide.columns:
            bad = wide.filter(pl.col(part) > pl.col(whole))
            if bad.height:
                row = bad.row(0, named=True)
                raise IngestError(file, f"contract {row['org_code']!r}, {row['period']:%Y-%m}: {part} ({row[part]:.0f}) "
                                        f"exceeds {whole} ({row[whole]:.0f}) (and {bad.height - 1} more)")  # fmt: skip


def _derive(wide: pl.DataFrame, catalogue: Catalogue) -> tuple[pl.DataFrame, tuple[str, ...]]:
    """Observations of each series (prefix) for the KPIs whose inputs its lookup has."""
    parts, codes = [], []
    for prefix in sorted(wide["prefix"].unique()):
        rows = wide.filter(pl.col("prefix") == prefix)
        derived = Derived(rows)
        for suffix, (numerator, denominator) in KPIS.items():
            code = f"{prefix}_{suffix}"
            has = [f for f in (numerator, denominator) if f is not None]
            if code not in catalogue.codes or not all(f in rows.columns and rows[f].is_not_null().any() for f in has):
                continue
            if denominator is None:
                derived.count(code, pl.col(numerator))
            else:
                derived.proportion(code, pl.col(numerator), pl.col(denominator))
        parts.append(derived.observations())
        codes.extend(derived.codes)
    return pl.concat(parts) if parts else Derived(wide).observations(), tuple(codes)

