"""Analysis of a metric's series: targets by financial year, window, honest minimum points and lag."""

from dataclasses import replace
from datetime import date

import pandas as pd

from oversight.indicators import (
    analyse,
    describe_series,
    format_value,
    freshness_note,
    is_stale,
    reading,
    registry,
    target_for,
    window_start,
)

FOUR_HOURS = registry().metric("ae_4hr_all")


def months(n: int, first: date = date(2024, 1, 1)) -> list[date]:
    return [date(first.year + (first.month - 1 + i) // 12, (first.month - 1 + i) % 12 + 1, 1) for i in range(n)]


def frame(values: list[float]) -> pd.DataFrame:
    return pd.DataFrame({"period": months(len(values)), "value": values})


def test_target_of_the_latest_periods_financial_year_in_display_units():
    assert target_for(FOUR_HOURS, date(2025, 6, 1)) == (78.0, "78.0%: interim standard (March 2026) (2025/26)")
    value, label = target_for(FOUR_HOURS, date(2027, 6, 1))  # no 2027-28 target: the standing one
    assert value == 95.0 and label.endswith("(standing), unconfirmed")
    assert target_for(registry().metric("ae_attendances_all"), date(2025, 6, 1)) == (None, "")


def test_window_is_the_36_months_up_to_the_latest():
    assert window_start(date(2025, 6, 1)) == date(2022, 7, 1)
    assert window_start(date(2025, 6, 15), 12) == date(2024, 7, 1)


def test_values_are_formatted_in_display_units():
    assert format_value(FOUR_HOURS, 71.234) == "71.2%"
    assert format_value(registry().metric("ae_attendances_all"), 12345.0) == "12,345"
    assert format_value(None, float("nan")) == "–"


def test_a_short_series_shows_values_but_no_icon_and_says_why():
    points = analyse(frame([0.7] * 5 + [0.2]), FOUR_HOURS, by=None).points
    read = reading(FOUR_HOURS, len(points), "concern_low", "consistent_fail")
    assert (read.variation, read.assurance, read.has_signal) == ("", "", False)
    assert read.icons_text == "Fewer than 12 points: no SPC signal yet"
    text = describe_series(points, FOUR_HOURS, 78.0)
    assert text.startswith("Fewer than 12 points: no SPC signal yet: the latest point (June 2024, 20.0%)")
    assert "concern" not in text and "Assurance" not in text


def test_a_long_enough_series_keeps_its_icons():
    values = [0.7, 0.72, 0.71, 0.69, 0.7, 0.71, 0.7, 0.72, 0.7, 0.71, 0.69, 0.3]
    points = analyse(frame(values), FOUR_HOURS, by=None).points
    assert str(points.iloc[-1]["point_type"]) == "special_cause_concern"
    read = reading(FOUR_HOURS, len(points), "concern_low", "consistent_fail")
    assert read.has_signal and read.icons_text == (
        "Special cause of a concerning nature: lower; Consistently falling short of the target")
    assert describe_series(points, FOUR_HOURS, 78.0).startswith("Special cause of a concerning nature: the latest point")
    stricter = replace(FOUR_HOURS, minimum_points=20)
    assert not reading(stricter, 12, "concern_low", "").has_signal


def test_a_metric_past_its_publication_lag_has_no_new_data():
    rtt = registry().metric("rtt_18wk_incomplete")  # published about six weeks after the month: lag 2
    assert not is_stale(rtt, date(2026, 4, 1), today=date(2026, 7, 31))
    assert is_stale(rtt, date(2026, 4, 1), today=date(2026, 8, 1))
    assert freshness_note(rtt, date(2026, 4, 1), date(2026, 8, 1)) == "No new data since April 2026"
    assert freshness_note(FOUR_HOURS, date(2025, 6, 1), date(2025, 7, 20)) == ""
