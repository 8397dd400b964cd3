"""The deadline policy loaded from deadlines.toml."""

from __future__ import annotations

import tomllib
from datetime import UTC, date, datetime
from importlib import resources
from zoneinfo import ZoneInfo

import pytest

from oversight.deadlines import (
    REQUIRED_RULES,
    ClockStatus,
    Confidence,
    Kind,
    PolicyError,
    Unit,
    default_policy,
    load_policy,
    policy_from_mapping,
)
from oversight.rulefiles import RuleFileError

LONDON = ZoneInfo("Europe/London")


@pytest.fixture(scope="module")
def policy():
    return default_policy()


def _packaged():
    return tomllib.loads(resources.files("oversight.deadlines").joinpath("deadlines.toml").read_text("utf-8"))


def test_every_required_rule_is_present_and_described(policy):
    assert set(policy.rules) >= REQUIRED_RULES
    for rule in policy:
        assert rule.label and rule.anchor and rule.starts_from
        assert rule.source and all(tag in policy.sources for tag in rule.source)
        assert isinstance(rule.unit, Unit) and isinstance(rule.confidence, Confidence)


@pytest.mark.parametrize(
    ("name", "quantity", "unit", "confidence"),
    [
        ("duty_of_candour_notification", 10, Unit.WORKING_DAYS, Confidence.UNCONFIRMED),
        ("duty_of_candour_written_follow_up", 10, Unit.WORKING_DAYS, Confidence.UNCONFIRMED),
        ("complaint_acknowledgement", 3, Unit.WORKING_DAYS, Confidence.SECONDARY),
        ("complaint_response", 6, Unit.CALENDAR_MONTHS, Confidence.SECONDARY),
        ("complaint_time_limit", 12, Unit.CALENDAR_MONTHS, Confidence.SECONDARY),
        ("phso_referral", 1, Unit.YEARS, Confidence.CONFIRMED),
        ("subject_access_request", 1, Unit.CALENDAR_MONTHS, Confidence.CONFIRMED),
        ("ico_personal_data_breach", 72, Unit.HOURS, Confidence.CONFIRMED),
        ("pecr_breach", 24, Unit.HOURS, Confidence.SECONDARY),
        ("cqc_complaints_summary", 28, Unit.CALENDAR_DAYS, Confidence.CONFIRMED),
        ("medical_appraisal", 1, Unit.YEARS, Confidence.SECONDARY),
        ("revalidation", 5, Unit.YEARS, Confidence.CONFIRMED),
        ("mhps_immediate_exclusion", 14, Unit.CALENDAR_DAYS, Confidence.CONFIRMED),
        ("mhps_formal_exclusion", 28, Unit.CALENDAR_DAYS, Confidence.CONFIRMED),
    ],
)
def test_rule_values(policy, name, quantity, unit, confidence):
    rule = policy[name]
    assert (rule.quantity, rule.unit, rule.confidence) == (quantity, unit, confidence)


def test_time_limits_are_warnings(policy):
    assert policy["complaint_time_limit"].kind is Kind.TIME_LIMIT
    assert policy["phso_referral"].kind is Kind.TIME_LIMIT
    assert policy["complaint_response"].kind is Kind.DEADLINE


def test_duty_of_candour_over_christmas(policy):
    assert policy.due("duty_of_candour_notification", date(2024, 12, 20)) == date(2025, 1, 8)


def test_complaint_acknowledgement(policy):
    assert policy.due("complaint_acknowledgement", date(2024, 5, 3)) == date(2024, 5, 9)


def test_subject_access_request_rolls_to_the_next_working_day(policy):
    assert policy.due("subject_access_request", date(2024, 9, 3)) == date(2024, 10, 3)
    assert policy.due("subject_access_request", date(2024, 1, 31)) == date(2024, 2, 29)
    # 29 March 2024 was Good Friday and 1 April Easter Monday.
    assert policy.due("subject_access_request", date(2024, 2, 29)) == date(2024, 4, 2)
    # 31 August 2024 -> 30 September (Monday).
    assert policy.due("subject_access_request", date(2024, 8, 31)) == date(2024, 9, 30)
    assert policy.due("subject_access_request", date(2024, 10, 5)) == date(2024, 11, 5)  # a Tuesday
    # Corresponding date a Saturday (30 November 2024) -> Monday.
    assert policy.due("subject_access_request", date(2024, 10, 30)) == date(2024, 12, 2)


