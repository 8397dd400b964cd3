"""Hypothesis properties of the engine (shared/design/architecture.md, "Tests and benchmarks")."""

from __future__ import annotations

import numpy as np
import pandas as pd
from hypothesis import assume, given, settings
from hypothesis import strategies as st

from oversight.spc import spc_analysis
from oversight.spc.engine import spc_arrays
from oversight.spc.labels import CONCERN, IMPROVEMENT
from oversight.spc.options import spc_options

SETTINGS = settings(max_examples=30)
values = st.lists(st.integers(-40, 40), min_size=1, max_size=40)
many_series = st.lists(st.lists(st.integers(-40, 40), min_size=1, max_size=25), min_size=1, max_size=6)
OPTIONS = st.fixed_dictionaries(
    {"screen_outliers": st.booleans(), "fix_after": st.sampled_from([None, 12, 15])}
)


def run(y, starts=(0,), **options):
    return spc_arrays(np.asarray(y, float), np.asarray(starts, dtype=np.int64), spc_options(**options))


def no_ties(y, result) -> bool:
    """True unless a point lies (almost) exactly on a limit, where rounding may decide either way."""
    y = np.asarray(y, float)
    for name in ("lpl", "upl", "nlpl", "nupl"):
        line = result.per_point(name)
        if np.any(np.isclose(y, line, rtol=0, atol=1e-9) & ~np.isnan(line)):
            return False
    return True


def same_flags(a, b) -> None:
    for name in ("relative_to_mean", "trend_raw", "flags", "label", "point_type"):
        np.testing.assert_array_equal(a.points[name], b.points[name], err_msg=name)


@SETTINGS
@given(values, st.integers(-1000, 1000), OPTIONS)
def test_adding_a_constant_moves_the_lines_and_changes_no_flag(y, constant, options):
    before = run(y, **options)
    after = run([v + constant for v in y], **options)
    assume(no_ties(y, before))
    for name in ("mean", "lpl", "upl", "nlpl", "nupl"):
        np.testing.assert_allclose(after.groups[name], before.groups[name] + constant, rtol=0, atol=1e-9)
    same_flags(before, after)


@SETTINGS
@given(values, st.sampled_from([0.25, 0.5, 2.0, 8.0, 1024.0]), OPTIONS)
def test_scaling_by_a_positive_constant_scales_the_lines_and_changes_no_flag(y, factor, options):
    before = run(y, **options)
    after = run([v * factor for v in y], **options)
    for name in ("mean", "amr", "lpl", "upl"):
        np.testing.assert_allclose(
            after.groups[name], before.groups[name] * factor, rtol=1e-12, equal_nan=True
        )
    same_flags(before, after)


@SETTINGS
@given(values, OPTIONS)
def test_reversing_the_direction_swaps_improvement_and_concern(y, options):
    up = run(y, **options).points["point_type"]
    down = run(y, direction="decrease", **options).points["point_type"]
    swapped = np.where(up == IMPROVEMENT, CONCERN, np.where(up == CONCERN, IMPROVEMENT, up))
    np.testing.assert_array_equal(down, swapped)


@SETTINGS
@given(values, OPTIONS)
def test_negating_the_values_mirrors_every_label(y, options):
    up = run(y, **options)
    mirrored = run([-v for v in y], direction="decrease", **options)
    labels = up.points["label"]
    mirror = np.where(labels == 0, 0, np.where(labels % 2 == 1, labels + 1, labels - 1))
    np.testing.assert_array_equal(mirrored.points["label"], mirror)
    np.testing.assert_array_equal(mirrored.points["point_type"], up.points["point_type"])


@SETTINGS
@given(many_series, OPTIONS, st.integers(1, 64))
def test_series_are_independent_and_blocks_do_not_matter(series, options, block):
    y = [v for s in series for v in s]
    starts = np.cumsum([0] + [len(s) for s in series[:-1]])
    together = spc_arrays(np.asarray(y, float), starts, spc_options(**options), block_points=block)
    for i, s in enumerate(series):
        alone = run(s, **options)
        part = slice(starts[i], starts[i] + len(s))
        for name, values_ in together.points.items():
            np.testing.assert_array_equal(values_[part], alone.points[name], err_msg=name)
        for name, values_ in together.groups.items():
            np.testing.assert_array_equal(values_[i], alone.groups[name][0], err_msg=name)


@settings(max_examples=10)
@given(many_series, st.randoms(use_true_random=False))
def test_row_order_does_not_matter(series, random):
    frame = pd.DataFrame(
        {
            "s": [f"S{i}" for i, s in enumerate(series) for _ in s],
            "d": [
                pd.Timestamp("2020-01-01") + pd.DateOffset(months=j) for s in series for j in range(len(s))
            ],
            "v": [float(v) for s in series for v in s],
        }
    )
    shuffled = frame.sample(frac=1, random_state=random.randint(0, 2**31))
    expected = spc_analysis(frame, value="v", date="d", by="s").points
    got = spc_analysis(shuffled, value="v", date="d", by="s").points
    pd.testing.assert_frame_equal(got, expected)
