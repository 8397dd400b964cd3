"""Every IUC KPI is a registered indicator whose words match the configured limits, and the rule files say
how sure they are (docs/rules/urgent-care.md)."""

from __future__ import annotations

from importlib import resources

import pytest

from oversight.indicators import registry
from oversight.iuc.adc_items import ItemLookupError, default_items, load_items
from oversight.iuc.kpis import kpi_definitions
from oversight.iuc.rules import IucRulesError, default_rules, load_rules
from oversight.rulefiles import Confidence


def test_every_call_kpi_registered_as_a_call_level_indicator():
    for kpi in kpi_definitions(default_rules()):
        metric = registry().metric(kpi.code)
        assert metric.source == "iuc-calls" and metric.module == "urgent_care"
        assert metric.publication_lag_months == 0


def test_labels_state_the_configured_limits():
    rules = default_rules()
    assert f"{rules.call_back_minutes} minutes" in registry().metric("iuc_call_back_in_time").label
    label = registry().metric("iuc_assessment_in_time").label
    assert f"{rules.urgent_assessment_minutes} minutes" in label and str(rules.other_assessment_minutes) in label
    assert f"{rules.validation_minutes} minutes" in registry().metric("iuc_validated_in_time").label
    assert f"0{rules.practice_by_hour}:00" in registry().metric("iuc_practice_notified_in_time").label


def test_targets_by_year_with_confidence():
    reg = registry()
    assert [(t.financial_year, t.value, t.confidence) for t in reg.metric("iuc_adc_ed_booked").targets] == [
        ("2021-22", 0.7, Confidence.SECONDARY)]
    assert reg.metric("nhs111_mds_answered_60s").targets[0].confidence == Confidence.CONFIRMED
    assert reg.metric("nhs111_mds_abandoned_30s").targets[0].value == 0.05
    assert reg.metric("iuc_adc_clinical_input").targets[0].is_unconfirmed
    assert all(t.is_unconfirmed for h in (1, 2, 6) for t in reg.metric(f"iuc_face_to_face_in_time_{h}h").targets)
    assert reg.metric("iuc_assessment_urgent_in_time").targets[0].confidence == Confidence.SECONDARY
    assert reg.metric("iuc_adc_answered_60s").publication_lag_months == 2


def test_item_lookup_is_marked_unconfirmed_and_covers_both_series():
    items = default_items()
    assert {y.series for y in items.values()} == {"mds", "adc"}
    assert items["2020-21"].series == "mds" and items["2021-22"].series == "adc"
    assert all(y.confidence == Confidence.UNCONFIRMED for y in items.values())


def test_bad_lookup_and_rules_named(tmp_path):
    path = tmp_path / "items.toml"
    path.write_text('[years."2021-22"]\nseries = "adc"\nconfidence = "unconfirmed"\n[years."2021-22".items]\nX1 = "calls"\n')
    with pytest.raises(ItemLookupError, match=r"years.2021-22.items.*unknown field"):
        load_items(path)
    rules = tmp_path / "rules.toml"
    shipped = resources.files("oversight.iuc").joinpath("rules.toml").read_text(encoding="utf-8")
    rules.write_text(shipped.replace('urgent_priorities = ["emergency", "urgent"]', 'urgent_priorities = ["critical"]'))
    with pytest.raises(IucRulesError, match="urgent_priorities"):
        load_rules(rules)
