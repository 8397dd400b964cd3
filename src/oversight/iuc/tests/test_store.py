"""IUC call KPIs in the warehouse: one transaction, contract rows as observations, clinicians kept apart."""

from __future__ import annotations

from datetime import date

import duckdb
import polars as pl
import pytest

from oversight.iuc import EventError, clinician_kpis, kpi_series, load_events, read_events
from oversight.iuc.tests.test_kpis import HEADER, ROWS
from oversight.warehouse import Warehouse
from oversight.warehouse.reading import read_raw


@pytest.fixture
def events_file(tmp_path):
    path = tmp_path / "calls.csv"
    path.write_text("\n".join([HEADER, *ROWS]) + "\n")
    return path


def test_load_and_read_back(events_file, tmp_path):
    wh = tmp_path / "wh.duckdb"
    report = load_events(events_file, wh)
    assert report.load_id is not None and report.calls == 6
    sites = kpi_series(wh, "site", kpi="iuc_abandoned_30s")
    assert sites.filter(pl.col("key") == "HUB2").select("period", "numerator", "denominator").rows() == [
        (date(2023, 12, 1), 1.0, 3.0), (date(2024, 1, 1), 0.0, 1.0)]
    contract = Warehouse(wh).observations(metric="iuc_answered_60s", orgs="111AA1")
    assert contract["numerator"].tolist() == [2.0, 1.0]
    gp = clinician_kpis(wh, clinicians="GMC1", kpi="iuc_call_back_in_time")
    assert gp.select("clinician_type", "numerator", "denominator").rows() == [("gp", 1.0, 2.0)]
    assert "GMC1" not in set(Warehouse(wh).observations()["org_code"])  # never beside surveillance series
    assert load_events(events_file, wh).load_id is None  # same file again: nothing written


def test_already_checked_events_load_as_the_path_does(events_file, tmp_path):
    """A caller that checked the file (to refuse it before queueing work) hands over the Events: no second read."""
    by_path, by_events = tmp_path / "by-path.duckdb", tmp_path / "by-events.duckdb"
    load_events(events_file, by_path)
    facts = read_raw(events_file).facts
    report = load_events(read_events(events_file), by_events, file=facts)
    assert report.load_id is not None and report.calls == 6
    columns = ["period", "level", "key", "kpi", "numerator", "denominator", "value"]
    assert kpi_series(by_events, "site").select(columns).equals(kpi_series(by_path, "site").select(columns))
    assert clinician_kpis(by_events).drop("load_id").equals(clinician_kpis(by_path).drop("load_id"))
    with duckdb.connect(str(by_events), read_only=True) as con:
        assert con.execute("SELECT sha256, size_bytes FROM loads").fetchall() == [(facts.sha256, facts.size)]
    assert load_events(read_events(events_file), by_events, file=facts).load_id is None  # same file again
    with pytest.raises(TypeError, match="file=FileFacts"):
        load_events(read_events(events_file), by_events)


def test_bad_file_writes_nothing(events_file, tmp_path):
    wh = tmp_path / "wh.duckdb"
    load_events(events_file, wh)
    before = kpi_series(wh, "contract")
    bad = tmp_path / "bad.csv"
    bad.write_text("\n".join([HEADER, *ROWS[:-1], ROWS[-1].replace("2024-01-02 09:00:10", "2024-01-02 08:00:00")]) + "\n")
    with pytest.raises(EventError, match="row 6, column 'answered_at'"):
        load_events(bad, wh)
    assert kpi_series(wh, "contract").equals(before)


def test_second_contract_leaves_first_alone(events_file, tmp_path):
    wh = tmp_path / "wh.duckdb"
    load_events(events_file, wh)
    other = tmp_path / "other.csv"
    other.write_text("\n".join([HEADER, *(r.replace("111AA1", "111BB2").replace(",C", ",D") for r in ROWS)]) + "\n")
    load_events(other, wh)
    assert set(kpi_series(wh, "contract")["key"]) == {"111AA1", "111BB2"}
    assert set(Warehouse(wh).observations(metric="iuc_answered_60s")["org_code"]) == {"111AA1", "111BB2"}


def test_reads_empty_before_any_load(tmp_path):
    assert kpi_series(tmp_path / "absent.duckdb", "service").is_empty()
    assert clinician_kpis(tmp_path / "absent.duckdb").is_empty()
    with duckdb.connect() as con:
        assert kpi_series(con, "site").columns[:4] == ["period", "level", "key", "kpi"]
    with pytest.raises(ValueError, match="clinician_kpis"):
        kpi_series(tmp_path / "absent.duckdb", "clinician")


def test_version_1_warehouse_upgraded(tmp_path, events_file):
    wh = tmp_path / "old.duckdb"
    with duckdb.connect(str(wh)) as con:
        con.execute("CREATE TABLE schema_version (version INTEGER NOT NULL); INSERT INTO schema_version VALUES (1)")
    load_events(events_file, wh)
    with duckdb.connect(str(wh), read_only=True) as con:
        assert con.execute("SELECT version FROM schema_version").fetchone()[0] == 2
