"""Properties of the scoring and segmentation rules (Hypothesis)."""

from __future__ import annotations

import numpy as np
import pandas as pd
from hypothesis import given, settings
from hypothesis import strategies as st

from oversight.nof.method import Rule
from oversight.nof.scoring import continuous, target_met
from oversight.nof.segmentation import adjusted_segments, final_segments, league_ranks, quartile_segments

values = st.lists(
    st.floats(min_value=-1e4, max_value=1e4, allow_nan=False).map(lambda x: round(x, 2)),
    min_size=2,
    max_size=60,
)
better = st.sampled_from(["higher", "lower"])
fast = settings(max_examples=60)


@fast
@given(values, better)
def test_continuous_scores_lie_in_1_to_4_best_1_and_order_follows_values(xs, direction):
    x = np.array(xs)
    _, scores = continuous(x, Rule(name="continuous", better=direction))
    assert ((scores >= 1) & (scores <= 4)).all()
    best = x.max() if direction == "higher" else x.min()
    assert (scores[x == best] == 1).all()
    key = -x if direction == "higher" else x
    order = np.argsort(key, kind="stable")
    assert (np.diff(scores[order]) >= -1e-12).all()  # better value, never a worse score
    if len(set(xs)) > 1:
        worst = x.min() if direction == "higher" else x.max()
        assert scores[x == worst].max() <= 4 and scores.max() > 1


@fast
@given(values, better, st.floats(min_value=-100, max_value=100), st.permutations(range(60)))
def test_continuous_ignores_order_and_shifts(xs, direction, shift, perm):
    x = np.array(xs)
    rule = Rule(name="continuous", better=direction)
    _, scores = continuous(x, rule)
    _, shifted = continuous(np.round(x + round(shift, 2), 2), rule)
    index = np.array([p for p in perm if p < len(x)])
    _, permuted = continuous(x[index], rule)
    assert np.allclose(scores[index], permuted)
    if len(set(np.round(x + round(shift, 2), 2))) == len(set(xs)):  # no ties made by rounding
        assert np.allclose(scores, shifted)


@fast
@given(values, better, st.floats(min_value=-1e4, max_value=1e4))
def test_target_met_scores_1_exactly_for_trusts_meeting_it(xs, direction, threshold):
    x = np.array(xs)
    op = ">=" if direction == "higher" else "<="
    _, scores = target_met(x, Rule(name="target_met", better=direction, op=op, threshold=threshold))
    meets = x >= threshold if direction == "higher" else x <= threshold
    assert (scores[meets] == 1).all()
    assert ((scores[~meets] >= 2) & (scores[~meets] <= 4)).all()


averages = st.lists(st.floats(min_value=1, max_value=4).map(lambda x: round(x, 2)), min_size=1, max_size=200)


@fast
@given(averages, st.sampled_from(["better", "worse"]))
def test_quartiles_are_monotone_and_about_a_quarter_each(xs, edge_ties):
    average = pd.Series(xs, index=[f"T{i}" for i in range(len(xs))])
    types = pd.Series("Acute trust", index=average.index)
    segments = quartile_segments(average, types, {"edge_ties": edge_ties})
    assert segments.between(1, 4).all()
    order = average.sort_values(kind="stable").index
    assert (segments[order].diff().dropna() >= 0).all()
    if len(set(xs)) == len(xs):  # no ties: each segment holds n/4, give or take one
        counts = segments.value_counts().reindex([1, 2, 3, 4], fill_value=0)
        assert (counts - len(xs) / 4).abs().max() < 1


@fast
@given(st.lists(st.tuples(st.integers(1, 4), st.booleans(), st.booleans()), min_size=1, max_size=50))
def test_cap_and_segment_5(rows):
    index = [f"T{i}" for i in range(len(rows))]
    unadjusted = pd.Series([float(r[0]) for r in rows], index=index)
    deficit = pd.Series([r[1] for r in rows], index=index)
    rsp = pd.Series([r[2] for r in rows], index=index)
    adjusted = adjusted_segments(unadjusted, deficit, 3)
    final = final_segments(adjusted, rsp, 5)
    assert (adjusted >= unadjusted).all()
    assert (adjusted[deficit] >= 3).all()
    assert (adjusted[~deficit] == unadjusted[~deficit]).all()
    assert (final[rsp] == 5).all() and (final[~rsp] == adjusted[~rsp]).all()


@fast
@given(
    st.lists(
        st.tuples(st.integers(1, 4), st.floats(1, 4).map(lambda x: round(x, 2))), min_size=1, max_size=80
    )
)
def test_league_rank_orders_by_segment_then_average(rows):
    index = [f"T{i}" for i in range(len(rows))]
    adjusted = pd.Series([float(r[0]) for r in rows], index=index)
    average = pd.Series([r[1] for r in rows], index=index)
    ranks = league_ranks(adjusted, average, pd.Series("x", index=index)).tolist()
    assert min(ranks) == 1 and max(ranks) <= len(rows)
    keys = [(float(s), a) for s, a in rows]
    for i, key in enumerate(keys):
        for j, other in enumerate(keys):
            if key < other:
                assert ranks[i] < ranks[j]
            elif key == other:
                assert ranks[i] == ranks[j]
