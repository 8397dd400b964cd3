"""The warehouse as a whole: idempotent, revisions recorded, atomic, provenance kept, queries."""

from __future__ import annotations

import hashlib
from datetime import date

import duckdb
import pandas as pd
import polars as pl
import pytest

from oversight.warehouse import (
    BadValueError,
    IngestError,
    UnknownLayoutError,
    Warehouse,
)

JUNE_2024 = date(2024, 6, 1)
TABLES = ("loads", "observations", "revisions", "organisations")


def snapshot(wh: Warehouse) -> dict[str, pd.DataFrame]:
    """Every table, in a stable order, to compare before and after."""
    with duckdb.connect(str(wh.path), read_only=True) as con:
        return {t: con.execute(f"SELECT * FROM {t} ORDER BY ALL").df() for t in TABLES}


def assert_same(before: dict[str, pd.DataFrame], after: dict[str, pd.DataFrame]) -> None:
    for table in TABLES:
        pd.testing.assert_frame_equal(before[table], after[table], obj=table)


def copy_with(source, target, edit) -> object:
    """A copy of a real file with ``edit`` applied to its rows (all strings, so cells keep their text)."""
    edit(pl.read_csv(source, infer_schema=False)).write_csv(target)
    return target


def test_loading_the_same_file_twice_changes_nothing(wh, ae_monthly):
    [first] = wh.ingest("ae", [ae_monthly])
    before = snapshot(wh)
    [second] = wh.ingest("ae", [ae_monthly])
    assert_same(before, snapshot(wh))
    assert first.new == 21284 and first.load_id == 1
    assert (second.new, second.replaced, second.removed, second.rows_written) == (0, 0, 0, 0)
    assert second.unchanged == first.new and second.already_loaded


def test_a_copy_with_the_same_numbers_is_recorded_but_writes_no_values(wh, ae_monthly, tmp_path):
    wh.ingest("ae", [ae_monthly])
    copy = copy_with(ae_monthly, tmp_path / "resaved.csv", lambda f: f.drop("source_file"))  # other bytes
    [report] = wh.ingest("ae", [copy])
    assert report.load_id == 2 and report.rows_written == 0 and report.unchanged == 21284
    assert wh.revisions().empty
    assert set(snapshot(wh)["observations"]["load_id"]) == {1}  # values keep the load that first wrote them
    assert wh.loads()["observations_unchanged"].tolist() == [0, 21284]


def test_a_revised_file_replaces_the_period_and_records_the_revision(wh, ae_monthly, tmp_path):
    wh.ingest("ae", [ae_monthly])
    untouched = wh.observations(start="2024-07-01")

    def revise(frame: pl.DataFrame) -> pl.DataFrame:
        june = frame.filter(pl.col("period_date") == "2024-06-01")
        june = june.with_columns(  # RJ1 June 2024: type 1 attendances 10382 -> 10400
            pl.when(pl.col("Org Code") == "RJ1")
            .then(pl.lit("10400"))
            .otherwise(pl.col("A&E attendances Type 1"))
            .alias("A&E attendances Type 1")
        )
        return june.filter(pl.col("Org Code") != "8J094")  # and one provider withdrawn

    revised = copy_with(ae_monthly, tmp_path / "Monthly-AE-June-2024-revised.csv", revise)
    [report] = wh.ingest("ae", [revised])
    assert report.periods == (JUNE_2024,)
    # RJ1: type 1 attendances and 4h, all-types attendances and 4h change. BADGER LTD's 7 June values go
    # (attendances and 4h, all and other; 12h and 4h DTA waits; emergency admissions).
    assert (report.replaced, report.removed, report.new) == (4, 7, 0)

    revisions = wh.revisions(report.load_id).set_index(["org_code", "metric"])
    assert len(revisions) == 11 and set(revisions["period"]) == {pd.Timestamp(JUNE_2024)}
    type1 = revisions.loc[("RJ1", "ae_4hr_type1")]
    assert (type1["change"], type1["old_load_id"]) == ("changed", 1)
    assert (type1["old_numerator"], type1["old_denominator"]) == (10382 - 4003, 10382)
    assert (type1["new_numerator"], type1["new_denominator"]) == (10400 - 4003, 10400)
    assert revisions.loc[("RJ1", "ae_attendances_all"), "new_value"] == 17809 + 18
    withdrawn = revisions.loc[("8J094", "ae_attendances_all")]
    assert (
        withdrawn["change"] == "removed"
        and withdrawn["old_value"] == 2062
        and pd.isna(withdrawn["new_value"])
    )

    now = wh.observations("ae_4hr_type1", orgs="RJ1", start=JUNE_2024, end=JUNE_2024).iloc[0]
    assert now["denominator"] == 10400
    pd.testing.assert_frame_equal(wh.observations(start="2024-07-01"), untouched)  # other months untouched
    assert wh.observations(orgs="8J094", end=JUNE_2024).empty

    # Loading the original again restores June and records that too.
    [back] = wh.ingest("ae", [ae_monthly])
    assert (back.replaced, back.new, back.unchanged) == (4, 7, 21284 - 11)
    assert set(wh.revisions(back.load_id)["change"]) == {"changed", "added"}


