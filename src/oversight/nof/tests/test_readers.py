"""Reading wide and long CSVs, and the errors bad ones give (naming the column and the line)."""

from __future__ import annotations

import pandas as pd
import pytest

from oversight.nof import InputError, read_trust_file, segment

WIDE = """
trust_code,trust_name,trust_type,in_deficit,in_rsp,region,OF0023,OF0020,OF0079,OF0081,OF1046,OF0048,OF0048_count
A,Alpha,Acute trust,no,no,North,90,0,1.0,0.0,1,0.9,
B,Beta,acute,yes,,North,80,2,-3.0,0.0,2,1.2,
C,Gamma,Acute trust,0,0,South,70,1,0.0,-0.6,2,,2
D,Delta,Acute trust,,1,South,60,0,-1.5,0.0,3,1.5,
E,Epsilon,ACUTE TRUST,false,no,East,50,5,0.0,0.0,2,1.0,
"""

LONG_HEADER = "Trust_code,Trust_name,Trust_type,Metric_ID,Units,Value,Rank"


def test_wide_csv(write_csv, method):
    data = read_trust_file(write_csv(WIDE), method)
    assert data.layout == "wide"
    assert data.trusts["trust_type"].unique().tolist() == ["Acute trust"]  # aliases, any case
    assert data.trusts["in_deficit"].tolist() == [False, True, False, pd.NA, False]
    assert data.trusts["in_rsp"].tolist() == [False, False, False, True, False]
    ecoli = data.observed("OF0048")
    assert ecoli["units"].to_dict() == {"A": "rate", "B": "rate", "C": "count", "D": "rate", "E": "rate"}


def test_wide_csv_segments_end_to_end(write_csv, method):
    result = segment(read_trust_file(write_csv(WIDE), method), method)
    scores = result.scores.pivot(index="trust_code", columns="score_id", values="score")
    assert scores["OF1023"].tolist() == [1.0, 1.75, 2.5, 3.25, 4.0]  # 18 weeks, higher better
    # Rates: A and E meet the threshold (<= 1), B and D spread over 2-4; C reports 2 cases: band score 3.
    assert scores["OF1048"].to_dict() == {"A": 1.0, "B": 2.0, "C": 3.0, "D": 4.0, "E": 1.0}
    assert scores["OF1080"].to_dict() == {"A": 1.0, "B": 2.0, "C": 2.0, "D": 2.0, "E": 1.0}
    trusts = result.trusts
    # D's blank deficit flag is derived by the method's rule: it plans a 1.5% deficit.
    assert trusts.loc["D", "in_deficit"]
    assert trusts.loc["D", "deficit_flag_from"] == "derived"
    assert trusts["final_segment"]["D"] == 5
    assert trusts["adjusted_segment"]["B"] >= 3
    assert sorted(trusts["rank"].tolist()) == [1, 2, 3, 4, 5]
    assert not result.drivers.empty and (result.drivers["score"] > 1).all()


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("trust_code,trust_type,OF0023\nA,Acute trust,5\n", "missing column(s) in_deficit"),
        (
            "trust_code,trust_type,in_deficit,OF0023\nA,Acute trust,0,5\nB,Acute trust,0,five\n",
            "line 3: OF0023 'five' is not a number",
        ),
        (
            "trust_code,trust_type,in_deficit,OF0023\nA,Ambulance trust,0,5\n",
            "line 2: trust type 'Ambulance trust' is not in NOF method 2025-26",
        ),
        (
            "trust_code,trust_type,in_deficit,OF0023\nA,Acute trust,0,5\nA,Acute trust,0,6\n",
            "line 3: trust A appears twice (also line 2)",
        ),
        (
            "trust_code,trust_type,in_deficit,OF0023,OF0999\nA,Acute trust,0,5,1\n",
            "column(s) OF0999 are not inputs of NOF method 2025-26",
        ),
        (
            "trust_code,trust_type,in_deficit,OF0048_litres\nA,Acute trust,0,5\n",
            "column(s) OF0048_litres are not inputs",
        ),
        (
            "trust_code,trust_type,in_deficit,OF0023\nA,Acute trust,maybe,5\n",
            "line 2: in_deficit 'maybe' is not yes/no",
        ),
        (
            "trust_code,trust_type,in_deficit,OF1046\nA,Acute trust,0,5\n",
            "line 2: OF1046 is a whole score 1-4, got 5",
        ),
        ("trust_code,trust_type,in_deficit,OF0023\n,Acute trust,0,5\n", "line 2: trust_code is blank"),
        ("trust_code,trust_type,in_deficit,region\nA,Acute trust,0,North\n", "no metric columns"),
        ("trust_code,trust_type,in_deficit,OF0023\n", "no data rows"),
        ("trust_code,trust_type,in_deficit,OF0023\nA,Acute trust,0,inf\n", "'inf' is not a finite number"),
        (
            "trust_code,trust_type,in_deficit,OF0023\nA,Acute trust,0,5,extra\n",
            "line 2: 5 cells but the header has 4",
        ),
        (
            "trust_code,trust_type,in_deficit,OF0023,of0023\nA,Acute trust,0,5,6\n",
            "column(s) OF0023, of0023 appear more than once",
        ),
        ("", "empty file"),
        ("code,value\nA,1\n", "neither NHS England's long layout"),
    ],
)
def test_wide_csv_errors(write_csv, method, text, message):
    path = write_csv(text) if text else write_csv("")
    if not text:
        path.write_text("")
    with pytest.raises(InputError) as caught:
        read_trust_file(path, method)
    assert message in str(caught.value)
    assert str(path) in str(caught.value)


