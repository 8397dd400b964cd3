"""Limits: the vignette's worked example and the package's edge cases (reference README 1-3, 9)."""

from __future__ import annotations

import numpy as np
import pytest

from oversight.spc.engine import spc_arrays
from oversight.spc.limits import LIMIT, LIMIT_CLOSE
from oversight.spc.options import spc_options

# vignettes/deviations.Rmd (docs/rules/spc-making-data-count.md)
VIGNETTE = np.array([1, 2, 1, 2, 10, 1, 2, 1, 2, 1, 2, 1, 2, 1, 2, 1, 2, 1], dtype=float)


def limits(y, screen=True, fix_after=None):
    groups = spc_arrays(
        np.asarray(y, float), np.array([0]), spc_options(screen_outliers=screen, fix_after=fix_after)
    ).groups
    return {name: float(values[0]) for name, values in groups.items()}


def test_vignette_screened_matches_the_package():
    got = limits(VIGNETTE)
    assert round(got["mean"], 2) == 1.94
    assert round(got["upl"], 2) == 4.60
    assert round(got["lpl"], 2) == -0.72  # not clipped at zero


def test_vignette_unscreened_matches_the_excel_tool():
    got = limits(VIGNETTE, screen=False)
    assert round(got["upl"], 2) == 6.95
    assert round(got["lpl"], 2) == -3.06


def test_near_limits_are_two_thirds_of_the_way():
    got = limits(VIGNETTE)
    assert got["nupl"] - got["mean"] == pytest.approx(LIMIT_CLOSE * got["amr"])
    assert got["upl"] - got["mean"] == pytest.approx(LIMIT * got["amr"])


def test_constant_series_has_nan_limits_and_an_exact_mean():
    got = limits([0.95] * 20)
    assert got["mean"] == 0.95  # exactly: no point is off its mean by a rounding error
    assert np.isnan(got["lpl"]) and np.isnan(got["upl"])
    assert not got["limits_known"]


def test_constant_series_without_screening_has_limits_on_the_mean():
    got = limits([1.0] * 20, screen=False)
    assert got["lpl"] == got["upl"] == got["mean"] == 1.0


def test_all_ranges_screened_gives_zero_mean_moving_range():
    # mostly equal values: the few non-zero ranges are >= 3.267 x amr, so only zeros remain
    y = [1.0] * 30 + [0.9] + [1.0] * 5
    got = limits(y)
    assert got["amr"] == 0.0
    assert got["lpl"] == got["upl"] == got["mean"]


def test_single_point_has_nan_limits():
    got = limits([5.0])
    assert got["mean"] == 5.0 and np.isnan(got["upl"])


def test_fix_after_uses_the_first_points_only():
    y = list(range(12)) + [100.0] * 10
    got = limits(y, fix_after=12)
    assert got["mean"] == pytest.approx(5.5)
    assert got["amr"] == pytest.approx(1.0)