def test_a_bad_value_on_the_last_line_writes_nothing(wh, ae_monthly, ae_tidy, tmp_path):
    wh.ingest("ae", [ae_tidy])
    before = snapshot(wh)

    def corrupt_last(frame: pl.DataFrame) -> pl.DataFrame:
        last = pl.int_range(pl.len()) == pl.len() - 1
        return frame.with_columns(
            pl.when(last)
            .then(pl.lit("1O5"))
            .otherwise(pl.col("Other emergency admissions"))
            .alias("Other emergency admissions")
        )

    broken = copy_with(ae_monthly, tmp_path / "broken.csv", corrupt_last)
    with pytest.raises(BadValueError) as caught:
        wh.ingest("ae", [broken])
    assert (caught.value.line, caught.value.column) == (2578, "Other emergency admissions")
    assert "broken.csv: line 2578, column 'Other emergency admissions': '1O5'" in str(caught.value)
    assert_same(before, snapshot(wh))


def test_a_missing_column_writes_nothing(wh, ae_tidy, tmp_path):
    wh.ingest("ae", [ae_tidy])
    before = snapshot(wh)
    broken = copy_with(ae_tidy, tmp_path / "no-breaches.csv", lambda f: f.drop("breaches"))
    with pytest.raises(UnknownLayoutError, match="missing column"):
        wh.ingest("ae-tidy", [broken])
    assert_same(before, snapshot(wh))


def test_one_bad_file_in_a_batch_writes_none_of_the_batch(wh, ae_monthly, ae_tidy, tmp_path):
    broken = copy_with(
        ae_tidy,
        tmp_path / "bad-period.csv",
        lambda f: f.with_columns(pl.col("period").str.replace("2019-03-01", "March 2019x")),
    )
    with pytest.raises(BadValueError, match="column 'period'"):
        wh.ingest("ae", [ae_monthly, broken])
    assert wh.loads().empty and wh.observations().empty


def test_a_failure_while_writing_rolls_back(wh, ae_monthly, ae_tidy, monkeypatch):
    from oversight.warehouse import merge

    wh.ingest("ae", [ae_tidy])
    before = snapshot(wh)

    def fail(*args, **kwargs):
        raise RuntimeError("disk full")

    monkeypatch.setattr(merge, "upsert_organisations", fail)  # after the observations were written
    with pytest.raises(RuntimeError, match="disk full"):
        wh.ingest("ae", [ae_monthly])
    assert_same(before, snapshot(wh))


def test_provenance_of_a_load(wh, ae_monthly):
    [report] = wh.ingest("ae", [ae_monthly])
    load = wh.loads().iloc[0]
    assert load["sha256"] == report.sha256 == hashlib.sha256(ae_monthly.read_bytes()).hexdigest()
    assert (load["source"], load["layout"], load["file_name"]) == ("ae", "ae-nhse-monthly", ae_monthly.name)
    assert load["file_path"] == str(ae_monthly.resolve()) and load["size_bytes"] == ae_monthly.stat().st_size
    assert (load["rows_read"], load["rows_excluded"], load["rows_written"]) == (2577, 0, 21284)
    assert (load["periods"], load["first_period"].date(), load["last_period"].date()) == (
        13,
        JUNE_2024,
        date(2025, 6, 1),
    )
    assert load["options"] == '{"include_booked_appointments": true}'
    assert pd.Timestamp.now(tz="UTC").tz_localize(None) - load["loaded_at"] < pd.Timedelta(minutes=5)
    assert set(wh.observations()["org_code"]) and (wh.revisions().empty)


