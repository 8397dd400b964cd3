"""The packaged reference data and its loader."""

from __future__ import annotations

import shutil
import subprocess
import sys
import tomllib
from importlib import resources

import pytest

from oversight.reference import (
    Confidence,
    ReferenceDataError,
    available,
    load,
    load_file,
    parse,
)
from oversight.rulefiles import RuleFileError

EXPECTED_SETS = {
    "physical_harm",
    "psychological_harm",
    "learning_responses",
    "never_events",
    "lfpse_event_types",
    "complaint_channels",
    "surveillance_levels",
    "duty_of_candour_steps",
    "professional_concern_stages",
    "aoa_appraisal_categories",
}


def _raw(name):
    return tomllib.loads(
        resources.files("oversight.reference").joinpath("data", f"{name}.toml").read_text("utf-8")
    )


def test_all_sets_are_present():
    assert set(available()) == EXPECTED_SETS


@pytest.mark.parametrize("name", sorted(EXPECTED_SETS))
def test_every_set_loads_with_version_sources_and_confidence(name):
    ref = load(name)
    assert ref.name == name and ref.title and ref.version
    assert len(ref) >= 3
    for item in ref:
        assert item.code and item.label and item.description
        assert isinstance(item.confidence, Confidence)
        assert item.source and all(tag in ref.sources for tag in item.source)
        assert set(item.attributes) == set(ref.attribute_types)
    assert len(set(ref.codes)) == len(ref)


def test_load_is_cached_and_immutable():
    ref = load("never_events")
    assert load("never_events") is ref
    with pytest.raises(AttributeError):
        ref.version = "x"
    with pytest.raises(TypeError):
        ref.items[0].attributes["active"] = False


def test_harm_levels_and_duty_of_candour_flags():
    physical = load("physical_harm")
    assert physical.codes == ("none", "low", "moderate", "severe", "fatal")
    assert [i.code for i in physical if i["notifiable_under_duty_of_candour"]] == [
        "moderate",
        "severe",
        "fatal",
    ]
    psychological = load("psychological_harm")
    assert psychological.codes == ("none", "low", "moderate", "severe")
    assert all(i.get("notifiable_if_lasting_days") == 28 for i in psychological if i.code != "none")
    assert psychological.get("none").get("notifiable_if_lasting_days") is None
    assert physical.confidence is Confidence.UNCONFIRMED


def test_learning_responses():
    responses = load("learning_responses")
    assert responses.codes == (
        "psii",
        "after_action_review",
        "swarm_huddle",
        "mdt_review",
        "thematic_review",
        "no_further_response",
    )
    assert [i.code for i in responses.where(is_investigation=True)] == ["psii"]
    assert responses.get("thematic_review").confidence is Confidence.UNCONFIRMED
    assert responses.get("psii").confidence is Confidence.CONFIRMED


def test_never_events_list():
    events = load("never_events")
    numbered = sorted((i["list_number"], i.label) for i in events if i["list_number"] is not None)
    assert [n for n, _ in numbered] == list(range(1, 15))
    assert numbered[0][1] == "Wrong site surgery" and numbered[-1][1] == "Scalding of patients"
    assert {i.code for i in events.where(category="medication")} == {"NE04", "NE05", "NE06", "NE07", "NE08"}
    assert events.get("NE01-PAIN-BLOCK")["parent"] == "NE01"
    assert events.get("NE16").confidence is Confidence.UNCONFIRMED
    assert "2021" in events.version


def test_other_sets():
    assert load("complaint_channels").codes == ("oral", "written", "electronic")
    assert load("complaint_channels").get("oral")["record_in_writing"] is True
    assert load("surveillance_levels").codes == ("routine", "enhanced", "intensive")
    assert load("lfpse_event_types").codes == ("incident", "outcome", "risk", "good_care")
    steps = load("duty_of_candour_steps")
    assert steps.codes == ("notification", "written_follow_up", "further_enquiries", "outcome_letter")
    assert [s["order"] for s in steps] == [1, 2, 3, 4]
    assert load("aoa_appraisal_categories").codes == ("1a", "1b", "2", "3")
    stages = load("professional_concern_stages")
    assert stages.codes[0] == "raised" and stages.get("closed")["is_closed"]


def test_duty_of_candour_steps_name_real_deadline_rules():
    from oversight.deadlines import default_policy

    policy = default_policy()
    for step in load("duty_of_candour_steps"):
        if step["deadline_rule"] is not None:
            assert step["deadline_rule"] in policy.rules


