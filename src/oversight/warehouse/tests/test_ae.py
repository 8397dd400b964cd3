"""A&E loaders on the real files, the raw NHS England layout (22 columns, Total footer), legacy headers, '-'
and the booked-appointments option. Expected values are worked by hand from the source lines quoted."""

from __future__ import annotations

from dataclasses import replace
from datetime import date

import polars as pl
import pytest

from oversight.warehouse import BadValueError, UnknownLayoutError, Warehouse, load_catalogue
from oversight.warehouse.catalogue import AeOptions
from oversight.warehouse.layouts import ae_nhse
from oversight.warehouse.layouts import ae_tidy as tidy_layout
from oversight.warehouse.reading import read_raw, read_table
from oversight.warehouse.sources import SOURCES

# nhse_ae_monthly_by_provider_2024-06_to_2025-06.csv line 2 (BADGER LTD, booked "other" appointments only):
# MSitAE-JUNE-2024,2024-06-01,8J094,...,0,0,0,0,0,2062,0,0,0,0,0,0,0,0,0,0,0,0,...
# and the Manchester row for June 2024 (R0A), which has booked appointments of every type:
# 24223,3076,11452 | booked 3430,491,918 | over 4h 10837,74,630 | booked over 4h 1478,13,97 | DTA 3996,364 |
# admissions 5517,140,141 | other emergency admissions 408
R0A_JUNE_2024 = date(2024, 6, 1)


def _extract(path, catalogue=None):
    return SOURCES["ae"].load(read_table(read_raw(path)), catalogue or load_catalogue())


def _value(frame: pl.DataFrame, org: str, metric: str, period: date) -> dict:
    rows = frame.filter(
        (pl.col("org_code") == org) & (pl.col("metric") == metric) & (pl.col("period") == period)
    )
    assert rows.height == 1, (org, metric, period, rows)
    return rows.row(0, named=True)


def _raw_nhse_copy(source, target, *, total: bool = True, edit=None):
    """The published 22-column layout (no period_date/source_file) for one month, with its Total footer."""
    frame = pl.read_csv(source, infer_schema=False).filter(pl.col("Period") == "MSitAE-JUNE-2024")
    frame = frame.drop("period_date", "source_file")
    if edit is not None:
        frame = edit(frame)
    if total:
        counts = frame.columns[4:]
        footer = dict.fromkeys(frame.columns[:4], "Total") | {
            c: str(frame[c].cast(pl.Int64, strict=False).sum()) for c in counts
        }
        frame = pl.concat([frame, pl.DataFrame([footer])])
    frame.write_csv(target)
    return target


def test_real_monthly_file_loads_every_month_and_organisation(ae_monthly):
    extract = _extract(ae_monthly)
    assert extract.layout == ae_nhse.LAYOUT
    assert extract.rows_read == 2577 and extract.rows_excluded == 0
    assert len(extract.periods) == 13 and extract.periods[0] == date(2024, 6, 1)
    assert extract.periods[-1] == date(2025, 6, 1)
    assert extract.organisations["org_code"].n_unique() == 203
    # One all-types attendance count per organisation and month.
    assert extract.observations.filter(pl.col("metric") == "ae_attendances_all").height == 2577


def test_four_hour_performance_by_hand_with_booked_appointments(ae_monthly):
    obs = _extract(ae_monthly).observations
    type1 = _value(obs, "R0A", "ae_4hr_type1", R0A_JUNE_2024)
    assert (type1["numerator"], type1["denominator"]) == (24223 + 3430 - 10837 - 1478, 24223 + 3430)
    assert type1["value"] == pytest.approx(15338 / 27653)
    every = _value(obs, "R0A", "ae_4hr_all", R0A_JUNE_2024)
    assert (every["numerator"], every["denominator"]) == (30461, 43590)
    assert _value(obs, "R0A", "ae_attendances_all", R0A_JUNE_2024)["value"] == 43590
    assert _value(obs, "R0A", "ae_dta_12hr", R0A_JUNE_2024)["value"] == 364
    assert _value(obs, "R0A", "ae_dta_4hr", R0A_JUNE_2024)["value"] == 3996 + 364
    # Emergency admissions via A&E only: 5517 + 140 + 141, not the 408 "other emergency admissions".
    assert _value(obs, "R0A", "ae_emergency_admissions", R0A_JUNE_2024)["value"] == 5798


def test_booked_appointments_can_be_left_out(ae_monthly):
    catalogue = replace(load_catalogue(), ae=AeOptions(include_booked_appointments=False))
    extract = _extract(ae_monthly, catalogue)
    assert extract.options == {"include_booked_appointments": False}
    every = _value(extract.observations, "R0A", "ae_4hr_all", R0A_JUNE_2024)
    assert (every["numerator"], every["denominator"]) == (24223 + 3076 + 11452 - 10837 - 74 - 630, 38751)
    # BADGER LTD has only booked appointments: without them there is nothing to measure, so no 4-hour row.
    assert (
        extract.observations.filter(
            (pl.col("org_code") == "8J094")
            & (pl.col("metric") == "ae_4hr_all")
            & (pl.col("period") == R0A_JUNE_2024)
        ).height
        == 0
    )
    assert (
        _value(_extract(ae_monthly).observations, "8J094", "ae_attendances_other", R0A_JUNE_2024)["value"]
        == 2062
    )


