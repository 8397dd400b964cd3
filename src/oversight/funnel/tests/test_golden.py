"""Parity with FunnelPlotR 0.6.0: every row of every golden set in shared/reference/funnel."""

from __future__ import annotations

import numpy as np
import pytest

from oversight.funnel import funnel
from oversight.funnel.tests.golden import GOLDEN_SETS, GRID_LIMITS, GROUP_LIMITS, meta, options, read

pytestmark = pytest.mark.shared

#: Relative tolerance. The worst difference seen is far smaller (docs/funnel.md, "Parity").
TOLERANCE = 1e-10


@pytest.fixture(scope="module", params=GOLDEN_SETS)
def case(request, shared):
    name = request.param
    data = read(shared, name, "input")
    return name, funnel(data["numerator"], data["denominator"], data["group"], options(name))


def _close(ours, theirs, label):
    ours, theirs = np.asarray(ours, float), np.asarray(theirs, float)
    assert ours.shape == theirs.shape, label
    np.testing.assert_allclose(ours, theirs, rtol=TOLERANCE, atol=1e-300, err_msg=label)


def test_phi_and_tau2(case, shared):
    name, result = case
    expected = meta(shared, name)
    _close(result.phi, expected["phi"], "phi")
    _close(result.tau2, expected["tau2"], "tau2")
    assert len(result.groups) == expected["n_groups"]


def test_every_group_row(case, shared):
    name, result = case
    golden = read(shared, name, "groups").sort_values("group").reset_index(drop=True)
    ours = result.groups
    assert ours["group"].tolist() == golden["group"].tolist()
    columns = {"numerator": "numerator", "denominator": "denominator", "rr": "rr", "s": "s", "Uzscore": "z",
               "Y": "y", "target_transformed": "target_transformed", **GROUP_LIMITS}
    for theirs, mine in columns.items():
        _close(ours[mine], golden[theirs], f"{name} {theirs}")
    _close(ours["z_trimmed"].fillna(-1e300), golden["Wuzscore"].fillna(-1e300), f"{name} Wuzscore")
    trimmed = "truncated" if "truncated" in golden else "winsorised"
    assert ours["trimmed"].tolist() == golden[trimmed].astype(int).tolist()
    if "rk" in golden:
        _close(ours["rank"], golden["rk"], "rk")
        _close(ours["decile"], golden["sp"], "sp")
    assert ours["outlier"].tolist() == golden["outlier"].astype(int).tolist()


def test_every_limits_row(case, shared):
    name, result = case
    golden = read(shared, name, "limits")
    assert len(result.limits) == len(golden)
    for theirs, mine in GRID_LIMITS.items():
        _close(result.limits[mine], golden[theirs], f"{name} grid {theirs}")
