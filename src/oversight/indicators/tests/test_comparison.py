"""Providers compared by funnel: outliers named and judged by the metric's direction."""

from __future__ import annotations

from dataclasses import replace
from datetime import date

import pandas as pd
import pytest

from oversight.indicators import registry
from oversight.indicators.comparison import MINIMUM_PROVIDERS, compare_providers, judgement

JUNE = date(2025, 6, 1)


def observations(counts: list[tuple[str, float, float]], metric: str = "ae_4hr_all") -> pd.DataFrame:
    return pd.DataFrame([{"org_code": code, "metric": metric, "period": JUNE, "numerator": n, "denominator": d,
                          "value": n / d} for code, n, d in counts])


def twenty_providers(low_code: str = "RLOW") -> list[tuple[str, float, float]]:
    # Nineteen providers near 75% and one far below: that one is the only outlier.
    counts = [(f"R{i:02d}", 7500 + (i % 5) * 20, 10000) for i in range(19)]
    return [*counts, (low_code, 4000, 10000)]


def test_a_low_provider_on_an_increase_metric_is_worse_than_expected_and_named():
    metric = registry().metric("ae_4hr_all")
    comparison = compare_providers(observations(twenty_providers()), metric, JUNE,
                                   names={"RLOW": "Low Trust"}, focus={"RLOW"})
    [outlier] = comparison.outliers()
    assert (outlier.code, outlier.name, outlier.side, outlier.judgement, outlier.in_focus) == (
        "RLOW", "Low Trust", "low", "worse than expected", True)
    assert comparison.position("RLOW") == "worse than expected"
    assert comparison.position("R01") == "within the limits"
    assert comparison.position("NOPE") == ""
    assert "20 providers" in comparison.sentence() and "1 worse than expected" in comparison.sentence()


def test_the_judgement_follows_the_improvement_direction():
    metric = registry().metric("ae_4hr_all")
    assert judgement(metric, "high") == "better than expected"
    assert judgement(replace(metric, improvement_direction="decrease"), "high") == "worse than expected"
    assert judgement(replace(metric, improvement_direction="neutral"), "low") == "lower than expected"


def test_too_few_providers_or_a_count_metric_gives_no_comparison():
    metric = registry().metric("ae_4hr_all")
    few = observations(twenty_providers()[: MINIMUM_PROVIDERS - 1])
    assert compare_providers(few, metric, JUNE, names={}) is None
    counts = registry().metric("ae_attendances_all")
    assert compare_providers(observations(twenty_providers(), "ae_attendances_all"), counts, JUNE, names={}) is None


def test_rows_without_a_denominator_are_left_out_not_failed():
    metric = registry().metric("ae_4hr_all")
    frame = observations(twenty_providers())
    frame.loc[0, "denominator"] = 0
    frame.loc[1, "numerator"] = None
    comparison = compare_providers(frame, metric, JUNE, names={})
    assert comparison.providers == 18 and comparison.left_out == 2
    assert "2 providers are left out, with no count to compare." in comparison.sentence()


@pytest.mark.parametrize("month", [date(2025, 5, 1)])
def test_another_month_has_no_rows(month):
    metric = registry().metric("ae_4hr_all")
    assert compare_providers(observations(twenty_providers()), metric, month, names={}) is None


def test_proportions_are_stated_as_percentages_not_fractions():
    # A proportion metric's values are shown on the 0-100 scale (formatting.scale_of): the funnel works
    # on fractions, so the overall proportion and each outlier's value must be scaled before display.
    metric = registry().metric("ae_4hr_all")
    comparison = compare_providers(observations(twenty_providers()), metric, JUNE, names={})
    [outlier] = comparison.outliers()
    assert outlier.value == "40.0%"
    assert comparison.target_text.startswith("73.") and "overall 73." in comparison.sentence()