def test_raw_published_layout_with_total_footer(ae_monthly, tmp_path):
    path = _raw_nhse_copy(ae_monthly, tmp_path / "Monthly-AE-June-2024.csv")
    extract = _extract(path)
    assert extract.rows_excluded == 1 and extract.rows_read == 198
    assert "TOTAL" not in [c.upper() for c in extract.organisations["org_code"].to_list()]
    assert extract.periods == (date(2024, 6, 1),)
    merged = _extract(ae_monthly).observations.filter(pl.col("period") == date(2024, 6, 1))
    assert extract.observations.sort("metric", "org_code").equals(merged.sort("metric", "org_code"))


def test_region_names_are_trimmed(ae_monthly, tmp_path):
    path = _raw_nhse_copy(
        ae_monthly, tmp_path / "padded.csv", edit=lambda f: f.with_columns(pl.col("Parent Org") + " ")
    )
    parents = set(_extract(path).organisations["parent_name"].to_list())
    assert "NHS ENGLAND LONDON" in parents and not any(p.endswith(" ") for p in parents)


def test_dash_is_missing_not_zero(ae_monthly, tmp_path):
    def dash(frame):
        return frame.with_columns(
            pl.when(pl.col("Org Code") == "R0A")
            .then(pl.lit("-"))
            .otherwise(pl.col("A&E attendances Type 2"))
            .alias("A&E attendances Type 2")
        )

    obs = _extract(_raw_nhse_copy(ae_monthly, tmp_path / "dash.csv", edit=dash)).observations
    assert _value(obs, "R0A", "ae_attendances_type2", R0A_JUNE_2024)["value"] is None
    four_hours = _value(obs, "R0A", "ae_4hr_all", R0A_JUNE_2024)
    assert four_hours["value"] is None and four_hours["denominator"] is None
    assert _value(obs, "R0A", "ae_4hr_type1", R0A_JUNE_2024)["value"] == pytest.approx(15338 / 27653)


def test_legacy_headers_are_recognised(ae_monthly, tmp_path):
    """Older wording (rules §9.2): no booked columns, no 4-12/12+ split, different phrasing throughout."""
    legacy = {
        "Org Code": "Org Code",
        "Period": "Period",
        "Org name": "Org name",
        "Parent Org": "Parent Org",
        "A&E attendances Type 1": "Number of A&E attendances Type 1",
        "A&E attendances Type 2": "A&E attendances Type 2 Departments - Single Specialty",
        "A&E attendances Other A&E Department": "A&E attendances Type 3 Departments - Other A&E/Minor Injury Unit",
        "Attendances over 4hrs Type 1": "A&E attendances > 4 hours from arrival to admission, transfer or discharge Type 1 Departments - Major A&E",
        "Attendances over 4hrs Type 2": "A&E attendances > 4 hours from arrival Type 2 Departments - Single Specialty",
        "Attendances over 4hrs Other Department": "A&E attendances > 4 hours Type 3 Departments - Other A&E/MIU",
        "Emergency admissions via A&E - Type 1": "Emergency Admissions Emergency Admissions via Type 1 A&E",
        "Emergency admissions via A&E - Type 2": "Emergency Admissions via Type 2 A&E",
        "Emergency admissions via A&E - Other A&E department": "Emergency Admissions via Type 3 and 4 A&E",
        "Other emergency admissions": "Other Emergency Admissions (i.e not via A&E)",
    }

    def to_legacy(frame):
        over4 = pl.col("Patients who have waited 4-12 hs from DTA to admission").cast(pl.Int64) + pl.col(
            "Patients who have waited 12+ hrs from DTA to admission"
        ).cast(pl.Int64)
        dta = over4.cast(pl.String).alias(
            "Number of patients spending >4 hours from decision to admit to admission"
        )
        return frame.with_columns(dta).select(*legacy, dta.meta.output_name()).rename(legacy)

    extract = _extract(_raw_nhse_copy(ae_monthly, tmp_path / "legacy.csv", edit=to_legacy, total=False))
    assert extract.notes  # says the file has no booked-appointment columns
    type1 = _value(extract.observations, "R0A", "ae_4hr_type1", R0A_JUNE_2024)
    assert (type1["numerator"], type1["denominator"]) == (24223 - 10837, 24223)
    assert _value(extract.observations, "R0A", "ae_dta_4hr", R0A_JUNE_2024)["value"] == 4360
    assert _value(extract.observations, "R0A", "ae_emergency_admissions", R0A_JUNE_2024)["value"] == 5798
    assert "ae_dta_12hr" not in extract.metrics  # not in the file: not derived, so not replaced on reload


