"""Step 1 of the NOF method: score each metric 1.00 (best) to 4.00 (worst).

Each rule is one small function of a group's values (the trusts ranked together: one trust type, or
all types, and one unit). The rules, their parameters and which metric uses which are in the year's
method file; :func:`score_metrics` applies them to a :class:`~oversight.nof.readers.TrustData`.
"""

from __future__ import annotations

import operator

import numpy as np
import pandas as pd

from oversight.nof.method import Method, Rule
from oversight.nof.readers import TrustData

COMPARE = {"<": operator.lt, "<=": operator.le, ">": operator.gt, ">=": operator.ge}
SCORE_COLUMNS = [
    "trust_code",
    "score_id",
    "value_id",
    "units",
    "value",
    "rule",
    "population",
    "n",
    "rank",
    "score",
]


def rank_best_first(values: np.ndarray, better: str, tie_break: np.ndarray | None = None) -> np.ndarray:
    """Rank 1 = best; tied values share the lowest rank ("min").

    ``tie_break`` (NHS England's published rank) orders trusts whose values are equal, as they are when
    the published values are rounded; ignored unless every trust has one.
    """
    key = -values if better == "higher" else values
    secondary = (
        tie_break if tie_break is not None and not np.isnan(tie_break).any() else np.zeros(len(values))
    )
    order = np.lexsort((secondary, key))
    k, s = key[order], secondary[order]
    new_group = np.ones(len(order), dtype=bool)
    new_group[1:] = (k[1:] != k[:-1]) | (s[1:] != s[:-1])
    positions = np.arange(1, len(order) + 1)
    group_start = np.maximum.accumulate(np.where(new_group, positions, 0))
    ranks = np.empty(len(order), dtype=float)
    ranks[order] = group_start
    return ranks


def continuous(
    values: np.ndarray, rule: Rule, tie_break: np.ndarray | None = None
) -> tuple[np.ndarray, np.ndarray]:
    """score = 1 + 3 (rank - 1) / (n - 1); a lone trust scores 1.00. Returns (ranks, scores)."""
    ranks = rank_best_first(values, rule.better, tie_break)
    n = len(values)
    scores = np.ones(n) if n == 1 else 1 + 3 * (ranks - 1) / (n - 1)
    return ranks, scores


def target_met(
    values: np.ndarray, rule: Rule, tie_break: np.ndarray | None = None
) -> tuple[np.ndarray, np.ndarray]:
    """Trusts meeting the target score 1.00; the rest 2 + 2 (rank - r0) / (n - r0), r0 = best rank missing it.

    With ``op = "<="`` and ``threshold = 0`` this is the MRSA zero rule (0 cases score 1.00).
    A lone trust missing the target scores 2.00.
    """
    ranks = rank_best_first(values, rule.better, tie_break)
    meets = COMPARE[rule.op](values, rule.threshold)
    scores = np.ones(len(values))
    if not meets.all():
        n = len(values)
        r0 = ranks[~meets].min()
        spread = 2 + 2 * (ranks - r0) / (n - r0) if n > r0 else np.full(n, 2.0)
        scores = np.where(meets, 1.0, spread)
    return ranks, scores


def bands(
    values: np.ndarray, rule: Rule, tie_break: np.ndarray | None = None
) -> tuple[np.ndarray, np.ndarray]:
    """The first band whose ``op threshold`` the value meets gives the score, else ``otherwise``."""
    scores = np.full(len(values), rule.otherwise, dtype=float)
    unset = np.ones(len(values), dtype=bool)
    for band in rule.bands:
        hit = unset & COMPARE[band.op](values, band.threshold)
        scores[hit] = band.score
        unset &= ~hit
    return np.full(len(values), np.nan), scores


def discrete(
    values: np.ndarray, rule: Rule, tie_break: np.ndarray | None = None
) -> tuple[np.ndarray, np.ndarray]:
    """A whole score 1-4 supplied by the input (CQC ratings, SHMI banding), passed through."""
    return np.full(len(values), np.nan), values.astype(float)


SCORING_RULES = {"continuous": continuous, "target_met": target_met, "bands": bands, "discrete": discrete}


def lookup(rule: Rule, row_score: float, column_score: float) -> float:
    """A whole score from ``rule.table[row score - 1][column score - 1]`` (combined finance)."""
    return float(rule.table[int(row_score) - 1][int(column_score) - 1])


