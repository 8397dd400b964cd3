"""One wording per Making Data Count state, covering exactly oversight.spc's states."""

from oversight.indicators import (
    ASSURANCE_LABELS,
    VARIATION_FAMILIES,
    VARIATION_LABELS,
    assurance_label,
    variation_family,
)
from oversight.spc.icons import ASSURANCE_ICONS, VARIATION_ICONS
from oversight.spc.matrix import ASSURANCE_COLUMNS, VARIATION_ROWS


def test_every_spc_state_has_exactly_one_wording():
    assert set(VARIATION_LABELS) == set(VARIATION_ICONS)
    assert set(ASSURANCE_LABELS) - {""} == set(ASSURANCE_ICONS)
    assert len(set(VARIATION_LABELS.values())) == len(VARIATION_LABELS)
    assert {f"special_cause_{f}" if f != "common_cause" else f for f in VARIATION_FAMILIES} == set(VARIATION_ROWS)
    assert len(ASSURANCE_LABELS) == len(ASSURANCE_COLUMNS)


def test_icon_names_and_assurance_types_read_the_same():
    assert assurance_label("fail") == assurance_label("consistent_fail") == "Consistently falling short of the target"
    assert assurance_label("") == "No target"
    assert variation_family("improvement_low") == "improvement" and variation_family("common_cause") == "common_cause"
