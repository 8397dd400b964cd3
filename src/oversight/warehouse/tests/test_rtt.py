"""RTT full extract: the real parquet copy, the published CSV and zip forms, the provider totals, bad files."""

from __future__ import annotations

import zipfile
from datetime import date

import polars as pl
import pytest

from oversight.warehouse import BadValueError, IngestError, UnknownLayoutError, load_catalogue
from oversight.warehouse.layouts import rtt
from oversight.warehouse.reading import read_raw, read_table

APRIL_2026 = date(2026, 4, 1)


def _extract(path):
    return rtt.load(read_table(read_raw(path)), load_catalogue())


def _value(frame: pl.DataFrame, org: str, metric: str) -> dict:
    rows = frame.filter((pl.col("org_code") == org) & (pl.col("metric") == metric))
    assert rows.height == 1, (org, metric, rows)
    return rows.row(0, named=True)


def _slice(rtt_extract, providers=("R1F", "NT215", "RJ1")) -> pl.DataFrame:
    """The published CSV form of a few providers' rows: integers, empty cells where the parquet has nulls."""
    frame = pl.read_parquet(rtt_extract).filter(pl.col("Provider Org Code").is_in(list(providers)))
    counts = [c for c, t in frame.schema.items() if t.is_numeric()]
    return frame.with_columns(pl.col(counts).cast(pl.Int64))


@pytest.fixture(scope="module")
def real(shared):
    from oversight.warehouse.tests.conftest import RTT_EXTRACT

    path = shared / "data" / RTT_EXTRACT
    if not path.exists():
        pytest.skip(f"{RTT_EXTRACT} is not in ../shared/data")
    return _extract(path)


def test_real_extract_gives_one_row_per_provider_and_metric(real):
    assert real.layout == rtt.LAYOUT and real.rows_read == 180781 and real.periods == (APRIL_2026,)
    assert set(real.metrics) == {
        "rtt_18wk_incomplete",
        "rtt_52wk_waiters",
        "rtt_52wk_share",
        "rtt_waiting_list",
    }
    assert real.observations.group_by("metric").len()["len"].to_list() == [528] * 4


def test_isle_of_wight_by_hand(real):
    # Part_2 / C_999 rows for R1F: commissioner 97T bands 0-18 weeks sum to 77 of 157 (3 over 52 weeks);
    # commissioner D9Y0V 7980 of 12600 (61 over 52 weeks).
    within = _value(real.observations, "R1F", "rtt_18wk_incomplete")
    assert (within["numerator"], within["denominator"]) == (77 + 7980, 157 + 12600)
    assert within["value"] == pytest.approx(8057 / 12757)
    assert _value(real.observations, "R1F", "rtt_52wk_waiters")["value"] == 64
    assert _value(real.observations, "R1F", "rtt_52wk_share")["value"] == pytest.approx(64 / 12757)
    assert _value(real.observations, "R1F", "rtt_waiting_list")["value"] == 12757
    names = real.organisations.filter(pl.col("org_code") == "R1F").row(0, named=True)
    assert names["org_name"] == "ISLE OF WIGHT NHS TRUST"
    assert names["parent_name"].startswith("NHS HAMPSHIRE AND ISLE OF WIGHT")


def test_independent_sector_provider_by_hand(real):
    # NT215 (Nuffield Health, Exeter): 187 of 371 and 0 of 10 within 18 weeks; 26 + 4 over 52 weeks.
    within = _value(real.observations, "NT215", "rtt_18wk_incomplete")
    assert (within["numerator"], within["denominator"]) == (187, 381)
    assert _value(real.observations, "NT215", "rtt_52wk_waiters")["value"] == 30


def test_provider_totals_file_gives_the_same_metrics(real, rtt_provider_totals):
    """The team's provider totals (summed over commissioners by other code) load to the same values."""
    totals = _extract(rtt_provider_totals).observations.sort("metric", "org_code")
    assert totals.equals(real.observations.sort("metric", "org_code"))


def test_published_csv_and_zip_forms(rtt_extract, tmp_path):
    csv = tmp_path / "20260430-RTT-April-2026-full-extract.csv"
    _slice(rtt_extract).write_csv(csv)
    archive = tmp_path / "20260430-RTT-April-2026-full-extract.csv.zip"
    with zipfile.ZipFile(archive, "w", zipfile.ZIP_DEFLATED) as zipped:
        zipped.write(csv, csv.name)
    from_csv, from_zip = _extract(csv), _extract(archive)
    assert from_zip.file == f"{archive.name}:{csv.name}"
    assert from_csv.observations.equals(from_zip.observations)
    assert _value(from_csv.observations, "R1F", "rtt_18wk_incomplete")["numerator"] == 8057
    assert from_csv.observations["org_code"].unique().sort().to_list() == ["NT215", "R1F", "RJ1"]


def test_bad_band_value_names_line_and_column(rtt_extract, tmp_path):
    frame = _slice(rtt_extract).cast({"Gt 17 To 18 Weeks SUM 1": pl.String})
    frame = frame.with_columns(
        pl.when(pl.int_range(pl.len()) == pl.len() - 1)
        .then(pl.lit("n/a"))
        .otherwise(pl.col("Gt 17 To 18 Weeks SUM 1"))
        .alias("Gt 17 To 18 Weeks SUM 1")
    )
    path = tmp_path / "bad.csv"
    frame.write_csv(path)
    with pytest.raises(BadValueError) as caught:
        _extract(path)
    assert (caught.value.line, caught.value.column) == (frame.height + 1, "Gt 17 To 18 Weeks SUM 1")


def test_missing_identifier_column(rtt_extract, tmp_path):
    path = tmp_path / "no-part.csv"
    _slice(rtt_extract).drop("RTT Part Type").write_csv(path)
    with pytest.raises(UnknownLayoutError, match="'RTT Part Type'"):
        _extract(path)


def test_wait_bands_must_be_contiguous(rtt_extract, tmp_path):
    path = tmp_path / "missing-band.csv"
    _slice(rtt_extract).drop("Gt 17 To 18 Weeks SUM 1").write_csv(path)
    with pytest.raises(IngestError, match="not contiguous: no band starting at 17 weeks"):
        _extract(path)


def test_older_open_top_band_at_52_weeks(rtt_extract, tmp_path):
    """Older extracts stop at 'Gt 52 Weeks SUM 1': 52+ waiters are that one band."""
    frame = _slice(rtt_extract, ("R1F",))
    beyond = [c for c in frame.columns if c.startswith("Gt ") and int(c.split()[1]) >= 52]
    frame = frame.with_columns(pl.sum_horizontal(beyond).alias("Gt 52 Weeks SUM 1")).drop(beyond)
    path = tmp_path / "older.csv"
    frame.write_csv(path)
    obs = _extract(path).observations
    assert _value(obs, "R1F", "rtt_52wk_waiters")["value"] == 64
    assert _value(obs, "R1F", "rtt_18wk_incomplete")["denominator"] == 12757


def test_parquet_copy_reports_rows_not_lines(rtt_extract, tmp_path):
    frame = _slice(rtt_extract).with_columns(pl.lit(-1).alias("Gt 00 To 01 Weeks SUM 1"))
    path = tmp_path / "negative.parquet"
    frame.write_parquet(path)
    with pytest.raises(BadValueError, match=r"negative.parquet: row 1, column 'Gt 00 To 01 Weeks SUM 1'"):
        _extract(path)
