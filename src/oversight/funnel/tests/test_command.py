"""``oversight funnel`` end to end: the real entry point on a golden input, and bad input."""

from __future__ import annotations

import gzip
import json
import shutil
import subprocess
import sys

import pandas as pd
import pytest

from oversight.cli import main
from oversight.funnel.tests.golden import folder, meta, read

CONTRACT = ["group", "numerator", "denominator", "rr", "z", "s", "od95lcl", "od95ucl", "od998lcl", "od998ucl",
            "lcl95", "ucl95", "lcl998", "ucl998", "outlier"]


@pytest.mark.shared
def test_the_installed_command_reproduces_a_golden_set(shared, tmp_path):
    name = "FC_ae_admissions_sr_shmi_2025_03"
    source = tmp_path / "input.csv"
    with gzip.open(folder(shared) / f"{name}_input.csv.gz", "rb") as compressed, source.open("wb") as plain:
        shutil.copyfileobj(compressed, plain)
    out, summary, grid = tmp_path / "out.csv", tmp_path / "s.json", tmp_path / "l.csv"
    command = [sys.executable, "-m", "oversight.cli", "funnel", str(source), "--numerator", "numerator",
               "--denominator", "denominator", "--group", "group", "--data-type", "SR", "--sr-method", "SHMI",
               "--output", str(out), "--summary-output", str(summary), "--limits-output", str(grid)]
    finished = subprocess.run(command, capture_output=True, text=True, check=False)
    assert finished.returncode == 0, finished.stderr
    ours = pd.read_csv(out, dtype={"group": str})
    assert ours.columns[: len(CONTRACT)].tolist() == CONTRACT
    golden = read(shared, name, "groups").sort_values("group").reset_index(drop=True)
    pd.testing.assert_series_equal(ours["od998ucl"], golden["OD99UCL"], check_names=False, rtol=1e-10)
    assert ours["outlier"].tolist() == golden["outlier"].tolist()
    written = json.loads(summary.read_text())
    assert written["phi"] == pytest.approx(meta(shared, name)["phi"], rel=1e-10)
    assert {"tau2", "target", "options"} <= set(written)
    assert len(pd.read_csv(grid)) == len(read(shared, name, "limits"))


def _input(tmp_path, rows: str):
    path = tmp_path / "in.csv"
    path.write_text("trust,deaths,expected\n" + rows, encoding="utf-8")
    return path


def _run(path, tmp_path, *extra):
    return main(["funnel", str(path), "--numerator", "deaths", "--denominator", "expected", "--group", "trust",
                 "--data-type", "SR", "--output", str(tmp_path / "out.csv"), *extra])


def test_bad_input_exits_2_naming_the_row_and_leaves_no_output(tmp_path, capsys):
    path = _input(tmp_path, "A,10,12\nB,5,0\n")
    assert _run(path, tmp_path) == 2
    assert "row 2 (group 'B'): denominator is 0" in capsys.readouterr().err
    assert not (tmp_path / "out.csv").exists()


def test_unique_groups_refuses_a_repeat(tmp_path, capsys):
    path = _input(tmp_path, "A,10,12\nA,5,6\nB,5,6\n")
    assert _run(path, tmp_path, "--unique-groups") == 2
    assert "group 'A' appears on rows 1 and 2" in capsys.readouterr().err
    assert _run(path, tmp_path) == 0  # summed, as the package does


def test_text_cells_are_written_formula_safe(tmp_path):
    path = _input(tmp_path, "=HYPERLINK(1),10,12\nB,5,6\nC,7,7\n")
    assert _run(path, tmp_path) == 0
    assert "'=HYPERLINK(1)" in (tmp_path / "out.csv").read_text()


def test_codes_keep_their_leading_zeros(tmp_path):
    path = _input(tmp_path, "01,10,12\n02,5,6\n")
    assert _run(path, tmp_path) == 0
    assert pd.read_csv(tmp_path / "out.csv", dtype={"group": str})["group"].tolist() == ["01", "02"]
