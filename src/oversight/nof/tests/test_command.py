"""``oversight nof segment`` and ``oversight nof compare`` through the CLI entry point."""

from __future__ import annotations

import csv

import pytest

from oversight.cli import main

WIDE = """
trust_code,trust_name,trust_type,in_deficit,OF0023,OF0013,OF0079,OF0081
A,Alpha,Acute trust,0,90,80,0,0
B,Beta,Acute trust,1,80,70,-3,0
C,Gamma,Acute trust,0,70,90,0,0
D,Delta,Acute trust,0,60,60,0,0
"""


def read_rows(path):
    with open(path, newline="", encoding="utf-8") as handle:
        return list(csv.DictReader(handle))


def test_segment_wide_csv(write_csv, tmp_path, capsys):
    out = tmp_path / "out.csv"
    code = main(
        ["nof", "segment", "--year", "2025-26", "--input", str(write_csv(WIDE)), "--output", str(out)]
    )
    assert code == 0
    assert "4 trusts" in capsys.readouterr().out
    rows = read_rows(out)
    # Averages (OF1023, OF1013, combined finance): A 1.00, C 1.67, B 2.00, D 3.00 -> league order
    assert [r["trust_code"] for r in rows] == ["A", "C", "B", "D"]
    first = rows[0]
    for column in (
        "trust_code",
        "average_score",
        "unadjusted_segment",
        "adjusted_segment",
        "final_segment",
        "rank",
        "drivers",
        "OF1023",
        "OF1013",
        "OF1080",
    ):
        assert column in first
    assert first["rank"] == "1" and first["average_score"] == "1.00"
    beta = rows[2]
    assert beta["in_deficit"] == "1" and beta["average_score"] == "2.00" and beta["adjusted_segment"] == "3"
    assert beta["drivers"] == "OF1013 2.00; OF1023 2.00; OF1080 2.00"  # ties in the method's metric order


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--year", "1999-00"], "no NOF method for year '1999-00'"),
        (["--input", "/no/such/file.csv"], "/no/such/file.csv: no such file"),
        (["--output", "/no/such/folder/out.csv"], "folder /no/such/folder does not exist"),
    ],
)
def test_segment_errors_are_one_line_and_exit_2(write_csv, tmp_path, capsys, args, message):
    argv = {"--year": "2025-26", "--input": str(write_csv(WIDE)), "--output": str(tmp_path / "out.csv")}
    argv.update(dict(zip(args[::2], args[1::2], strict=True)))
    code = main(["nof", "segment", *[x for pair in argv.items() for x in pair]])
    err = capsys.readouterr().err
    assert code == 2
    assert err.startswith("oversight nof segment: error: ") and message in err
    assert err.count("\n") == 1
    assert not (tmp_path / "out.csv").exists()


def test_bad_input_writes_nothing(write_csv, tmp_path, capsys):
    out = tmp_path / "out.csv"
    bad = write_csv("trust_code,trust_type,in_deficit,OF0023\nA,Acute trust,0,lots\n")
    assert main(["nof", "segment", "--input", str(bad), "--output", str(out)]) == 2
    assert "line 2: OF0023 'lots' is not a number" in capsys.readouterr().err
    assert list(tmp_path.iterdir()) == [bad]


def test_segment_from_published_average_needs_one(write_csv, tmp_path, capsys):
    code = main(
        [
            "nof",
            "segment",
            "--input",
            str(write_csv(WIDE)),
            "--output",
            str(tmp_path / "o.csv"),
            "--average-from",
            "published",
        ]
    )
    assert code == 2
    assert "no published average score (OF5002) for A, B, C, D" in capsys.readouterr().err


def test_nof_without_a_command_prints_help(capsys):
    assert main(["nof"]) == 2
    assert "segment" in capsys.readouterr().err


@pytest.mark.shared
def test_segment_nhs_england_file(q1_path, tmp_path, capsys):
    out = tmp_path / "q1.csv"
    code = main(
        [
            "nof",
            "segment",
            "--year",
            "2025-26",
            "--input",
            str(q1_path),
            "--output",
            str(out),
            "--average-from",
            "published",
        ]
    )
    assert code == 0, capsys.readouterr().err
    rows = read_rows(out)
    assert len(rows) == 134
    by_code = {r["trust_code"]: r for r in rows}
    assert by_code["RP6"]["rank"] == "1"  # Moorfields: NHS England's first
    assert by_code["RM3"]["rank"] == "116"  # Northern Care Alliance: 116th of 134, as published
    assert by_code["RM3"]["average_score"] == "2.81"
    assert sum(r["final_segment"] == "5" for r in rows) == 14
    assert len([c for c in rows[0] if c.startswith("OF1")]) == 29


@pytest.mark.shared
def test_compare_nhs_england_file(q1_path, tmp_path, capsys):
    report = tmp_path / "report.md"
    assert main(["nof", "compare", "--input", str(q1_path), "--output", str(report)]) == 0
    text = report.read_text()
    assert "| published_unadjusted | 134/134 | 134/134 | 134/134 | 134/134 |" in text
    assert "| RXP | County Durham and Darlington NHS Foundation Trust | unadjusted_segment | 2 | 3 |" in text


def test_compare_needs_the_long_file(write_csv, capsys):
    assert main(["nof", "compare", "--input", str(write_csv(WIDE))]) == 2
    assert "compare needs NHS England's long CSV" in capsys.readouterr().err


def test_compare_needs_published_results(write_csv, capsys):
    path = write_csv("Trust_code,Trust_type,Metric_ID,Units,Value\nA,Acute trust,OF0023,percent,80\n")
    assert main(["nof", "compare", "--input", str(path)]) == 2
    err = capsys.readouterr().err
    assert "no published OF5002 (average score), OF5003 (unadjusted segment)" in err
