"""``oversight iuc synthetic | kpis | load`` end to end, without Django."""

from __future__ import annotations

import polars as pl

from oversight.cli import main
from oversight.iuc import clinician_kpis, kpi_series
from oversight.iuc.synthetic import SYNTHETIC_NOTE
from oversight.iuc.tests.test_kpis import HEADER, ROWS


def test_synthetic_then_kpis_then_load(tmp_path, capsys):
    events = tmp_path / "calls.csv"
    assert main(["iuc", "synthetic", "--calls", "2000", "--seed", "7", "--months", "2", "--output", str(events)]) == 0
    assert events.read_text().startswith(SYNTHETIC_NOTE)
    out = tmp_path / "kpis.csv"
    assert main(["iuc", "kpis", str(events), "--output", str(out), "--by", "contract,clinician"]) == 0
    kpis = pl.read_csv(out)
    assert set(kpis["level"]) == {"contract", "clinician"}
    assert kpis["key"].str.starts_with("SYN-").all()
    assert kpis["period"].n_unique() == 2
    wh = tmp_path / "wh.duckdb"
    assert main(["iuc", "load", str(events), "--warehouse", str(wh)]) == 0
    assert "2000 calls" in capsys.readouterr().out
    assert kpi_series(wh, "site")["key"].str.starts_with("SYN-SITE-").all()
    assert clinician_kpis(wh)["clinician_id"].str.starts_with("SYN-CLIN-").all()


def test_same_seed_same_calls(tmp_path):
    a, b = tmp_path / "a.parquet", tmp_path / "b.parquet"
    for path in (a, b):
        assert main(["iuc", "synthetic", "--calls", "500", "--seed", "3", "--output", str(path)]) == 0
    assert pl.read_parquet(a).equals(pl.read_parquet(b))
    assert pl.read_parquet(a)["synthetic"].all()


def test_bad_event_one_line_and_no_output(tmp_path, capsys):
    events = tmp_path / "bad.csv"
    events.write_text("\n".join([HEADER, ROWS[0].replace("2023-12-22 20:00:30", "2023-12-22 19:00:00")]) + "\n")
    out = tmp_path / "kpis.csv"
    assert main(["iuc", "kpis", str(events), "--output", str(out)]) == 2
    err = capsys.readouterr().err
    assert "row 1, column 'answered_at'" in err and "nothing was written" in err
    assert not out.exists()
