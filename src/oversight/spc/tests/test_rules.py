"""Special-cause rules on hand-made vectors (docs/rules/spc-making-data-count.md; reference README 4-7)."""

from __future__ import annotations

import numpy as np
import pytest

from oversight.spc.engine import spc_arrays
from oversight.spc.labels import label_texts
from oversight.spc.options import spc_options
from oversight.spc.rules import window_all, window_any_ahead


def run(y, starts=(0,), **options):
    return spc_arrays(np.asarray(y, float), np.asarray(starts), spc_options(**options))


def labels_of(result, **options):
    texts = label_texts(options.get("trend_length", 7), options.get("shift_length", 7))
    return [texts[c] for c in result.points["label"]]


@pytest.mark.parametrize("width", range(1, 9))
def test_windows_match_a_plain_loop(width):
    x = np.random.default_rng(width).random(200) < 0.7
    every = [bool(i >= width - 1 and x[i - width + 1 : i + 1].all()) for i in range(200)]
    ahead = [bool(x[i : i + width].any()) for i in range(200)]
    assert window_all(x, width).tolist() == every
    assert window_any_ahead(x, width).tolist() == ahead


def test_seven_rising_points_are_a_trend():
    y = [5, 4, 5, 4, 5, 4, 5, 4, 1, 2, 3, 4, 5, 6, 7, 4, 5, 4, 5, 4]
    result = run(y)
    raw = result.points["trend_raw"].tolist()
    assert raw[14] == 1 and sum(map(abs, raw)) == 1
    assert result.flag("trend_part").nonzero()[0].tolist() == list(range(8, 15))


def test_a_tie_breaks_a_trend():
    y = [5, 4, 5, 4, 5, 1, 2, 3, 3, 4, 5, 6, 4, 5, 4]
    assert not run(y).flag("trend_part").any()


def test_a_trend_needs_six_rises_and_may_be_set_to_six_points():
    y = [5, 4, 5, 4, 1, 2, 3, 4, 5, 6, 4, 5, 4, 5]
    assert not run(y).flag("trend_part").any()
    result = run(y, trend_length=6)
    assert result.flag("trend_part").nonzero()[0].tolist() == list(range(4, 10))
    assert "6 Point Trend (Increasing)" in labels_of(result, trend_length=6)


def test_trend_label_takes_the_next_difference_inside_a_trend():
    # a rising trend of 7 (points 6-12) then a falling one (12-18) sharing the peak
    y = [100, 103, 97, 103, 97, 103, 97, 98, 99, 100, 101, 102, 103, 102, 101, 100, 99, 98, 97, 103, 97, 103]
    got = labels_of(run(y, screen_outliers=False))
    assert got[6:12] == ["7 Point Trend (Increasing)"] * 6
    assert got[12] == "7 Point Trend (Decreasing)"  # the peak: part of both, next step is down
    assert got[18] == "7 Point Trend (Decreasing)" and got[19] == "Common Cause"


def test_a_point_on_the_mean_breaks_a_shift():
    # mean is exactly 0: seven points above with one exactly on the mean in between
    y = [1, 1, 1, 0, 1, 1, 1, -1, -1, -1, -1, -1, -1, 0]
    result = run(y)
    assert result.groups["mean"][0] == 0.0
    assert not result.flag("shift_raw").any()


def test_seven_points_above_is_a_shift_marked_on_all_seven():
    y = [0.0] * 5 + [1.0] * 7 + [0.0] * 5
    result = run(y, screen_outliers=False)
    part = result.flag("shift_part").nonzero()[0].tolist()
    assert part == list(range(5, 12)) or set(range(5, 12)) <= set(part)


def test_rules_never_cross_a_segment_boundary():
    # two segments of 6 rising points each: 12 rises in a row, but no trend within a segment
    y = list(range(6)) + list(range(10, 16))
    result = run(y, starts=(0, 6))
    assert not result.flag("trend_part").any()
    assert not result.flag("shift_part").any()


def test_two_in_three_flags_only_the_close_points_on_one_side():
    base = [10, 10.2] * 10
    y = [*base[:10], 10.62, 10.3, 10.65, *base[13:]]
    result = run(y, screen_outliers=False)
    close = result.flag("close_to_limits")
    part = result.flag("two_in_three_part")
    assert part.nonzero()[0].tolist() == [10, 12]
    assert close[10] and close[12] and not close[11]
    assert labels_of(result)[10] == "2 in 3 Above CL"


def test_two_in_three_needs_all_three_on_the_same_side():
    # NHSRplotthedots 0.2.2 fix (#143): a window with a point below the mean does not count
    base = [10, 10.2] * 10
    y = [*base[:10], 10.62, 10.1, 10.65, *base[13:]]
    result = run(y, screen_outliers=False)
    assert result.flag("close_to_limits")[[10, 12]].all()
    assert result.points["relative_to_mean"][11] == -1
    assert not result.flag("two_in_three_part").any()


def test_outside_beats_trend_beats_two_in_three_beats_shift():
    y = [10, 10.5, 9.8, 10.2, 9.9, 10.1, 10, 11, 12, 13, 14, 15, 16, 30, 10, 10.2]
    got = labels_of(run(y, screen_outliers=False))
    assert got[13] == "Above UCL"
    assert got[8].startswith("7 Point Trend")
