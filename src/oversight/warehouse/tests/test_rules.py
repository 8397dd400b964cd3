"""The small rules the loaders stand on: header mapping, period labels, count cells, the catalogue."""

from __future__ import annotations

import zipfile
from datetime import date

import polars as pl
import pytest
from hypothesis import given
from hypothesis import strategies as st

from oversight.iuc.adc_items import SERIES
from oversight.warehouse import BadValueError, IngestError, UnknownLayoutError, load_catalogue
from oversight.warehouse.catalogue import WAREHOUSE_SOURCES
from oversight.warehouse.headers import FieldRule, map_headers, normalise_header
from oversight.warehouse.layouts import ae_nhse, iuc_adc
from oversight.warehouse.periods import financial_year, month_start
from oversight.warehouse.reading import LINE, Table, parse_counts, read_raw, read_table

# The 22 published headers of the current layout, in order (rules §9.1).
CURRENT = [
    "Period", "Org Code", "Parent Org", "Org name",
    "A&E attendances Type 1", "A&E attendances Type 2", "A&E attendances Other A&E Department",
    "A&E attendances Booked Appointments Type 1", "A&E attendances Booked Appointments Type 2",
    "A&E attendances Booked Appointments Other Department",
    "Attendances over 4hrs Type 1", "Attendances over 4hrs Type 2", "Attendances over 4hrs Other Department",
    "Attendances over 4hrs Booked Appointments Type 1", "Attendances over 4hrs Booked Appointments Type 2",
    "Attendances over 4hrs Booked Appointments Other Department",
    "Patients who have waited 4-12 hs from DTA to admission", "Patients who have waited 12+ hrs from DTA to admission",
    "Emergency admissions via A&E - Type 1", "Emergency admissions via A&E - Type 2",
    "Emergency admissions via A&E - Other A&E department", "Other emergency admissions",
]  # fmt: skip


def test_every_current_header_maps_to_its_own_field():
    mapping = map_headers(CURRENT, ae_nhse.RULES, file="f.csv", layout="A&E")
    assert sorted(mapping.values()) == sorted(CURRENT)
    assert mapping["over4_booked_other"] == "Attendances over 4hrs Booked Appointments Other Department"
    assert mapping["dta_4to12"] == "Patients who have waited 4-12 hs from DTA to admission"
    assert mapping["adm_not_via_ae"] == "Other emergency admissions"


def test_headers_match_whatever_the_case_spacing_and_extra_columns():
    messy = [
        "\ufeffPERIOD",
        "period_date",
        "source_file",
        *("  " + h.lower().replace(" ", "  ") for h in CURRENT[1:]),
    ]
    mapping = map_headers(messy, ae_nhse.RULES, file="f.csv", layout="A&E")
    assert mapping["period"] == "\ufeffPERIOD" and "period_date" not in mapping.values()


def test_two_headers_for_one_field_is_an_error():
    rules = (FieldRule("code", "Org Code", (r"code$",)),)
    with pytest.raises(IngestError, match=r"columns \['Org Code', 'Site Code'\] all look like 'Org Code'"):
        map_headers(["Org Code", "Site Code"], rules, file="f.csv", layout="x")


def test_missing_columns_are_all_named_in_published_wording():
    with pytest.raises(UnknownLayoutError) as caught:
        map_headers(CURRENT[:10], ae_nhse.RULES, file="f.csv", layout="A&E")
    assert caught.value.missing == [
        "Attendances over 4hrs Type 1",
        "Attendances over 4hrs Type 2",
        "Attendances over 4hrs Other Department",
    ]


def test_normalise_header():
    assert normalise_header("\ufeff  A&E  attendances\u00a0Type 1 ") == "a&e attendances type 1"


@given(st.dates(min_value=date(2000, 1, 1), max_value=date(2099, 12, 31)))
def test_month_labels_in_words_and_iso_give_the_first_of_the_month(day):
    labels = [f"MSitAE-{day:%B}-{day:%Y}".upper(), f"RTT-{day:%B}-{day:%Y}", f"{day:%b-%Y}", day.isoformat()]
    parsed = pl.DataFrame({"label": labels}).select(month_start(pl.col("label"))).to_series().to_list()
    assert parsed == [day.replace(day=1)] * 4


def test_labels_that_are_not_months_are_null():
    labels = ["Total", "", "MSitAE-2025", "2025-13-01", None]
    assert pl.DataFrame({"x": labels}).select(month_start(pl.col("x"))).to_series().null_count() == 5


def test_financial_year():
    assert financial_year(date(2025, 4, 1)) == financial_year(date(2026, 3, 31)) == "2025-26"
    assert financial_year(date(2025, 3, 31)) == "2024-25" and financial_year(date(2099, 6, 1)) == "2099-00"


def test_count_cells():
    table = Table(
        "f.csv", pl.DataFrame({"n": ["1", "-", "", " 2,000 ", None], LINE: [2, 3, 4, 5, 6]}), "line"
    )
    assert parse_counts(table, {"count": "n"})["count"].to_list() == [1.0, None, None, 2000.0, None]