def score_metrics(
    data: TrustData, method: Method, *, use_published_ranks: bool | None = None
) -> pd.DataFrame:
    """Score every metric of every trust; one row per trust and score ID (``SCORE_COLUMNS``).

    A trust is scored on the metrics its type lists, against the trusts ranked with it (its type, or all
    types, per the metric's ``population``) that report the metric in the same units.
    ``use_published_ranks`` (default: the method's ``break_ties_with_published_rank``) orders trusts whose
    published, rounded values tie by NHS England's Rank column, when the input has one.
    """
    if use_published_ranks is None:
        use_published_ranks = method.break_ties_with_published_rank
    trust_type = data.trusts["trust_type"]
    listed = {t.name: {m.score_id: m for m in t.metrics} for t in method.trust_types.values()}
    observed = dict(tuple(data.observations.groupby("metric_id", sort=False)))
    frames = []
    lookups = []
    for score_id in method.scored_ids():
        metric = method.metrics[score_id]
        if metric.rule.name == "lookup":
            lookups.append(score_id)
            continue
        rows = observed.get(metric.input_id)
        if rows is None:
            continue
        types = rows["trust_code"].map(trust_type).to_numpy(dtype=object)
        pairs = list(zip(types, rows["units"].to_numpy(dtype=object), strict=True))
        groups: dict[tuple[str, str, Rule], list[int]] = {}  # (population, units, rule) -> pair numbers
        number_of = {pair: number for number, pair in enumerate(dict.fromkeys(pairs))}
        for (type_name, unit), number in number_of.items():
            mine = listed.get(type_name, {}).get(score_id)
            if mine is not None:
                rule = mine.rule_for(unit)
                population = type_name if rule.population == "trust_type" else "all"
                groups.setdefault((population, unit, rule), []).append(number)
        which = np.fromiter((number_of[pair] for pair in pairs), dtype=int, count=len(pairs))
        for (population, unit, rule), numbers in groups.items():
            group = rows[np.isin(which, numbers)]
            values = group["value"].to_numpy(dtype=float)
            tie_break = group["published_rank"].to_numpy(dtype=float) if use_published_ranks else None
            ranks, scores = SCORING_RULES[rule.name](values, rule, tie_break)
            frames.append(
                pd.DataFrame(
                    {
                        "trust_code": group["trust_code"].to_numpy(),
                        "score_id": score_id,
                        "value_id": metric.value_id,
                        "units": unit,
                        "value": values,
                        "rule": rule.name,
                        "population": population,
                        "n": len(values),
                        "rank": ranks,
                        "score": scores,
                    }
                )
            )
    scores = pd.concat(frames, ignore_index=True) if frames else pd.DataFrame(columns=SCORE_COLUMNS)
    for score_id in lookups:
        rule = method.metrics[score_id].rule
        wide = scores[scores["score_id"].isin(rule.inputs)].pivot(
            index="trust_code", columns="score_id", values="score"
        )
        wide = wide.reindex(columns=list(rule.inputs)).dropna()
        wide = wide[[score_id in listed.get(t, {}) for t in wide.index.map(trust_type)]]
        found = [lookup(rule, a, b) for a, b in wide.itertuples(index=False)]
        frames = [
            scores,
            pd.DataFrame(
                {
                    "trust_code": wide.index.to_numpy(),
                    "score_id": score_id,
                    "value_id": None,
                    "units": "score",
                    "value": np.nan,
                    "rule": "lookup",
                    "population": "",
                    "n": np.nan,
                    "rank": np.nan,
                    "score": found,
                }
            ),
        ]
        scores = pd.concat(frames, ignore_index=True)
    return scores[SCORE_COLUMNS]


def with_published_scores(scores: pd.DataFrame, data: TrustData, score_ids: list[str]) -> pd.DataFrame:
    """``scores`` with NHS England's published score (from the input) in place of ours for ``score_ids``,
    where the input has one; those rows get rule "published"."""
    observed = data.observations
    published = observed[
        observed["metric_id"].isin(score_ids) & observed["trust_code"].isin(data.trusts.index)
    ]
    replaced = pd.MultiIndex.from_frame(published[["trust_code", "metric_id"]])
    keep = ~pd.MultiIndex.from_frame(scores[["trust_code", "score_id"]]).isin(replaced)
    value_ids = scores.drop_duplicates("score_id").set_index("score_id")["value_id"]
    rows = pd.DataFrame(
        {
            "trust_code": published["trust_code"],
            "score_id": published["metric_id"],
            "value_id": published["metric_id"].map(value_ids),
            "units": "score",
            "value": np.nan,
            "rule": "published",
            "population": "",
            "n": np.nan,
            "rank": np.nan,
            "score": published["value"],
        }
    )
    return pd.concat([scores[keep], rows], ignore_index=True)[SCORE_COLUMNS]


def scores_wide(scores: pd.DataFrame, method: Method) -> pd.DataFrame:
    """Trust x score ID table of scores, columns in the method's order."""
    if scores.empty:
        return pd.DataFrame()
    wide = scores.pivot(index="trust_code", columns="score_id", values="score")
    return wide[[c for c in method.scored_ids() if c in wide.columns]]
