"""The real NHS 111 daily file's KPIs (docs/rules/urgent-care.md), recomputed with the csv module for one
contract and month, independently of Polars; and the whole file loaded through the warehouse."""

from __future__ import annotations

import csv
from datetime import date

import polars as pl
import pytest

from oversight.warehouse import Warehouse, load_catalogue
from oversight.warehouse.layouts import nhs111
from oversight.warehouse.reading import read_raw, read_table

pytestmark = pytest.mark.shared

KPIS = ("nhs111_answered_60s", "nhs111_calls_received", "nhs111_answered_of_received", "nhs111_triaged_of_answered")


def test_real_file_kpis_by_csv_module(nhs111_daily):
    with nhs111_daily.open(newline="") as handle:
        days = [r for r in csv.DictReader(handle) if r["contract_code"] == "111AG8" and r["date"].startswith("2026-02")]
    reported = [r for r in days if r["calls_answered"] != "0" and r["pct_answered_60s"] != ""]
    received = sum(int(r["calls_received"]) for r in reported)
    answered = sum(int(r["calls_answered"]) for r in reported)
    triaged = sum(int(r["calls_triaged"]) for r in reported)
    obs = nhs111.load(read_table(read_raw(nhs111_daily)), load_catalogue()).observations
    month = obs.filter((pl.col("org_code") == "111AG8") & (pl.col("period") == date(2026, 2, 1)))
    values = {r["metric"]: r for r in month.iter_rows(named=True)}
    assert set(values) == set(KPIS)
    assert values["nhs111_calls_received"]["value"] == received
    assert values["nhs111_answered_of_received"]["value"] == pytest.approx(answered / received)
    assert values["nhs111_triaged_of_answered"]["value"] == pytest.approx(triaged / answered)
    assert 0 < answered / received <= 1


def test_real_file_every_contract_month_has_every_kpi(nhs111_daily, tmp_path):
    wh = Warehouse(tmp_path / "wh.duckdb")
    wh.ingest("nhs111", [nhs111_daily])
    obs = wh.observations(metric=list(KPIS))
    assert obs.groupby("metric").size().to_dict() == dict.fromkeys(KPIS, 28 * 4)
    shares = obs[obs["metric"] == "nhs111_answered_of_received"]["value"]
    assert shares.between(0.5, 1.0).all()  # answered never exceeds received in the file (README)
