"""A&E metrics from one row per organisation and month, whatever layout the row came from.

Input fields (Float64, null = missing): ``att_<t>``, ``over4_<t>`` for t in type1, type2, other; optional
``att_booked_<t>``, ``over4_booked_<t>``, ``dta_4to12``, ``dta_12plus``, ``dta_over4``, ``adm_<t>``.
A metric whose inputs the file lacks is not derived (and so not replaced on reload).
"""

from __future__ import annotations

from functools import reduce

import polars as pl

from oversight.warehouse.catalogue import AeOptions
from oversight.warehouse.layouts.extract import Derived

TYPES = ("type1", "type2", "other")


def derive(frame: pl.DataFrame, options: AeOptions) -> tuple[pl.DataFrame, tuple[str, ...]]:
    """(observations, metric codes derived)."""
    fields = set(frame.columns)
    booked = options.include_booked_appointments and all(
        f"{kind}_booked_{t}" in fields for kind in ("att", "over4") for t in TYPES
    )
    attendances = {t: _with_booked("att", t, booked) for t in TYPES}
    over4 = {t: _with_booked("over4", t, booked) for t in TYPES}
    derived = Derived(frame)
    for t in TYPES:
        derived.proportion(f"ae_4hr_{t}", attendances[t] - over4[t], attendances[t])
        derived.count(f"ae_attendances_{t}", attendances[t], drop_zero=True)
    all_attendances = _total(attendances.values())
    derived.proportion("ae_4hr_all", all_attendances - _total(over4.values()), all_attendances)
    derived.count("ae_attendances_all", all_attendances)
    if "dta_12plus" in fields:
        derived.count("ae_dta_12hr", pl.col("dta_12plus"))
    if {"dta_4to12", "dta_12plus"} <= fields:
        derived.count("ae_dta_4hr", pl.col("dta_4to12") + pl.col("dta_12plus"))
    elif "dta_over4" in fields:
        derived.count("ae_dta_4hr", pl.col("dta_over4"))
    if all(f"adm_{t}" in fields for t in TYPES):
        derived.count("ae_emergency_admissions", _total(pl.col(f"adm_{t}") for t in TYPES))
    return derived.observations(), tuple(derived.codes)


def _with_booked(kind: str, type_: str, booked: bool) -> pl.Expr:
    column = pl.col(f"{kind}_{type_}")
    return column + pl.col(f"{kind}_booked_{type_}") if booked else column


def _total(columns) -> pl.Expr:
    # '+' (not sum_horizontal) so one missing part makes the total missing rather than too small.
    return reduce(lambda a, b: a + b, columns)
