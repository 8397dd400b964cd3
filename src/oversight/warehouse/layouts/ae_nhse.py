"""NHS England "Monthly A&E Attendances and Emergency Admissions" provider CSV (docs/rules/published-statistics.md).

One row per organisation and month, counts in columns. The current 22-column layout, files with extra
columns (``period_date``, ``source_file`` in the team's merged copy), and the older header wordings of
docs/rules/published-statistics.md (§9.2) are all recognised by the rules below.
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

LAYOUT = "ae-nhse-monthly"

_TYPE = {
    "type1": r"type 1\b",
    "type2": r"type 2\b",
    "other": r"other (a&e )?department|other a&e|type 3|minor injur",
}
_BOOKED = r"booked"
_OVER_4H = r"over 4 ?h|> ?4 ?h|more than 4 ?h"
_DTA = r"\bdta\b|decision to admit"


def _type_rules(
    field: str, label: str, other: str, all_of: tuple[str, ...], none_of: tuple[str, ...], required: bool
) -> list[FieldRule]:
    """One rule per department type; ``label`` + type is the current published header (used in errors)."""
    labels = {"type1": "Type 1", "type2": "Type 2", "other": other}
    return [
        FieldRule(f"{field}_{t}", f"{label} {labels[t]}", (*all_of, pattern), none_of, required)
        for t, pattern in _TYPE.items()
    ]


RULES: tuple[FieldRule, ...] = (
    FieldRule("period", "Period", (r"^period$",)),
    FieldRule("org_code", "Org Code", (r"^org(anisation)? code$",)),
    FieldRule("parent_name", "Parent Org", (r"^parent org",), required=False),
    FieldRule("org_name", "Org name", (r"^org(anisation)? name$",), required=False),
    *_type_rules(
        "att", "A&E attendances", "Other A&E Department", (r"attendances",), (_BOOKED, _OVER_4H, _DTA), True
    ),
    *_type_rules(
        "att_booked",
        "A&E attendances Booked Appointments",
        "Other Department",
        (r"attendances", _BOOKED),
        (_OVER_4H,),
        False,
    ),
    *_type_rules(
        "over4",
        "Attendances over 4hrs",
        "Other Department",
        (r"attendances", _OVER_4H),
        (_BOOKED, _DTA),
        True,
    ),
    *_type_rules(
        "over4_booked",
        "Attendances over 4hrs Booked Appointments",
        "Other Department",
        (r"attendances", _OVER_4H, _BOOKED),
        (),
        False,
    ),
    FieldRule(
        "dta_4to12",
        "Patients who have waited 4-12 hs from DTA to admission",
        (_DTA, r"4 ?- ?12"),
        required=False,
    ),
    FieldRule(
        "dta_12plus",
        "Patients who have waited 12+ hrs from DTA to admission",
        (_DTA, r"12 ?\+|over 12|> ?12|more than 12"),
        (r"4 ?- ?12",),
        required=False,
    ),
    FieldRule(
        "dta_over4",
        "Number of patients spending >4 hours from decision to admit to admission",
        (_DTA, r"> ?4 ?h|over 4|more than 4"),
        (r"12",),
        required=False,
    ),
    *_type_rules(
        "adm",
        "Emergency admissions via A&E -",
        "Other A&E department",
        (r"emergency admissions", r"\bvia\b"),
        (r"not via",),
        False,
    ),
    # Not used by any metric, but a count column like the others: checked, so a corrupt cell is caught.
    FieldRule(
        "adm_not_via_ae", "Other emergency admissions", (r"^other emergency admissions",), required=False
    ),
)

_COUNT_FIELDS = [r.field for r in RULES if r.field not in ("period", "org_code", "parent_name", "org_name")]


def load(table: Table, catalogue: Catalogue) -> Extract:
    columns = map_headers(
        table.frame.columns,
        RULES,
        file=table.name,
        layout="A&E (NHS England monthly CSV; or the tidy layout period, org_code, type, attendances, breaches)",
    )
    rows_read = table.frame.height
    table = without_totals(table, columns["period"], columns["org_code"])
    frame = parse_counts(table, {f: columns[f] for f in _COUNT_FIELDS if f in columns})
    frame = parse_keys(
        table,
        frame,
        {
            "org_code": (clean_text(columns["org_code"]), columns["org_code"], "an organisation code"),
            "period": (
                month_start(pl.col(columns["period"])),
                columns["period"],
                "a month (e.g. MSitAE-APRIL-2025)",
            ),
        },
    )
    refuse_duplicates(table, frame, ["org_code", "period"], "organisation and month")
    _check_over_4h_within_attendances(table, frame, columns)
    derived, metrics = ae_metrics.derive(frame, catalogue.ae)
    booked = "att_booked_type1" in columns
    return Extract(
        layout=LAYOUT,
        file=table.name,
        rows_read=rows_read,
        rows_excluded=rows_read - table.frame.height,
        observations=derived,
        metrics=metrics,
        organisations=organisations(frame, columns),
        periods=tuple(sorted(frame["period"].unique().to_list())),
        options={"include_booked_appointments": catalogue.ae.include_booked_appointments and booked},
        notes=() if booked else ("no booked-appointment columns: attendances are unbooked only",),
    )


def _check_over_4h_within_attendances(table: Table, frame: pl.DataFrame, columns: dict[str, str]) -> None:
    for kind in ("", "_booked"):
        for t in _TYPE:
            over, att = f"over4{kind}_{t}", f"att{kind}_{t}"
            if over in columns and att in columns:
                first_bad(
                    table,
                    frame,
                    pl.col(over) > pl.col(att),
                    columns[over],
                    pl.col(over),
                    f"exceeds {columns[att]!r}",
                )
