"""The metric registry: one file per module, checked whole, errors naming file, table and key."""

from datetime import date

import pytest

from oversight.indicators import MODULE_FILES, MetricFileError, read_metric_file, registry
from oversight.indicators.registry import build_registry

GOOD = """
[[metric]]
code = "iuc_calls_abandoned"
label = "IUC calls abandoned"
unit = "proportion"
improvement_direction = "decrease"
source = "iuc"
definition = "Calls abandoned after 30 seconds / calls offered."
minimum_points = 15
publication_lag_months = 2

[[metric.target]]
financial_year = "2025-26"
value = 0.03
confidence = "UNCONFIRMED"
"""


def test_every_registered_module_reads_and_the_warehouse_metrics_are_there():
    found = registry()
    assert set(MODULE_FILES) >= {"warehouse", "governance"}
    four_hours = found.metric("ae_4hr_all")
    assert (four_hours.label, four_hours.unit, four_hours.improvement_direction) == (
        "A&E 4-hour performance, all types", "proportion", "increase")
    assert four_hours.minimum_points == 12 and four_hours.chart_kind == "spc"
    assert found.metric("rtt_18wk_incomplete").publication_lag_months == 2
    assert [t.financial_year for t in four_hours.targets_for(date(2025, 10, 1))] == ["2025-26", "standing"]


def test_a_module_file_registers_with_its_own_minimum_and_lag():
    (metric,) = read_metric_file(GOOD, file_label="iuc.toml", module="iuc")
    assert (metric.minimum_points, metric.publication_lag_months, metric.module) == (15, 2, "iuc")
    assert metric.targets[0].is_unconfirmed  # legacy capitals read as the one vocabulary


def test_a_family_expands_with_its_owners_reference_items():
    governance = registry().module("governance", {"physical_harm": [("low", "Low harm"), ("none", "No harm")]})
    codes = [m.code for m in governance]
    assert codes[:3] == ["gov_incidents_reported", "gov_incidents_harm_low", "gov_incidents_harm_none"]
    assert governance[1].label == "Incidents with low harm"
    assert "'Low harm'" in governance[1].definition


@pytest.mark.parametrize(("change", "message"), [
    (('unit = "proportion"', 'unit = "percent"'), r"iuc.toml, \[metric iuc_calls_abandoned\], key 'unit'"),
    (('minimum_points = 15', 'minimum_points = 0'), r"key 'minimum_points'"),
    (('confidence = "UNCONFIRMED"', 'confidence = "probably"'), r"\[metric iuc_calls_abandoned.target\], key 'confidence'"),
    (('label = "IUC calls abandoned"', 'lable = "typo"'), r"unknown keys lable"),
])
def test_a_bad_entry_names_file_table_and_key(change, message):
    with pytest.raises(MetricFileError, match=message):
        read_metric_file(GOOD.replace(*change), file_label="iuc.toml")


def test_a_code_registered_twice_is_refused():
    with pytest.raises(MetricFileError, match=r"already registered by iuc\.toml"):
        build_registry({"iuc": GOOD, "other": GOOD})
