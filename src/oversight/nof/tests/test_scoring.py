"""Scoring rules on small hand-made groups."""

from __future__ import annotations

import numpy as np
import pytest

from oversight.nof.method import Band, Rule
from oversight.nof.scoring import bands, continuous, discrete, lookup, rank_best_first, target_met

LOWER = Rule(name="continuous", better="lower")
HIGHER = Rule(name="continuous", better="higher")


def test_rank_ties_share_the_lowest_rank():
    assert rank_best_first(np.array([3.0, 1.0, 3.0, 2.0]), "lower").tolist() == [3, 1, 3, 2]
    assert rank_best_first(np.array([3.0, 1.0, 3.0, 2.0]), "higher").tolist() == [1, 4, 1, 3]


def test_published_rank_breaks_ties_between_rounded_values():
    values = np.array([1.40, 1.40, 1.00])
    assert rank_best_first(values, "lower", np.array([37.0, 36.0, 1.0])).tolist() == [3, 2, 1]
    # Equal published ranks stay tied; a missing one switches the tie-break off for the group.
    assert rank_best_first(values, "lower", np.array([36.0, 36.0, 1.0])).tolist() == [2, 2, 1]
    assert rank_best_first(values, "lower", np.array([37.0, np.nan, 1.0])).tolist() == [2, 2, 1]


def test_continuous_spreads_ranks_linearly_from_1_to_4():
    ranks, scores = continuous(np.array([10.0, 40.0, 20.0, 30.0]), HIGHER)
    assert ranks.tolist() == [4, 1, 3, 2]
    assert scores.tolist() == [4.0, 1.0, 3.0, 2.0]
    _, scores = continuous(np.array([0.0, 0.0, 5.0]), LOWER)
    assert scores.tolist() == [1.0, 1.0, 4.0]


def test_continuous_lone_trust_scores_1():
    assert continuous(np.array([7.0]), LOWER)[1].tolist() == [1.0]


def test_target_met_mrsa_zero_rule():
    """0 cases score 1.00; the rest 2 + 2 (rank - r0) / (n - r0), r0 the first rank with cases."""
    rule = Rule(name="target_met", better="lower", op="<=", threshold=0)
    _, scores = target_met(np.array([0, 0, 1, 3, 2, 5], dtype=float), rule)
    # ranks: 1, 1, 3, 5, 4, 6; r0 = 3, n = 6
    assert scores == pytest.approx([1, 1, 2, 2 + 2 * 2 / 3, 2 + 2 / 3, 4])


def test_target_met_threshold_and_direction():
    rule = Rule(name="target_met", better="higher", op=">=", threshold=78.0)
    _, scores = target_met(np.array([78.0, 77.9, 90.0, 50.0]), rule)
    assert scores.tolist() == [1.0, 2.0, 1.0, 4.0]
    _, scores = target_met(np.array([80.0, 77.0]), rule)
    assert scores.tolist() == [1.0, 2.0]  # a lone trust missing the target scores 2.00
    _, scores = target_met(np.array([80.0, 90.0]), rule)
    assert scores.tolist() == [1.0, 1.0]


def test_bands_first_match_wins():
    rule = Rule(name="bands", bands=(Band(">=", 0, 1), Band(">", -1, 2), Band(">", -2, 3)), otherwise=4)
    _, scores = bands(np.array([3.7, 0.0, -0.16, -1.0, -1.97, -2.03, -19.6]), rule)
    assert scores.tolist() == [1, 1, 2, 3, 3, 4, 4]


def test_discrete_passes_scores_through():
    assert discrete(np.array([1.0, 4.0]), Rule(name="discrete"))[1].tolist() == [1.0, 4.0]


def test_lookup_combined_finance_table():
    rule = Rule(
        name="lookup",
        inputs=("OF1079", "OF1081"),
        table=((1, 1, 2, 3), (2, 2, 3, 4), (2, 3, 3, 4), (2, 3, 4, 4)),
    )
    assert [lookup(rule, 1, 2), lookup(rule, 4, 1), lookup(rule, 3, 2), lookup(rule, 2, 4)] == [1, 2, 3, 4]
