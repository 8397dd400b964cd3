"""The IUC ADC long layout on the SYNTHETIC fixture: items mapped by financial year, MDS and ADC kept apart,
bad rows named, nothing half-written (docs/rules/urgent-care.md)."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import polars as pl
import pytest

from oversight.warehouse import BadValueError, IngestError, Warehouse, load_catalogue
from oversight.warehouse.layouts import iuc_adc
from oversight.warehouse.reading import read_raw, read_table

FIXTURE = Path(__file__).parent / "data" / "iuc_adc_SYNTHETIC_2021-02_to_2021-05.csv"
NORTH = "SYN Contract North"


def extract(path: Path = FIXTURE):
    return iuc_adc.load(read_table(read_raw(path)), load_catalogue())


def one(frame: pl.DataFrame, metric: str, period: date, org: str = NORTH) -> dict:
    rows = frame.filter((pl.col("metric") == metric) & (pl.col("period") == period) & (pl.col("org_code") == org))
    assert rows.height == 1, (metric, period, rows)
    return rows.row(0, named=True)


def broken(tmp_path: Path, line: int, cell: int, value: str) -> Path:
    lines = FIXTURE.read_text().splitlines()
    cells = lines[line - 1].split(",")
    cells[cell] = value
    lines[line - 1] = ",".join(cells)
    path = tmp_path / "broken.csv"
    path.write_text("\n".join(lines) + "\n")
    return path


def test_mds_and_adc_are_separate_series():
    ex = extract()
    mds = {m for m in ex.metrics if m.startswith("nhs111_mds_")}
    adc = {m for m in ex.metrics if m.startswith("iuc_adc_")}
    assert mds == {"nhs111_mds_calls_received", "nhs111_mds_answered_60s", "nhs111_mds_abandoned_30s"}
    assert len(adc) == 11
    obs = ex.observations
    assert obs.filter(pl.col("metric").is_in(list(mds)))["period"].max() == date(2021, 3, 1)
    assert obs.filter(pl.col("metric").is_in(list(adc)))["period"].min() == date(2021, 4, 1)


def test_kpis_by_hand():
    obs = extract().observations
    # April 2021, North: received 12000, answered 11520, within 60 s 10368, abandoned after 30 s 360
    assert one(obs, "iuc_adc_answered_60s", date(2021, 4, 1))["value"] == pytest.approx(10368 / 11520)
    assert one(obs, "iuc_adc_abandoned_30s", date(2021, 4, 1))["value"] == pytest.approx(360 / 12000)
    assert one(obs, "iuc_adc_average_speed_to_answer", date(2021, 4, 1))["value"] == pytest.approx(95.0)
    booked = one(obs, "iuc_adc_ed_booked", date(2021, 4, 1))
    assert (booked["numerator"], booked["denominator"]) == (644, 921)
    mix = obs.filter(pl.col("metric").str.starts_with("iuc_adc_disposition_") & (pl.col("org_code") == NORTH)
                     & (pl.col("period") == date(2021, 4, 1)))  # fmt: skip
    assert mix["value"].sum() == pytest.approx(1.0)
    assert one(obs, "nhs111_mds_answered_60s", date(2021, 2, 1))["value"] == pytest.approx(8640 / 9600)


def test_every_derived_code_registered():
    assert set(extract().metrics) <= load_catalogue().codes


def test_unknown_item_refused_naming_the_line(tmp_path):
    with pytest.raises(BadValueError, match=r"line 3, column 'ITEM_NUMBER': 'X05' is not an item number"):
        extract(broken(tmp_path, 3, 4, "X05"))  # an ADC item in an MDS month


def test_bad_value_and_period_named(tmp_path):
    with pytest.raises(BadValueError, match=r"line 4, column 'VALUE': '-3' is not a count"):
        extract(broken(tmp_path, 4, 5, "-3"))
    with pytest.raises(BadValueError, match=r"line 2, column 'REPORTING_PERIOD'"):
        extract(broken(tmp_path, 2, 0, "spring"))


def test_year_without_lookup_refused(tmp_path):
    with pytest.raises(BadValueError, match="2015-16"):
        extract(broken(tmp_path, 2, 0, "2015-05-01"))


def test_repeated_item_refused(tmp_path):
    lines = FIXTURE.read_text().splitlines()
    path = tmp_path / "twice.csv"
    path.write_text("\n".join([*lines, lines[1]]) + "\n")
    with pytest.raises(IngestError, match="more than one row for the same contract, month and item"):
        extract(path)


def test_part_over_whole_refused(tmp_path):
    with pytest.raises(IngestError, match=r"calls_answered_60s .* exceeds calls_answered"):
        extract(broken(tmp_path, 4, 5, "99999"))


def test_ingest_through_the_warehouse(tmp_path):
    wh = Warehouse(tmp_path / "wh.duckdb")
    (report,) = wh.ingest("iuc-adc", [FIXTURE])
    assert report.load_id and report.periods[0] == date(2021, 2, 1)
    assert any("unconfirmed" in note for note in report.notes)
    orgs = wh.organisations("iuc-adc")
    assert set(orgs["org_code"]) == {NORTH, "SYN Contract South"}
    assert wh.ingest("iuc-adc", [FIXTURE])[0].already_loaded
