"""run_ingest: one summary line per file, or one error line on stderr and exit code 2."""

from __future__ import annotations

import polars as pl

from oversight.warehouse.command import run_ingest


def test_summary_lines(ae_monthly, ae_tidy, tmp_path, capsys):
    warehouse = str(tmp_path / "w.duckdb")
    assert run_ingest("ae", [str(ae_tidy), str(ae_monthly)], warehouse) == 0
    lines = capsys.readouterr().out.splitlines()
    assert lines == [
        "ae ae_attendances.csv: 12765 rows; 36 periods (2016-04 to 2019-03); 50424 new, 0 replaced, 0 unchanged; load 1",
        f"ae {ae_monthly.name}: 2577 rows; 13 periods (2024-06 to 2025-06); 21284 new, 0 replaced, 0 unchanged; load 2",
    ]
    assert run_ingest("ae", [str(ae_monthly)], warehouse) == 0
    assert (
        capsys.readouterr()
        .out.strip()
        .endswith("0 new, 0 replaced, 21284 unchanged; already loaded, nothing written")
    )


def test_total_rows_and_skipped_months_are_reported(ae_monthly, nhs111_daily, tmp_path, capsys):
    raw = tmp_path / "Monthly-AE-June-2024.csv"
    frame = pl.read_csv(ae_monthly, infer_schema=False).filter(pl.col("period_date") == "2024-06-01")
    frame = frame.drop("period_date", "source_file")
    total = pl.DataFrame([{c: "Total" if i < 4 else "0" for i, c in enumerate(frame.columns)}])
    pl.concat([frame, total]).write_csv(raw)
    assert run_ingest("ae", [str(raw), str(nhs111_daily)], str(tmp_path / "w.duckdb")) == 2  # wrong source
    assert run_ingest("ae", [str(raw)], str(tmp_path / "w.duckdb")) == 0
    assert run_ingest("nhs111", [str(nhs111_daily)], str(tmp_path / "w.duckdb")) == 0
    out = capsys.readouterr().out.splitlines()
    assert "1 TOTAL rows excluded" in out[0]
    assert "partial months skipped 2025-11, 2026-04" in out[1]


def test_failure_is_one_line_on_stderr_with_exit_code_2(ae_tidy, tmp_path, capsys):
    broken = tmp_path / "broken.csv"
    broken.write_text(ae_tidy.read_text().replace("2017-03-01", "2017-0x-01", 1))
    assert run_ingest("ae", [str(broken)], str(tmp_path / "w.duckdb")) == 2
    captured = capsys.readouterr()
    assert captured.out == ""
    [line] = captured.err.splitlines()
    assert line.startswith(
        "oversight ingest ae: error: broken.csv: line 2, column 'period': '2017-0x-01' is not a month"
    )
    assert line.endswith("(nothing was written)")
    assert run_ingest("nope", [str(broken)], str(tmp_path / "w.duckdb")) == 2
    assert "unknown source 'nope'" in capsys.readouterr().err


def test_a_busy_warehouse_is_a_clear_error(ae_tidy, tmp_path, capsys):
    import duckdb

    warehouse = tmp_path / "w.duckdb"
    assert run_ingest("ae", [str(ae_tidy)], str(warehouse)) == 0
    with duckdb.connect(str(warehouse), read_only=True):  # another reader holding the file
        assert run_ingest("ae", [str(ae_tidy)], str(warehouse)) == 2
    [line] = capsys.readouterr().err.splitlines()
    assert line.startswith("oversight ingest ae: error: ") and line.endswith("(nothing was written)")