def test_a_blank_deficit_flag_that_cannot_be_derived_is_an_error(write_csv, method):
    data = read_trust_file(
        write_csv("trust_code,trust_type,in_deficit,OF0023\nA,Acute trust,,80\nB,acute,0,70\n"), method
    )
    with pytest.raises(
        InputError, match="no deficit flag for A, and rule planned_deficit_or_breakeven_off_plan"
    ):
        segment(data, method)


def test_missing_file_and_non_utf8(tmp_path, method):
    with pytest.raises(InputError, match="no such file"):
        read_trust_file(tmp_path / "absent.csv", method)
    latin = tmp_path / "latin.csv"
    latin.write_bytes("trust_code,trust_name\nA,Ysbyty Gwynedd \xe2\n".encode("latin-1"))
    with pytest.raises(InputError, match="not UTF-8"):
        read_trust_file(latin, method)


def long_csv(*rows: str) -> str:
    return "\n".join([LONG_HEADER, *rows])


def test_long_csv_keeps_the_scored_units_when_a_metric_comes_twice(write_csv, method):
    path = write_csv(
        long_csv(
            "A,Alpha,Acute trust,OF0048,count,2,78",
            "A,Alpha,Acute trust,OF0048,rate,1.2,60",
            "A,Alpha,Acute trust,OF5004,flag,1,",
            "A,Alpha,Acute trust,OF5007,flag,0,",
            "B,Beta,Acute trust,OF0048,count,0,1",
        )
    )
    data = read_trust_file(path, method)
    assert data.layout == "long"
    assert data.observed("OF0048")["units"].to_dict() == {"A": "rate", "B": "count"}
    assert data.trusts["in_deficit"].tolist() == [True, pd.NA]


@pytest.mark.parametrize(
    ("rows", "message"),
    [
        (("A,Alpha,Acute trust,OF0023,percent,abc,1",), "line 2: Value 'abc' is not a number"),
        (("A,Alpha,Acute trust,OF0023,percent,50,first",), "line 2: Rank 'first' is not a number"),
        (("A,Alpha,Acute trust,OF23,percent,50,1",), "line 2: Metric_ID 'OF23' is not an NHS England ID"),
        (
            ("A,Alpha,Acute trust,OF0023,percent,50,1", "A,Alpha,Acute trust,OF0023,percent,51,2"),
            "line 3: OF0023 for A appears twice (also line 2",
        ),
        (
            ("A,Alpha,Acute trust,OF0023,percent,50,1", "A,Alpha,Mental health trust,OF0003,percent,1,1"),
            "line 3: trust type 'Mental health trust' is not in NOF method",
        ),
        (("A,Alpha,Acute trust,OF5004,flag,2,",), "line 2: OF5004 flag must be 0 or 1"),
        (("A,Alpha,Acute trust,OF1069,score,2.5,",), "line 2: OF1069 is a whole score 1-4, got 2.5"),
    ],
)
def test_long_csv_errors(write_csv, method, rows, message):
    with pytest.raises(InputError, match=message.replace("(", r"\(")):
        read_trust_file(write_csv(long_csv(*rows)), method)


def test_long_csv_missing_columns(write_csv, method):
    with pytest.raises(
        InputError, match=r"missing column\(s\) Trust_type, Units \(NHS England's long layout\)"
    ):
        read_trust_file(write_csv("Trust_code,Metric_ID,Value\nA,OF0023,5\n"), method)


def test_blank_values_are_not_published(write_csv, method):
    data = read_trust_file(write_csv(long_csv("A,Alpha,Acute trust,OF0023,percent,,")), method)
    assert data.observations.empty
    assert data.trusts.index.tolist() == ["A"]
