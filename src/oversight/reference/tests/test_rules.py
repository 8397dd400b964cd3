"""PSII and Duty of Candour rule helpers."""

from __future__ import annotations

import pytest

from oversight.reference import duty_of_candour_applies, load, requires_psii


@pytest.mark.parametrize("code", [item.code for item in load("never_events")])
def test_every_never_event_requires_a_psii(code):
    decision = requires_psii(never_event=code)
    assert decision.required and bool(decision)
    assert "Never Event" in decision.reasons[0]


def test_death_due_to_problems_in_care_requires_a_psii():
    decision = requires_psii(death_more_likely_than_not_due_to_problems_in_care=True)
    assert decision.required
    both = requires_psii(never_event="NE03", death_more_likely_than_not_due_to_problems_in_care=True)
    assert len(both.reasons) == 2


def test_other_incidents_do_not_require_one_nationally():
    decision = requires_psii()
    assert not decision.required and not decision
    assert decision.reasons


def test_unknown_never_event_code_is_an_error():
    with pytest.raises(KeyError, match="NE01"):
        requires_psii(never_event="NE99")


def test_retired_never_event(tmp_path):
    from importlib import resources

    text = resources.files("oversight.reference").joinpath("data", "never_events.toml").read_text("utf-8")
    start = text.index('code = "NE16"')
    text = text[:start] + text[start:].replace("active = true", "active = false", 1)
    (tmp_path / "never_events.toml").write_text(text, "utf-8")
    decision = requires_psii(never_event="NE16", directory=tmp_path)
    assert not decision.required and "no longer" in decision.reasons[0]
    assert requires_psii(never_event="NE16").required


@pytest.mark.parametrize(
    ("physical", "expected"),
    [("none", False), ("low", False), ("moderate", True), ("severe", True), ("fatal", True)],
)
def test_duty_of_candour_physical(physical, expected):
    assert duty_of_candour_applies(physical_harm=physical).required is expected


def test_duty_of_candour_prolonged_psychological_harm():
    assert not duty_of_candour_applies(psychological_harm="low", psychological_harm_days=27)
    assert duty_of_candour_applies(psychological_harm="low", psychological_harm_days=28)
    unknown = duty_of_candour_applies(psychological_harm="low")
    assert not unknown and "28 days" in unknown.to_check[0]
    assert duty_of_candour_applies(psychological_harm="moderate")
    assert not duty_of_candour_applies(psychological_harm="none", psychological_harm_days=100)
    with pytest.raises(ValueError, match="psychological_harm_days"):
        duty_of_candour_applies(psychological_harm="low", psychological_harm_days=-1)


def test_duty_of_candour_combined_and_missing():
    decision = duty_of_candour_applies(
        physical_harm="severe", psychological_harm="low", psychological_harm_days=40
    )
    assert decision.required and len(decision.reasons) == 2
    nothing = duty_of_candour_applies()
    assert not nothing and nothing.to_check == ("No harm level recorded",)
    with pytest.raises(KeyError):
        duty_of_candour_applies(physical_harm="catastrophic")