def test_observations_filters(wh, ae_monthly):
    wh.ingest("ae", [ae_monthly])
    frame = wh.observations("ae_4hr_all", orgs=["RJ1", "R0A"], start="2025-01-01", end=date(2025, 3, 20))
    assert list(frame.columns) == ["org_code", "metric", "period", "numerator", "denominator", "value"]
    assert frame["org_code"].tolist() == ["R0A"] * 3 + ["RJ1"] * 3
    assert frame["period"].dt.month.tolist() == [1, 2, 3] * 2
    both = wh.observations(["ae_4hr_all", "ae_dta_12hr"], orgs="RJ1")
    assert set(both["metric"]) == {"ae_4hr_all", "ae_dta_12hr"} and len(both) == 26


def test_organisations_as_seen_in_the_files(wh, ae_monthly, nhs111_daily):
    wh.ingest("ae", [ae_monthly])
    wh.ingest("nhs111", [nhs111_daily])
    orgs = wh.organisations().set_index(["org_code", "source"])
    badger = orgs.loc[("8J094", "ae")]
    assert (badger["org_name"], badger["parent_name"]) == ("BADGER LTD", "NHS ENGLAND MIDLANDS")
    assert orgs.loc[("111AC5", "nhs111"), "parent_name"] == "East of England"
    assert len(wh.organisations("ae")) == 203 and len(wh.organisations("nhs111")) == 28


def test_sources_do_not_overwrite_each_other(wh, ae_monthly, ae_tidy, nhs111_daily):
    wh.ingest("ae", [ae_tidy])
    wh.ingest("ae", [ae_monthly])
    wh.ingest("nhs111", [nhs111_daily])
    periods = wh.observations("ae_4hr_all")["period"]
    assert periods.min() == pd.Timestamp("2016-04-01") and periods.max() == pd.Timestamp("2025-06-01")
    assert wh.revisions().empty


@pytest.mark.slow
def test_rtt_extract_ingests_and_reloads_unchanged(wh, rtt_extract):
    [first] = wh.ingest("rtt", [rtt_extract])
    [second] = wh.ingest("rtt", [rtt_extract])
    assert (first.new, second.unchanged, second.already_loaded) == (2112, 2112, True)
    frame = wh.observations("rtt_18wk_incomplete", orgs="R1F")
    assert frame.iloc[0]["numerator"] == 8057


def test_an_empty_warehouse_answers_with_empty_frames(tmp_path):
    wh = Warehouse(tmp_path / "never-written.duckdb")
    assert wh.observations().empty and wh.loads().empty and wh.revisions().empty and wh.organisations().empty
    assert list(wh.observations().columns) == [
        "org_code",
        "metric",
        "period",
        "numerator",
        "denominator",
        "value",
    ]
    assert not wh.path.exists()


def test_errors_for_unknown_source_and_missing_file(wh, tmp_path):
    with pytest.raises(ValueError, match="unknown source 'xray'; known sources: ae, ae-tidy, rtt, nhs111"):
        wh.ingest("xray", [tmp_path / "x.csv"])
    with pytest.raises(IngestError, match="no such file"):
        wh.ingest("ae", [tmp_path / "absent.csv"])


def test_the_caller_names_the_file_and_its_folder_is_made_on_first_write(tmp_path):
    with pytest.raises(TypeError):
        Warehouse()  # no default: the web app and the CLI must agree on one file (oversight.config.paths)
    store = Warehouse(tmp_path / "deep" / "w.duckdb")
    assert store.observations().empty and not (tmp_path / "deep").exists()  # reading creates nothing
    synthetic = tmp_path / "ae.csv"  # synthetic rows in the tidy A&E layout
    synthetic.write_text("period,org_code,type,attendances,breaches,admissions\n"
                         "2019-03-01,RXX,1,1000,50,200\n2019-04-01,RXX,1,1100,70,210\n")
    store.ingest("ae-tidy", [synthetic])
    assert (tmp_path / "deep" / "w.duckdb").is_file()