@pytest.mark.parametrize("cell", ["x", "1.5", "-3", "inf", "nan", "1e400"])
def test_cells_that_are_not_counts(cell):
    table = Table("f.csv", pl.DataFrame({"n": ["1", cell], LINE: [2, 3]}), "line")
    with pytest.raises(BadValueError) as caught:
        parse_counts(table, {"count": "n"})
    assert (caught.value.line, caught.value.column, caught.value.value) == (3, "n", cell)


def test_a_zip_must_hold_one_csv(tmp_path):
    archive = tmp_path / "two.zip"
    with zipfile.ZipFile(archive, "w") as zipped:
        zipped.writestr("a.csv", "x\n1\n")
        zipped.writestr("b.csv", "x\n2\n")
    with pytest.raises(
        IngestError, match=r"two.zip: expected one .csv inside the zip, found \['a.csv', 'b.csv'\]"
    ):
        read_table(read_raw(archive))


def test_catalogue_is_complete_and_well_formed():
    catalogue = load_catalogue()
    codes = [m.code for m in catalogue.metrics]
    for required in ("ae_4hr_type1", "ae_4hr_all", "ae_dta_12hr", "ae_attendances_all", "rtt_18wk_incomplete",
                     "rtt_52wk_waiters", "nhs111_answered_60s"):  # fmt: skip
        assert required in codes
    for metric in catalogue.metrics:
        assert metric.name and metric.definition and metric.source in WAREHOUSE_SOURCES
    four_hours = catalogue.metric("ae_4hr_all")
    assert [(t.financial_year, t.value) for t in four_hours.targets_for(date(2025, 10, 1))] == [
        ("2025-26", 0.78),
        ("standing", 0.95),
    ]
    assert catalogue.metric("nhs111_answered_60s").targets[0].value == 0.95
    # Targets not read in a primary source say so.
    assert {t.confidence for m in catalogue.metrics for t in m.targets} >= {"unconfirmed", "secondary"}
    assert catalogue.ae.include_booked_appointments is True and catalogue.nhs111.partial_months == "drop"


def test_every_metric_a_loader_derives_is_in_the_catalogue(tmp_path):
    from oversight.warehouse.layouts import ae_metrics

    wide = pl.DataFrame(
        {"org_code": ["X"], "period": [date(2025, 1, 1)]}
        | {
            f"{kind}_{t}": [1.0]
            for kind in ("att", "over4", "att_booked", "over4_booked", "adm")
            for t in ae_metrics.TYPES
        }
        | {"dta_4to12": [1.0], "dta_12plus": [1.0]}
    )
    _, codes = ae_metrics.derive(wide, load_catalogue().ae)
    codes = set(codes) | {"rtt_18wk_incomplete", "rtt_52wk_waiters", "rtt_52wk_share", "rtt_waiting_list"}
    # The IUC ADC layout derives <series prefix>_<KPI> for the KPIs its lookup supplies (test_iuc_adc.py).
    adc = {f"{prefix}_{kpi}" for prefix in SERIES.values() for kpi in iuc_adc.KPIS} & load_catalogue().codes
    assert {c for c in load_catalogue().codes if c.startswith(tuple(SERIES.values()))} == adc
    nhs111 = {"nhs111_answered_60s", "nhs111_calls_received", "nhs111_answered_of_received", "nhs111_triaged_of_answered"}
    assert codes | nhs111 | adc == load_catalogue().codes


def test_a_bad_catalogue_is_refused(tmp_path):
    path = tmp_path / "metrics.toml"
    path.write_text('[[metric]]\ncode = "x"\nname = "x"\nunit = "percent"\n')
    with pytest.raises(ValueError, match=r"metrics.toml, \[metric x\], key 'unit': expected one of proportion, count"):
        load_catalogue(path)
    path.write_text('[options.nhs111]\npartial_months = "sometimes"\n')
    with pytest.raises(ValueError, match="partial_months must be 'drop' or 'keep'"):
        load_catalogue(path)


def test_a_ragged_line_is_named(tmp_path):
    path = tmp_path / "ragged.csv"
    path.write_text("Org Code,Org name\nRJ1,\"GUY'S, ST THOMAS'\"\nRF4,BARKING, HAVERING\n")
    with pytest.raises(
        IngestError, match=r"ragged\.csv: cannot read as CSV: line 3 has more cells than the header"
    ):
        read_table(read_raw(path))


def test_unnamed_empty_trailing_columns_are_dropped(tmp_path):
    path = tmp_path / "trailing.csv"
    path.write_text("a,b,,\n1,2,,\n")
    assert read_table(read_raw(path)).frame.columns == [LINE, "a", "b"]


def test_a_corrupt_parquet_file(tmp_path):
    path = tmp_path / "corrupt.parquet"
    path.write_bytes(b"PAR1 not really parquet")
    with pytest.raises(IngestError, match=r"corrupt\.parquet: cannot read as parquet"):
        read_table(read_raw(path))


def test_the_library_does_not_import_django():
    import subprocess
    import sys

    code = "import sys, oversight.warehouse, oversight.warehouse.command; print('django' in sys.modules)"
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert result.stdout.strip() == "False"