def test_subject_access_request_extension(policy):
    assert policy.due("subject_access_request", date(2024, 1, 31), extended=True) == date(2024, 4, 30)
    with pytest.raises(ValueError, match="no extension"):
        policy.due("complaint_response", date(2024, 1, 31), extended=True)


def test_complaint_response_and_agreed_dates(policy):
    received = date(2024, 8, 31)
    assert policy.due("complaint_response", received) == date(2025, 2, 28)
    later = date(2025, 4, 30)
    assert policy.due("complaint_response", received, agreed_date=later, agreed_on=date(2025, 2, 1)) == later
    # Agreed on the last day: still before the period lapsed.
    assert policy.due("complaint_response", received, agreed_date=later, agreed_on=date(2025, 2, 28)) == later
    # Agreed after the six months ran out: the statutory date stands.
    assert policy.due("complaint_response", received, agreed_date=later, agreed_on=date(2025, 3, 3)) == date(
        2025, 2, 28
    )
    assert policy["complaint_response"].agreement_is_valid(received, date(2025, 2, 28))
    assert not policy["complaint_response"].agreement_is_valid(received, date(2025, 3, 1))
    with pytest.raises(ValueError, match="agreed_on"):
        policy.due("complaint_response", received, agreed_date=later)
    with pytest.raises(ValueError, match="does not allow"):
        policy.due("subject_access_request", received, agreed_date=later, agreed_on=received)


def test_ico_breach_is_72_elapsed_hours(policy):
    aware = datetime(2024, 10, 25, 9, 0, tzinfo=LONDON)
    due = policy.due("ico_personal_data_breach", aware)
    assert due.astimezone(UTC) == datetime(2024, 10, 28, 8, 0, tzinfo=UTC)
    with pytest.raises(ValueError, match="timezone-aware"):
        policy.due("ico_personal_data_breach", datetime(2024, 10, 25, 9, 0))
    with pytest.raises(TypeError, match="datetime"):
        policy.due("ico_personal_data_breach", date(2024, 10, 25))


def test_day_rules_reject_datetimes(policy):
    with pytest.raises(TypeError, match="not a datetime"):
        policy.due("complaint_acknowledgement", datetime(2024, 5, 3, 9, 0, tzinfo=LONDON))


def test_calendar_days_years_and_time_limits(policy):
    assert policy.due("cqc_complaints_summary", date(2024, 2, 10)) == date(2024, 3, 9)
    assert policy.due("revalidation", date(2020, 2, 29)) == date(2025, 2, 28)
    assert policy.due("medical_appraisal", date(2024, 7, 15)) == date(2025, 7, 15)
    assert policy.due("complaint_time_limit", date(2023, 3, 31)) == date(2024, 3, 31)
    assert policy.due("phso_referral", date(2024, 2, 29)) == date(2025, 2, 28)


def test_policy_clock_uses_each_rules_window(policy):
    received = date(2024, 5, 3)
    assert (
        policy.clock("complaint_acknowledgement", received, now=date(2024, 5, 7)).status
        is ClockStatus.NOT_DUE
    )
    assert (
        policy.clock("complaint_acknowledgement", received, now=date(2024, 5, 8)).status
        is ClockStatus.DUE_SOON
    )
    assert (
        policy.clock("complaint_acknowledgement", received, now=date(2024, 5, 10)).status
        is ClockStatus.OVERDUE
    )
    done = policy.clock(
        "complaint_acknowledgement", received, now=date(2024, 6, 1), completed=date(2024, 5, 9)
    )
    assert done.status is ClockStatus.MET
    appraisal = policy.clock("medical_appraisal", date(2024, 7, 15), now=date(2025, 5, 1))
    assert appraisal.status is ClockStatus.DUE_SOON  # within 60 working days
    aware = datetime(2024, 6, 3, 9, 0, tzinfo=LONDON)
    ico = policy.clock("ico_personal_data_breach", aware, now=datetime(2024, 6, 5, 12, 0, tzinfo=LONDON))
    assert ico.status is ClockStatus.DUE_SOON and ico.hours_remaining == 21


