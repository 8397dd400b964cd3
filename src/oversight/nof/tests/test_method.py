"""The year-versioned method files: loading, validation, and adding a year as data."""

from __future__ import annotations

import copy
import tomllib
from importlib import resources

import pytest

from oversight.nof import MethodError, available_years, load_method, read_trust_file, segment
from oversight.nof.method import parse_method
from oversight.rulefiles import RuleFileError


@pytest.fixture(scope="module")
def raw_2025():
    text = (resources.files("oversight.nof") / "methods" / "2025-26.toml").read_text(encoding="utf-8")
    return tomllib.loads(text)


def test_2025_26_method(method):
    assert "2025-26" in available_years()
    assert method.year == "2025-26"
    acute = method.trust_type("acute")
    assert acute.name == "Acute trust"
    assert len(acute.metrics) == 29
    assert method.segmentation["rule"] == "quartiles"
    assert method.deficit_cap == 3 and method.rsp_segment == 5
    assert [c.members for c in method.composites] == [("OF1020", "OF1048", "OF1088")]
    ecoli = method.metrics["OF1048"]
    assert ecoli.rule_for("rate").name == "target_met"
    assert ecoli.rule_for("count").name == "bands"
    assert not method.metrics["OF1079"].counts_in_average


def test_every_metric_says_how_it_is_known(method):
    assert {m.basis for m in method.metrics.values()} <= {"confirmed", "data", "unconfirmed"}


def test_unknown_year(method):
    with pytest.raises(MethodError, match=r"no NOF method for year '2031-32' \(available: 2025-26"):
        load_method("2031-32")


def test_unknown_trust_type(method):
    with pytest.raises(MethodError, match="trust type 'Ambulance trust' is not in NOF method 2025-26"):
        method.trust_type("Ambulance trust")


@pytest.mark.parametrize(
    ("change", "message"),
    [
        (
            lambda r: r["metrics"]["OF1003"].update(rule="sorted"),
            r"^methods/test.toml, \[metrics.OF1003\], key 'rule': expected one of continuous, .*found 'sorted'$",
        ),
        (
            lambda r: r["metrics"]["OF1003"].pop("threshold"),
            r"\[metrics.OF1003\], key 'threshold': missing: expected a number",
        ),
        (
            lambda r: r["metrics"]["OF1003"].update(better="up"),
            r"\[metrics.OF1003\], key 'better': expected one of higher, lower, found 'up'",
        ),
        (lambda r: r["metrics"]["OF1023"].pop("value"), r"rule continuous needs the metric's value ID"),
        (
            lambda r: r["trust_types"]["Acute trust"]["metrics"].append("OF1999"),
            "metric OF1999 is not defined",
        ),
        (lambda r: r["segmentation"].update(rule="deciles"), r"\[segmentation\], key 'rule': expected one of quartiles, fixed_thresholds, found 'deciles'"),
        (lambda r: r["segmentation"].update(edge_ties="random"), r"\[segmentation\], key 'edge_ties': expected one of better, worse"),
        (lambda r: r["financial_override"].update(derive_rule="guess"), r"\[financial_override\], key 'derive_rule': expected one of .*found 'guess'"),
        (lambda r: r["average"]["composites"][0]["members"].append("OF1777"), "names unknown metric OF1777"),
        (lambda r: r["metrics"]["OF1080"].update(table=[[1, 2]]), "needs 2 inputs and a 4 x 4 table"),
        (lambda r: r["publication"].pop("rsp_flag"), r"\[publication\]: missing rsp_flag"),
    ],
)
def test_bad_method_files_are_refused(raw_2025, change, message):
    raw = copy.deepcopy(raw_2025)
    change(raw)
    with pytest.raises(MethodError, match=message):
        parse_method(raw, source="methods/test.toml")


def test_a_new_year_is_a_new_file(raw_2025, write_csv):
    """2026/27 replaces quartiles with fixed thresholds: only the method data changes."""
    raw = copy.deepcopy(raw_2025)
    raw["year"] = "2026-27"
    raw["segmentation"] = {"rule": "fixed_thresholds", "thresholds": [1.5, 2.5, 3.5]}
    method = parse_method(raw, source="methods/2026-27.toml")
    path = write_csv("""
        trust_code,trust_type,in_deficit,OF0023
        A,Acute trust,0,95
        B,Acute trust,0,90
        C,Acute trust,0,85
        D,Acute trust,1,60
        E,Acute trust,0,50
    """)
    trusts = segment(read_trust_file(path, method), method).trusts
    # OF1023 scores 1, 1.75, 2.5, 3.25, 4 -> fixed cut points 1.5 | 2.5 | 3.5 (edges belong to the better segment)
    assert trusts["unadjusted_segment"].tolist() == [1, 2, 2, 3, 4]
    assert trusts["adjusted_segment"].tolist() == [1, 2, 2, 3, 4]


def test_method_errors_are_rule_file_errors_naming_file_table_and_key(raw_2025):
    raw = copy.deepcopy(raw_2025)
    raw["metrics"]["OF1003"]["threshold"] = "one"
    with pytest.raises(RuleFileError) as caught:
        parse_method(raw, source="methods/test.toml")
    assert isinstance(caught.value, MethodError)
    assert (caught.value.file, caught.value.table, caught.value.key) == (
        "methods/test.toml",
        "metrics.OF1003",
        "threshold",
    )


def test_basis_takes_the_confidence_words_or_data(raw_2025):
    raw = copy.deepcopy(raw_2025)
    raw["metrics"]["OF1003"]["basis"] = "UNCONFIRMED"
    assert parse_method(raw, source="methods/test.toml").metrics["OF1003"].basis == "unconfirmed"
    raw["metrics"]["OF1003"]["basis"] = "guessed"
    with pytest.raises(MethodError, match=r"key 'basis': expected data, confirmed, secondary, unconfirmed"):
        parse_method(raw, source="methods/test.toml")