def test_tidy_layout_is_detected_and_checked_by_hand(ae_tidy):
    # ae_attendances.csv lines 8395-8397:
    # 2019-03-01,"RF4","1",15994,4618,4703 / "2",846,21,0 / "other",10289,90,0
    extract = _extract(ae_tidy)
    assert extract.layout == tidy_layout.LAYOUT
    assert extract.rows_read == 12765 and len(extract.periods) == 36
    assert extract.organisations["org_code"].n_unique() == 274
    obs = extract.observations
    march = date(2019, 3, 1)
    assert _value(obs, "RF4", "ae_4hr_type1", march)["value"] == pytest.approx(1 - 4618 / 15994)
    every = _value(obs, "RF4", "ae_4hr_all", march)
    assert (every["numerator"], every["denominator"]) == (15994 + 846 + 10289 - 4618 - 21 - 90, 27129)
    assert _value(obs, "RF4", "ae_emergency_admissions", march)["value"] == 4703
    # One row per (org_code, type) series in the file, as in the SPC reference (428 series, 12,765 rows).
    per_type = obs.filter(pl.col("metric").is_in(["ae_4hr_type1", "ae_4hr_type2", "ae_4hr_other"]))
    assert per_type.height == 12765


def test_tidy_dash_is_missing(tmp_path):
    path = tmp_path / "tidy.csv"
    path.write_text(
        "period,org_code,type,attendances,breaches,admissions\n"
        "2019-03-01,RF4,1,100,10,5\n2019-03-01,RF4,other,-,-,0\n2019-03-01,RXX,1,50,5,2\n"
    )
    obs = SOURCES["ae-tidy"].load(read_table(read_raw(path)), load_catalogue()).observations
    assert _value(obs, "RF4", "ae_4hr_type1", date(2019, 3, 1))["value"] == pytest.approx(0.9)
    assert _value(obs, "RF4", "ae_4hr_other", date(2019, 3, 1))["value"] is None
    assert _value(obs, "RF4", "ae_4hr_all", date(2019, 3, 1))["value"] is None  # part missing: total missing
    # No type 2 row: no type 2 department, so no type 2 metric (absent, not missing).
    assert obs.filter(pl.col("metric") == "ae_4hr_type2").height == 0
    assert _value(obs, "RXX", "ae_4hr_all", date(2019, 3, 1))["value"] == pytest.approx(0.9)


def test_unknown_layout_names_the_missing_columns(ae_monthly, tmp_path):
    path = _raw_nhse_copy(
        ae_monthly,
        tmp_path / "renamed.csv",
        edit=lambda f: f.drop("Attendances over 4hrs Type 2").rename({"Org Code": "Code"}),
    )
    with pytest.raises(UnknownLayoutError) as caught:
        _extract(path)
    assert caught.value.missing == ["Org Code", "Attendances over 4hrs Type 2"]
    assert "renamed.csv" in str(caught.value) and "'Org Code'" in str(caught.value)


def test_bad_value_names_file_line_and_column(ae_monthly, tmp_path):
    def corrupt(frame):
        return frame.with_columns(
            pl.when(pl.col("Org Code") == "R0A")
            .then(pl.lit("12O"))
            .otherwise(pl.col("Attendances over 4hrs Type 1"))
            .alias("Attendances over 4hrs Type 1")
        )

    path = _raw_nhse_copy(ae_monthly, tmp_path / "bad.csv", edit=corrupt)
    line = next(i for i, text in enumerate(path.read_text().splitlines(), start=1) if ",R0A," in text)
    with pytest.raises(BadValueError) as caught:
        _extract(path)
    assert (caught.value.line, caught.value.column, caught.value.value) == (
        line,
        "Attendances over 4hrs Type 1",
        "12O",
    )
    assert str(caught.value).startswith(f"bad.csv: line {line}, column 'Attendances over 4hrs Type 1': '12O'")


def test_more_breaches_than_attendances_is_refused(tmp_path):
    path = tmp_path / "tidy.csv"
    path.write_text("period,org_code,type,attendances,breaches,admissions\n2019-03-01,RF4,1,100,101,5\n")
    with pytest.raises(BadValueError, match="line 2, column 'breaches'"):
        Warehouse(tmp_path / "w.duckdb").ingest("ae", [path])


def test_duplicate_rows_are_refused(tmp_path):
    path = tmp_path / "tidy.csv"
    path.write_text(
        "period,org_code,type,attendances,breaches\n2019-03-01,RF4,1,100,1\n2019-03-01,RF4,1,90,2\n"
    )
    with pytest.raises(Exception, match=r"lines \[2, 3\]: more than one row"):
        Warehouse(tmp_path / "w.duckdb").ingest("ae", [path])