def test_unknown_rule_lists_the_known_ones(policy):
    with pytest.raises(KeyError, match="complaint_response"):
        policy.rule("complaint_reply")


def test_overrides_change_one_value():
    policy = load_policy(overrides={"rules": {"duty_of_candour_notification": {"quantity": 5}}})
    assert policy["duty_of_candour_notification"].quantity == 5
    assert policy["duty_of_candour_notification"].unit is Unit.WORKING_DAYS
    assert policy.due("duty_of_candour_notification", date(2024, 12, 20)) == date(2024, 12, 31)


def test_extra_non_working_days_in_configuration():
    policy = load_policy(overrides={"calendar": {"extra_non_working_days": [date(2030, 6, 3)]}})
    assert policy.due("complaint_acknowledgement", date(2030, 5, 31)) == date(2030, 6, 6)
    assert default_policy().due("complaint_acknowledgement", date(2030, 5, 31)) == date(2030, 6, 5)


def test_load_from_a_file(tmp_path):
    path = tmp_path / "deadlines.toml"
    path.write_bytes(resources.files("oversight.deadlines").joinpath("deadlines.toml").read_bytes())
    assert load_policy(path).version == default_policy().version


@pytest.mark.parametrize(
    ("override", "message"),
    [
        ({"schema": 2}, "schema"),
        ({"rules": {"pecr_breach": {"unit": "fortnights"}}}, r"\[rules.pecr_breach\], key 'unit': expected one of"),
        ({"rules": {"pecr_breach": {"quantity": 0}}}, "quantity"),
        ({"rules": {"pecr_breach": {"confidence": "probably"}}}, "confidence"),
        ({"rules": {"pecr_breach": {"source": ["S999"]}}}, "not defined"),
        ({"rules": {"pecr_breach": {"colour": "red"}}}, "unknown keys"),
        ({"rules": {"pecr_breach": {"roll_to_working_day": "yes"}}}, "true or false"),
        ({"calendar": {"extra_non_working_days": ["2030-06-03"]}}, "TOML dates"),
        ({"calendar": {"country": "XX"}}, "calendar"),
    ],
)
def test_malformed_configuration_is_rejected(override, message):
    with pytest.raises(PolicyError, match=message):
        load_policy(overrides=override)


def test_missing_required_rule_is_rejected():
    data = _packaged()
    del data["rules"]["subject_access_request"]
    with pytest.raises(PolicyError, match="subject_access_request"):
        policy_from_mapping(data)


def test_extra_rules_are_allowed():
    data = _packaged()
    data["rules"]["local_sla"] = {
        "label": "Local",
        "quantity": 2,
        "unit": "working_days",
        "anchor": "receipt",
        "source": ["S53"],
        "confidence": "unconfirmed",
    }
    assert policy_from_mapping(data)["local_sla"].kind is Kind.DEADLINE


def test_errors_name_the_file_table_and_key_and_are_rule_file_errors(tmp_path):
    path = tmp_path / "trust-deadlines.toml"
    text = resources.files("oversight.deadlines").joinpath("deadlines.toml").read_text("utf-8")
    path.write_text(text.replace("quantity = 10", 'quantity = "ten"', 1), encoding="utf-8")
    with pytest.raises(RuleFileError) as caught:
        load_policy(path)
    assert isinstance(caught.value, PolicyError)
    assert str(caught.value) == (
        "trust-deadlines.toml, [rules.duty_of_candour_notification], key 'quantity': "
        "expected a whole number, found 'ten'"
    )


def test_a_toml_syntax_error_names_the_line(tmp_path):
    path = tmp_path / "deadlines.toml"
    path.write_text('schema = 1\nversion = "2025.1\n', encoding="utf-8")
    with pytest.raises(PolicyError, match=r"^deadlines\.toml, line 2: not valid TOML"):
        load_policy(path)


def test_legacy_capital_confidence_is_accepted():
    policy = load_policy(overrides={"rules": {"pecr_breach": {"confidence": "UNCONFIRMED"}}})
    assert policy["pecr_breach"].confidence is Confidence.UNCONFIRMED