def test_choices_and_lookups():
    channels = load("complaint_channels")
    assert channels.choices() == [("oral", "Oral"), ("written", "Written"), ("electronic", "Electronic")]
    assert "oral" in channels and "fax" not in channels
    assert str(channels["written"]) == "Written"
    with pytest.raises(KeyError, match="oral, written, electronic"):
        channels.get("fax")
    with pytest.raises(KeyError, match="no attribute"):
        channels.get("oral")["colour"]
    with pytest.raises(KeyError, match="no attribute"):
        channels.where(colour="red")


def test_unknown_set():
    with pytest.raises(ReferenceDataError, match="available"):
        load("nonexistent_set")
    with pytest.raises(ReferenceDataError, match="identifiers"):
        load("../etc/passwd")


def test_override_directory(tmp_path):
    source = resources.files("oversight.reference").joinpath("data")
    for name in EXPECTED_SETS:
        (tmp_path / f"{name}.toml").write_text(source.joinpath(f"{name}.toml").read_text("utf-8"), "utf-8")
    path = tmp_path / "lfpse_event_types.toml"
    path.write_text(
        path.read_text("utf-8").replace('label = "Risk"', 'label = "Patient safety risk"'), "utf-8"
    )
    assert load("lfpse_event_types", directory=tmp_path).get("risk").label == "Patient safety risk"
    assert load("lfpse_event_types").get("risk").label == "Risk"
    assert load_file(path).get("risk").label == "Patient safety risk"
    shutil.copy(path, tmp_path / "renamed.toml")
    with pytest.raises(ReferenceDataError, match="does not match"):
        load_file(tmp_path / "renamed.toml")


@pytest.mark.parametrize(
    ("mutate", "message"),
    [
        (lambda d: d.update(schema=2), "schema"),
        (lambda d: d.update(confidence="maybe"), "confidence"),
        (lambda d: d.update(colour="red"), "unknown top-level"),
        (lambda d: d["items"].append(dict(d["items"][0])), "duplicate code"),
        (lambda d: d["items"][0].update(source=["S999"]), "not defined"),
        (lambda d: d["items"][0].update(colour="red"), "not declared"),
        (lambda d: d["items"][0].pop("record_in_writing"), "missing required attribute"),
        (lambda d: d["items"][0].update(record_in_writing="yes"), "must be bool"),
        (lambda d: d["items"][0].update(label=""), "label"),
        (lambda d: d["item_attributes"].update(code="str"), "clashes"),
        (lambda d: d["item_attributes"].update(weight="decimal"), "type of"),
        (lambda d: d.update(items=[]), "at least one"),
    ],
)
def test_malformed_files_are_rejected(mutate, message):
    data = _raw("complaint_channels")
    mutate(data)
    with pytest.raises(ReferenceDataError, match=message):
        parse(data)


def test_int_attribute_rejects_bool():
    data = _raw("surveillance_levels")
    data["items"][0]["order"] = True
    with pytest.raises(ReferenceDataError, match="must be int"):
        parse(data)


def test_libraries_do_not_import_django():
    code = (
        "import sys, oversight.reference, oversight.deadlines, oversight.nhs_number;"
        "oversight.reference.load('never_events'); oversight.deadlines.default_policy();"
        "bad = sorted(m for m in sys.modules if m.split('.')[0] in ('django', 'pandas', 'numpy'));"
        "assert not bad, bad"
    )
    subprocess.run([sys.executable, "-c", code], check=True)


def test_errors_name_the_file_and_the_item(tmp_path):
    path = tmp_path / "complaint_channels.toml"
    text = resources.files("oversight.reference").joinpath("data", "complaint_channels.toml").read_text("utf-8")
    path.write_text(text.replace("record_in_writing = true", 'record_in_writing = "yes"', 1), "utf-8")
    with pytest.raises(RuleFileError) as caught:
        load_file(path)
    assert isinstance(caught.value, ReferenceDataError)
    assert caught.value.file == "complaint_channels.toml"
    assert caught.value.table.startswith("items[") and caught.value.key == "record_in_writing"


def test_legacy_capital_confidence_is_normalised():
    data = _raw("complaint_channels")
    data["confidence"] = "UNCONFIRMED"
    assert parse(data).confidence is Confidence.UNCONFIRMED
