"""Every shape of rule-file error names the file, the table and the key a person has to fix."""

from __future__ import annotations

from datetime import date
from enum import StrEnum
from importlib import resources
from pathlib import Path

import pytest

from oversight.rulefiles import Confidence, RuleFileError, parse_confidence, read_rule_file

DEADLINES = """
schema = 1
[rules.duty_of_candour_notification]
label = "Duty of Candour: notify"
days = "ten"
quantity = 10
confidence = "UNCONFIRMED"
anchor = "   "
source = ["S40", 7]
on = 2026-04-01
[[items]]
code = "NE01"
"""


def rules():
    return read_rule_file(DEADLINES, file_label="deadlines.toml")


def test_wrong_kind_names_file_table_and_key():
    with pytest.raises(RuleFileError) as caught:
        rules().require("rules.duty_of_candour_notification", "days", int)
    assert str(caught.value) == (
        "deadlines.toml, [rules.duty_of_candour_notification], key 'days': expected a whole number, found 'ten'"
    )
    assert (caught.value.file, caught.value.table, caught.value.key) == (
        "deadlines.toml",
        "rules.duty_of_candour_notification",
        "days",
    )


def test_missing_key():
    with pytest.raises(RuleFileError, match=r"\[rules.duty_of_candour_notification\], key 'unit': missing"):
        rules().require("rules.duty_of_candour_notification", "unit", str)


def test_missing_table_and_not_a_table():
    with pytest.raises(RuleFileError, match=r"^deadlines.toml, \[clock\]: this table is missing$"):
        rules().table("clock")
    assert rules().table("clock", required=False) == {}
    with pytest.raises(RuleFileError, match=r"\[rules.duty_of_candour_notification\], key 'label': expected a table"):
        rules().table("rules.duty_of_candour_notification.label")


def test_a_table_passed_in_keeps_its_name():
    file = rules()
    rule = file.subtables("rules")["duty_of_candour_notification"]
    assert file.require(rule, "quantity", int, minimum=1) == 10
    with pytest.raises(RuleFileError) as caught:
        file.require(rule, "quantity", int, minimum=11)
    assert caught.value.table == "rules.duty_of_candour_notification"
    assert "expected a whole number of at least 11, found 10" in str(caught.value)


def test_booleans_are_not_numbers_and_dates_are_checked():
    file = read_rule_file("flag = true\nn = 3\non = 2026-04-01\nat = 2026-04-01T09:00:00", file_label="x.toml")
    with pytest.raises(RuleFileError, match="key 'flag': expected a number, found true"):
        file.require(file.data, "flag", float)
    assert file.require(file.data, "n", float) == 3.0
    assert file.require(file.data, "on", date) == date(2026, 4, 1)
    with pytest.raises(RuleFileError, match="key 'at': expected a date"):
        file.require(file.data, "at", date)


def test_blank_text_and_list_items():
    file = rules()
    with pytest.raises(RuleFileError, match="key 'anchor': expected non-blank text, found '   '"):
        file.require("rules.duty_of_candour_notification", "anchor", str)
    assert file.optional("rules.duty_of_candour_notification", "anchor", str) == "   "
    with pytest.raises(RuleFileError, match=r"key 'source': expected a list of text values, found \['S40', 7\]"):
        file.require("rules.duty_of_candour_notification", "source", list[str])


def test_choices_and_enums():
    class Unit(StrEnum):
        HOURS = "hours"
        DAYS = "days"

    file = read_rule_file('unit = "weeks"\nop = "=="', file_label="x.toml")
    with pytest.raises(RuleFileError, match="key 'unit': expected one of hours, days, found 'weeks'"):
        file.require(file.data, "unit", Unit)
    with pytest.raises(RuleFileError, match="key 'op': expected one of <, <=, found '=='"):
        file.require(file.data, "op", str, choices=("<", "<="))


def test_optional_gives_the_default_only_when_absent():
    file = rules()
    assert file.optional("rules.duty_of_candour_notification", "note", str, "") == ""
    assert file.optional("missing.table", "note", int, 3) == 3
    with pytest.raises(RuleFileError, match="key 'days'"):
        file.optional("rules.duty_of_candour_notification", "days", int, 3)


def test_unknown_keys_are_named():
    with pytest.raises(RuleFileError) as caught:
        rules().known_keys("rules.duty_of_candour_notification", {"label", "quantity"})
    assert caught.value.table == "rules.duty_of_candour_notification"
    assert "unknown keys anchor, confidence, days, on, source (the keys are label, quantity)" in str(caught.value)


def test_array_of_tables_are_named_by_position():
    file = rules()
    (item,) = file.array_of_tables("items")
    with pytest.raises(RuleFileError, match=r"\[items\[0\]\], key 'label': missing"):
        file.require(item, "label", str)
    with pytest.raises(RuleFileError, match=r"expected one or more \[\[rules\]\] tables"):
        file.array_of_tables("rules")
    assert file.array_of_tables("none", required=False) == []


def test_toml_syntax_error_gives_the_line():
    with pytest.raises(RuleFileError) as caught:
        read_rule_file('schema = 1\nlabel = "unclosed\n', file_label="deadlines.toml")
    assert caught.value.line == 2
    assert str(caught.value).startswith("deadlines.toml, line 2: not valid TOML")


def test_reads_paths_and_traversables(tmp_path: Path):
    path = tmp_path / "mine.toml"
    path.write_text('version = "1"', encoding="utf-8")
    assert read_rule_file(path).label == "mine.toml"
    assert read_rule_file(path).data == {"version": "1"}
    packaged = resources.files("oversight.deadlines").joinpath("deadlines.toml")
    assert read_rule_file(packaged).label == "deadlines.toml"
    with pytest.raises(RuleFileError, match=r"^absent\.toml: no such file$"):
        read_rule_file(tmp_path / "absent.toml")


def test_readers_keep_their_own_error_class():
    class PolicyError(RuleFileError):
        pass

    with pytest.raises(PolicyError):
        read_rule_file("x = [", file_label="p.toml", error=PolicyError)
    file = read_rule_file("x = 1", error=PolicyError)
    with pytest.raises(PolicyError):
        file.require(file.data, "x", str)


@pytest.mark.parametrize("spelling", ["unconfirmed", "UNCONFIRMED", " Unconfirmed "])
def test_confidence_accepts_the_legacy_capitals(spelling):
    assert parse_confidence(spelling, "never_events.toml") is Confidence.UNCONFIRMED
    assert rules().require("rules.duty_of_candour_notification", "confidence", Confidence) is Confidence.UNCONFIRMED


def test_confidence_error_lists_the_vocabulary():
    with pytest.raises(RuleFileError) as caught:
        parse_confidence("probably", "never_events.toml")
    assert str(caught.value) == (
        "never_events.toml: expected one of confirmed, secondary, unconfirmed, found 'probably'"
    )
    assert caught.value.file == "never_events.toml"
