"""``oversight spc`` through ``oversight.cli.main`` (issue point 4)."""

from __future__ import annotations

import pandas as pd
import pytest

from oversight.cli import main
from oversight.spc.tests.golden import SYNTHETIC_AE, read_ae


@pytest.fixture
def ae_file(tmp_path):
    """Two synthetic A&E series (36 months each), 4-hour performance as y: the command needs a realistic
    series, not the real file, so these tests run without ../shared."""
    ae = read_ae(SYNTHETIC_AE)
    ae = ae[ae["f"].isin(["RF4_1", "R1H_1"])][["period", "org_code", "type", "y"]]
    path = tmp_path / "ae.csv"
    ae.to_csv(path, index=False)
    return path


def spc_cli(*args: str) -> int:
    return main(["spc", *map(str, args)])


def test_csv_in_csv_out(ae_file, tmp_path):
    out = tmp_path / "out.csv"
    assert (
        spc_cli(
            ae_file,
            "--date",
            "period",
            "--value",
            "y",
            "--by",
            "org_code",
            "type",
            "--target",
            "0.95",
            "--output",
            out,
        )
        == 0
    )
    points = pd.read_csv(out, dtype={"org_code": str, "type": str})
    assert len(points) == 72
    for column in ("org_code", "type", "period", "y", "mean", "lpl", "upl", "point_type", "assurance"):
        assert column in points.columns
    assert points["type"].unique().tolist() == ["1"]  # codes stay text
    assert set(points["assurance"]) == {"consistent_fail"}


def test_parquet_out_with_target_and_rebase_files(ae_file, tmp_path):
    targets = tmp_path / "targets.csv"
    pd.DataFrame({"org_code": ["RF4", "R1H"], "type": ["1", "1"], "target": [0.95, 0.5]}).to_csv(
        targets, index=False
    )
    rebase = tmp_path / "rebase.csv"
    pd.DataFrame({"org_code": ["RF4"], "type": ["1"], "date": ["2018-04-01"]}).to_csv(rebase, index=False)
    out, summary = tmp_path / "out.parquet", tmp_path / "summary.csv"
    code = spc_cli(ae_file, "--date", "period", "--value", "y", "--by", "org_code", "type",
                   "--target-file", targets, "--rebase-file", rebase, "--output", out, "--summary", summary)  # fmt: skip
    assert code == 0
    points = pd.read_parquet(out)
    assert points.groupby("org_code")["rebase_group"].max().to_dict() == {"R1H": 0, "RF4": 1}
    table = pd.read_csv(summary, dtype={"type": str})
    assert table["assurance"].fillna("").tolist() == ["consistent_pass", "", "consistent_fail"]


def test_no_by_with_options(ae_file, tmp_path):
    one = tmp_path / "one.csv"
    pd.read_csv(ae_file).query("org_code == 'RF4'").drop(columns=["org_code", "type"]).to_csv(
        one, index=False
    )
    out = tmp_path / "out.csv"
    assert spc_cli(one, "--date", "period", "--value", "y", "--direction", "decrease", "--fix-after", "12",
                   "--no-screen-outliers", "--output", out) == 0  # fmt: skip
    points = pd.read_csv(out)
    assert points["mean"].nunique() == 1 and points["assurance"].isna().all()


@pytest.mark.parametrize(
    ("arguments", "message"),
    [
        (["--value", "nope"], "column 'nope' not found"),
        (["--value", "y", "--fix-after", "3"], "fix_after must be a whole number >= 12"),
        (["--value", "y", "--output-format"], None),
    ],
)
def test_errors_are_one_line_and_exit_2(ae_file, tmp_path, capsys, arguments, message):
    out = tmp_path / "out.csv"
    base = [ae_file, "--date", "period", "--by", "org_code", "type", "--output", out]
    if message is None:
        with pytest.raises(SystemExit) as stop:  # argparse refuses unknown options itself
            spc_cli(*base, *arguments)
        assert stop.value.code == 2
        return
    assert spc_cli(*base, *arguments) == 2
    error = capsys.readouterr().err
    assert error.count("\n") == 1 and message in error
    assert not out.exists()


def test_duplicates_are_named_on_stderr(ae_file, tmp_path, capsys):
    out = tmp_path / "out.csv"
    assert spc_cli(ae_file, "--date", "period", "--value", "y", "--output", out) == 2
    assert "duplicate rows on 2016-04-01" in capsys.readouterr().err


@pytest.mark.parametrize("bad", ["missing.csv", "data.xlsx"])
def test_bad_files_exit_2(tmp_path, capsys, bad):
    assert spc_cli(tmp_path / bad, "--date", "d", "--value", "v", "--output", tmp_path / "out.csv") == 2
    assert capsys.readouterr().err.startswith("oversight spc: error:")


def test_bad_output_extension_writes_nothing(ae_file, tmp_path, capsys):
    assert (
        spc_cli(
            ae_file,
            "--date",
            "period",
            "--value",
            "y",
            "--by",
            "org_code",
            "type",
            "--output",
            tmp_path / "out.txt",
        )
        == 2
    )
    assert list(tmp_path.iterdir()) == [ae_file]
