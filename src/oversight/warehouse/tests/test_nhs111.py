"""NHS 111 daily call handling, aggregated to months per contract; not-reported days are missing, not zero."""

from __future__ import annotations

import csv
from dataclasses import replace
from datetime import date

import polars as pl
import pytest

from oversight.warehouse import BadValueError, load_catalogue
from oversight.warehouse.catalogue import Nhs111Options
from oversight.warehouse.layouts import nhs111
from oversight.warehouse.reading import read_raw, read_table

HEADER = (
    "date,region_name,contract_code,contract_name,calls_received,calls_answered,calls_answered_60s,"
    "calls_triaged,week_ending,pct_answered_60s,meets_60s_target\n"
)


def _extract(path, partial_months="drop"):
    catalogue = replace(load_catalogue(), nhs111=Nhs111Options(partial_months=partial_months))
    return nhs111.load(read_table(read_raw(path)), catalogue)


def _month(frame: pl.DataFrame, org: str, period: date, metric: str = "nhs111_answered_60s") -> dict:
    rows = frame.filter((pl.col("metric") == metric) & (pl.col("org_code") == org) & (pl.col("period") == period))
    assert rows.height == 1
    return rows.row(0, named=True)


def test_real_file_whole_months_only(nhs111_daily):
    extract = _extract(nhs111_daily)
    assert extract.rows_read == 3724 and extract.metrics == (
        "nhs111_answered_60s", "nhs111_calls_received", "nhs111_answered_of_received", "nhs111_triaged_of_answered")
    # 2025-11-24 .. 2026-04-05: November and April are partial and dropped by default.
    assert extract.periods == (date(2025, 12, 1), date(2026, 1, 1), date(2026, 2, 1), date(2026, 3, 1))
    assert extract.skipped_periods == (date(2025, 11, 1), date(2026, 4, 1))
    assert extract.observations.height == 28 * 4 * len(extract.metrics)
    names = extract.organisations.filter(pl.col("org_code") == "111AC5").row(0, named=True)
    assert (names["org_name"], names["parent_name"]) == ("Cambridgeshire and Peterborough", "East of England")


def test_real_month_leaves_out_days_not_reported(nhs111_daily):
    """111AI5 in December 2025: 7 of 31 days have calls_answered = 0 and no percentage (e.g. 2025-12-22).
    The month is the other 24 days, recomputed here with the csv module, independently of Polars."""
    with nhs111_daily.open(newline="") as handle:
        days = [
            r
            for r in csv.DictReader(handle)
            if r["contract_code"] == "111AI5" and r["date"] < "2026-01" and r["date"] >= "2025-12"
        ]
    reported = [r for r in days if r["calls_answered"] != "0" and r["pct_answered_60s"] != ""]
    assert (len(days), len(reported)) == (31, 24)
    december = _month(_extract(nhs111_daily).observations, "111AI5", date(2025, 12, 1))
    assert december["numerator"] == sum(int(r["calls_answered_60s"]) for r in reported) == 17254
    assert december["denominator"] == sum(int(r["calls_answered"]) for r in reported) == 25382
    assert december["value"] == pytest.approx(17254 / 25382)


def test_partial_months_can_be_kept(nhs111_daily):
    extract = _extract(nhs111_daily, partial_months="keep")
    assert extract.periods[0] == date(2025, 11, 1) and extract.periods[-1] == date(2026, 4, 1)
    assert extract.skipped_periods == ()


def test_zero_answered_and_empty_percentage_are_missing(tmp_path):
    path = tmp_path / "iuc.csv"
    path.write_text(
        HEADER
        + "2026-01-01,London,111AAA,North London,100,90,80,50,2026-01-04,88.9,0\n"
        + "2026-01-02,London,111AAA,North London,100,0,0,0,2026-01-04,,0\n"  # not reported
        + "2026-01-03,London,111AAA,North London,100,10,5,5,2026-01-04,,0\n"  # no percentage
        + "2026-01-01,London,111BBB,South London,0,0,0,0,2026-01-04,,0\n"  # never reported
        + "2026-01-02,London,111BBB,South London,0,0,0,0,2026-01-04,,0\n"
    )
    obs = _extract(path, partial_months="keep").observations
    reported = _month(obs, "111AAA", date(2026, 1, 1))
    assert (reported["numerator"], reported["denominator"]) == (80, 90)
    silent = _month(obs, "111BBB", date(2026, 1, 1))
    assert silent["value"] is None and silent["denominator"] is None  # missing, not 0%


def test_answered_within_60s_cannot_exceed_answered(tmp_path):
    path = tmp_path / "iuc.csv"
    path.write_text(
        HEADER
        + "2026-01-01,London,111AAA,North London,100,90,80,50,2026-01-04,88.9,0\n"
        + "2026-01-02,London,111AAA,North London,100,90,95,50,2026-01-04,105.6,0\n"
    )
    with pytest.raises(BadValueError, match=r"iuc\.csv: line 3, column 'calls_answered_60s': 95\.0 exceeds"):
        _extract(path, partial_months="keep")


def test_bad_date_names_the_line(tmp_path):
    path = tmp_path / "iuc.csv"
    path.write_text(
        HEADER
        + "2026-01-01,London,111AAA,North London,100,90,80,50,2026-01-04,88.9,0\n"
        + "02/01/2026,London,111AAA,North London,100,90,80,50,2026-01-04,88.9,0\n"
    )
    with pytest.raises(BadValueError, match="line 3, column 'date': '02/01/2026' is not a date"):
        _extract(path)
