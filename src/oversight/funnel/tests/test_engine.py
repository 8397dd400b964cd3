"""The engine on the rules' own fixtures (rules §10.4): runs without ../shared."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from oversight.funnel import FunnelInputError, FunnelOptions, funnel
from oversight.funnel.dispersion import average_ranks, truncate
from oversight.funnel.limits import limits_table
from oversight.funnel.outliers import flag

SIX_O = [100, 150, 180, 80, 120, 225]
SIX_E = [108, 112, 165, 95, 100, 220]
SIX = list("abcdef")


def test_unadjusted_sr_limits_match_the_package_tests():
    table = pd.DataFrame(limits_table(np.array([15.0, 20.0, 30.0]), 0.0, 1.0, FunnelOptions()))
    expected = [[0.5596924, 1.649348, 0.3862650, 2.082907],
                [0.6108260, 1.544419, 0.4479107, 1.902094],
                [0.6746958, 1.427562, 0.5289724, 1.702771]]
    np.testing.assert_allclose(table[["lcl95", "ucl95", "lcl998", "ucl998"]].to_numpy(), expected, rtol=5e-7)


def test_six_groups_phi_and_tau2():
    result = funnel(SIX_O, SIX_E, SIX)
    assert result.phi == pytest.approx(2.948033, abs=5e-7)
    assert result.tau2 == pytest.approx(0.0194775, abs=5e-8)
    assert result.groups["trimmed"].sum() == 0  # N = 6: truncation drops nothing


def test_aggregation_sums_repeated_groups():
    result = funnel([100, 150, 180, 89, 120, 225], [102, 135, 165, 95, 100, 220], list("aaabbc"))
    assert result.groups["group"].tolist() == ["a", "b", "c"]
    np.testing.assert_allclose(result.groups["rr"], [1.069652, 1.071795, 1.022727], atol=5e-7)


def test_strict_groups_refuse_a_repeat_naming_both_rows():
    with pytest.raises(FunnelInputError, match=r"group 'a' appears on rows 1 and 2") as caught:
        funnel([1, 2, 3], [4, 5, 6], ["a", "a", "b"], FunnelOptions(unique_groups=True))
    assert caught.value.group == "a" and caught.value.row == 2


RR = np.array([1, 0.95, 1.05, 0.8, 1.2, 0.6, 1.4, 0.4, 1.6, 0])


@pytest.mark.parametrize(("lower", "upper", "flags"), [
    (0.9, 1.1, "0001111111"), (0.79, 1.21, "0000011111"), (0.59, 1.41, "0000000111"), (0.38, 1.62, "0000000001"),
])
def test_outlier_truth_table(lower, upper, flags):
    assert "".join(map(str, flag(RR, np.full(10, lower), np.full(10, upper)))) == flags


def test_outlier_truth_table_multiplier_does_not_rescale_fixed_limits():
    assert flag(RR * 100, np.full(10, 0.9), np.full(10, 1.1)).tolist() == [1] * 10


def test_on_the_limit_is_inside():
    assert flag(np.array([0.9, 1.1]), np.array([0.9, 0.9]), np.array([1.1, 1.1])).tolist() == [0, 0]


def test_truncation_bands_by_group_count():
    # rules §10.2 step 5: N <= 8 keeps all; 9 drops the highest; 10-18 one at each end; 19 one low, two high.
    for n, dropped_low, dropped_high in [(8, 0, 0), (9, 0, 1), (10, 1, 1), (18, 1, 1), (19, 1, 2)]:
        kept = truncate(np.arange(n, dtype=float), 0.1).kept
        assert (~kept[: n // 2]).sum() == dropped_low and (~kept[n // 2:]).sum() == dropped_high, n


def test_average_ranks_share_ties():
    assert average_ranks(np.array([3.0, 1.0, 3.0, 2.0])).tolist() == [3.5, 1.0, 3.5, 2.0]


def test_phi_gate_falls_back_to_unadjusted_limits_but_keeps_phi():
    result = funnel([100, 101, 99, 100], [100, 100, 100, 100], list("abcd"))
    assert result.phi <= 1 and not result.adjusted and result.unadjusted
    assert result.notes and result.phi > 0


def test_no_adjusted_reports_phi_and_tau2_as_zero_and_no_outliers_without_limits():
    result = funnel(SIX_O, SIX_E, SIX, FunnelOptions(draw_adjusted=False))
    assert (result.phi, result.tau2) == (0.0, 0.0)
    assert result.groups["outlier"].sum() == 0 and result.outliers() == {"high": [], "low": []}


def test_outliers_named_high_and_low():
    result = funnel([5, 60, 30, 31, 29, 30], [100] * 6, list("abcdef"),
                    FunnelOptions(data_type="PR", limit=95, draw_adjusted=False, draw_unadjusted=True))
    assert result.outliers() == {"high": ["b"], "low": ["a"]}


def test_shmi_rounding_rounds_expected_but_not_rr():
    result = funnel([10, 20], [10.004, 19.996], ["a", "b"])
    assert result.groups["denominator"].tolist() == [10.0, 20.0]
    assert result.groups["rr"].tolist() == [10 / 10.004, 20 / 19.996]
    unrounded = funnel([10, 20], [10.004, 19.996], ["a", "b"], FunnelOptions(shmi_rounding=False))
    assert unrounded.groups["denominator"].tolist() == [10.004, 19.996]


def test_square_cqc_limits_is_off_by_default_and_recorded():
    plain = funnel(SIX_O, SIX_E, SIX, FunnelOptions(sr_method="CQC"))
    squared = funnel(SIX_O, SIX_E, SIX, FunnelOptions(sr_method="CQC", square_cqc_limits=True))
    np.testing.assert_allclose(squared.groups["od95ucl"], plain.groups["od95ucl"] ** 2)
    assert plain.summary()["options"]["square_cqc_limits"] is False
    assert squared.summary()["options"]["square_cqc_limits"] is True


def test_proportion_limits_stay_in_range_and_monotone():
    result = funnel([1, 2, 40], [3, 5, 50], list("abc"), FunnelOptions(data_type="PR"))
    limits = result.limits
    for column in ("od95lcl", "od95ucl", "lcl998", "ucl998"):
        assert limits[column].between(0, 1).all(), column


def test_multiplier_scales_limits_and_value():
    one = funnel(SIX_O, SIX_E, SIX)
    hundred = funnel(SIX_O, SIX_E, SIX, FunnelOptions(multiplier=100))
    np.testing.assert_allclose(hundred.groups["od998ucl"], one.groups["od998ucl"] * 100)
    assert hundred.groups["outlier"].tolist() == one.groups["outlier"].tolist()


@pytest.mark.parametrize(("numerator", "denominator", "group", "message"), [
    ([1, 2], [3, 0], ["a", "b"], r"row 2 \(group 'b'\): denominator is 0"),
    ([1, 2], [3, None], ["a", "b"], r"row 2 \(group 'b'\): denominator is missing"),
    ([1, -2], [3, 4], ["a", "b"], r"row 2 \(group 'b'\): numerator -2 is negative"),
    (["1", "x"], [3, 4], ["a", "b"], r"row 2 \(group 'b'\): numerator 'x' is not a number"),
    ([1, 2], [3, 4], ["a", None], r"row 2: group is missing"),
    ([], [], [], "no rows"),
])
def test_bad_input_names_the_row_and_group(numerator, denominator, group, message):
    with pytest.raises(FunnelInputError, match=message):
        funnel(numerator, denominator, group)


def test_proportion_above_one_names_the_group():
    with pytest.raises(FunnelInputError, match="group 'b': numerator is greater than denominator"):
        funnel([1, 6], [3, 5], ["a", "b"], FunnelOptions(data_type="PR"))


def test_zero_deaths_kept_by_shmi_is_refused_clearly():
    with pytest.raises(FunnelInputError, match="group 'a': a numerator of 0 has no logarithm"):
        funnel([0, 5, 6], [3, 5, 6], ["a", "b", "c"])


@pytest.mark.parametrize("options", [
    {"data_type": "XX"}, {"sr_method": "NHS"}, {"limit": 90}, {"trim_by": 0.6}, {"multiplier": 0},
    {"multiplier": "1"}, {"draw_adjusted": "yes"}, {"trim_by": 0.0},
])
def test_bad_options_name_the_option(options):
    with pytest.raises(FunnelInputError, match=next(iter(options))):
        FunnelOptions(**options)


def test_pandas_input_and_the_contract_columns():
    frame = pd.DataFrame({"o": SIX_O, "e": SIX_E, "g": SIX})
    groups = funnel(frame["o"], frame["e"], frame["g"]).groups
    for column in ("group", "numerator", "denominator", "rr", "z", "s", "od95lcl", "od95ucl", "od998lcl",
                   "od998ucl", "lcl95", "ucl95", "lcl998", "ucl998", "outlier"):
        assert column in groups.columns


def test_ratio_of_counts_with_no_counts_at_all_is_refused():
    with pytest.raises(FunnelInputError, match="every numerator is 0"):
        funnel([0, 0], [3, 4], ["a", "b"], FunnelOptions(data_type="RC"))


def test_shmi_rounding_rounds_halves_as_r_does():
    from oversight.funnel.transforms import round_expected

    # R: round(c(1.005, 2.675, 0.125, 10.004), 2) gives 1 (1.005 is stored just below), 2.67, 0.12, 10
    assert round_expected(np.array([1.005, 2.675, 0.125, 10.004])).tolist() == [1.0, 2.67, 0.12, 10.0]
