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
SCORE_COLUMNS = ["trust_code", "score_id", "value_id", "units", "value", "rule", "population", "n", "rank", "score"]


def rank_best_first(values: np.ndarray, better: str, tie_break: np.ndarray | None = None) -> np.ndarray:
    """Rank 1 = best; tied values share the lowest rank ("min").

    ``tie_break`` (NHS England's published rank) orders trusts whose values are equal, as they are when
    the published values are rounded; ignored unless every trust has one.
    """
    key = -values if better == "higher" else values
    secondary = tie_break if tie_break is not None and not np.isnan(tie_break).any() else np.zeros(len(values))
    order = np.lexsort((secondary, key))
    k, s = key[order], secondary[order]
    new_group = np.ones(len(order), dtype=bool)
    new_group[1:] = (k[1:] != k[:-1]) | (s[1:] != s[:-1])
    positions = np.arange(1, len(order) + 1)
    group_start = np.maximum.accumulate(np.where(new_group, positions, 0))
    ranks = np.empty(len(order), dtype=float)
    ranks[order] = group_start
    return ranks


def continuous(values: np.ndarray, rule: Rule, tie_break: np.ndarray | None = None) -> tuple[np.ndarray, np.ndarray]:
    """score = 1 + 3 (rank - 1) / (n - 1); a lone trust scores 1.00. Returns (ranks, scores)."""
    ranks = rank_best_first(values, rule.better, tie_break)
    n = len(values)
    scores = np.ones(n) if n == 1 else 1 + 3 * (ranks - 1) / (n - 1)
    return ranks, scores


def target_met(values: np.ndarray, rule: Rule, tie_break: np.ndarray | None = None) -> tuple[np.ndarray, np.ndarray]:
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


def bands(values: np.ndarray, rule: Rule, tie_break: np.ndarray | None = None) -> tuple[np.ndarray, np.ndarray]:
    """The first band whose ``op threshold`` the value meets gives the score, else ``otherwise``."""
    scores = np.full(len(values), rule.otherwise, dtype=float)
    unset = np.ones(len(values), dtype=bool)
    for band in rule.bands:
        hit = unset & COMPARE[band.op](values, band.threshold)
        scores[hit] = band.score
        unset &= ~hit
    return np.full(len(values), np.nan), scores


def discrete(values: np.ndarray, rule: Rule, tie_break: np.ndarray | None = None) -> tuple[np.ndarray, np.ndarray]:
    """A whole score 1-4 supplied by the input (CQC ratings, SHMI banding), passed through."""
    return np.full(len(values), np.nan), values.astype(float)


SCORING_RULES = {"continuous": continuous, "target_met": target_met, "bands": bands, "discrete": discrete}


def lookup(row_scores: pd.Series, column_scores: pd.Series, rule: Rule) -> pd.Series:
    """A whole score from ``rule.table[row score - 1][column score - 1]`` (combined finance)."""
    both = pd.concat([row_scores, column_scores], axis=1, join="inner").dropna()
    table = np.asarray(rule.table)
    rows = both.iloc[:, 0].to_numpy(dtype=int) - 1
    cols = both.iloc[:, 1].to_numpy(dtype=int) - 1
    return pd.Series(table[rows, cols], index=both.index, dtype=float)


def score_metrics(data: TrustData, method: Method, *, use_published_ranks: bool | None = None) -> pd.DataFrame:
    """Score every metric of every trust; one row per trust and score ID (``SCORE_COLUMNS``).

    ``use_published_ranks`` (default: the method's ``break_ties_with_published_rank``) orders trusts whose
    published, rounded values tie by NHS England's Rank column, when the input has one.
    """
    if use_published_ranks is None:
        use_published_ranks = method.break_ties_with_published_rank
    trust_types = data.trusts["trust_type"]
    frames = []
    lookups = []
    for score_id in method.scored_ids():
        per_type = {t.name: next((m for m in t.metrics if m.score_id == score_id), None)
                    for t in method.trust_types.values()}
        any_metric = next(m for m in per_type.values() if m is not None)
        if any_metric.rule.name == "lookup":
            lookups.append(score_id)
            continue
        rows = data.observed(any_metric.input_id)
        rows = rows[rows.index.isin(trust_types.index)]
        if rows.empty:
            continue
        rows = rows.assign(trust_type=trust_types.reindex(rows.index))
        rows = rows[[per_type.get(t) is not None for t in rows["trust_type"]]]
        rules = [per_type[t].rule_for(u) for t, u in zip(rows["trust_type"], rows["units"], strict=True)]
        population = [t if r.population == "trust_type" else "all" for t, r in zip(rows["trust_type"], rules, strict=True)]
        rows = rows.assign(rule_obj=rules, population=population)
        for (pop, units, rule), group in rows.groupby(["population", "units", "rule_obj"], sort=False):
            values = group["value"].to_numpy(dtype=float)
            tie_break = group["published_rank"].to_numpy(dtype=float) if use_published_ranks else None
            ranks, scores = SCORING_RULES[rule.name](values, rule, tie_break)
            frames.append(pd.DataFrame({
                "trust_code": group.index, "score_id": score_id, "value_id": any_metric.value_id, "units": units,
                "value": values, "rule": rule.name, "population": pop, "n": len(group), "rank": ranks,
                "score": scores,
            }))
    scores = pd.concat(frames, ignore_index=True) if frames else pd.DataFrame(columns=SCORE_COLUMNS)
    for score_id in lookups:
        rule = method.metrics[score_id].rule
        by_id = scores.set_index(["score_id", "trust_code"])["score"]
        inputs = [by_id.xs(i) if i in by_id.index.get_level_values(0) else pd.Series(dtype=float) for i in rule.inputs]
        found = lookup(inputs[0], inputs[1], rule)
        found = found[found.index.isin(trust_types.index)]
        scores = pd.concat([scores, pd.DataFrame({
            "trust_code": found.index, "score_id": score_id, "value_id": None, "units": "score", "value": np.nan,
            "rule": "lookup", "population": "", "n": np.nan, "rank": np.nan, "score": found.to_numpy(),
        })], ignore_index=True)
    return scores[SCORE_COLUMNS]


def with_published_scores(scores: pd.DataFrame, data: TrustData, score_ids: list[str]) -> pd.DataFrame:
    """``scores`` with NHS England's published score (from the input) in place of ours for ``score_ids``,
    where the input has one; those rows get rule "published"."""
    observed = data.observations
    published = observed[observed["metric_id"].isin(score_ids) & observed["trust_code"].isin(data.trusts.index)]
    replaced = pd.MultiIndex.from_frame(published[["trust_code", "metric_id"]])
    keep = ~pd.MultiIndex.from_frame(scores[["trust_code", "score_id"]]).isin(replaced)
    value_ids = scores.drop_duplicates("score_id").set_index("score_id")["value_id"]
    rows = pd.DataFrame({
        "trust_code": published["trust_code"], "score_id": published["metric_id"],
        "value_id": published["metric_id"].map(value_ids), "units": "score", "value": np.nan, "rule": "published",
        "population": "", "n": np.nan, "rank": np.nan, "score": published["value"],
    })
    return pd.concat([scores[keep], rows], ignore_index=True)[SCORE_COLUMNS]


def scores_wide(scores: pd.DataFrame, method: Method) -> pd.DataFrame:
    """Trust x score ID table of scores, columns in the method's order."""
    if scores.empty:
        return pd.DataFrame()
    wide = scores.pivot(index="trust_code", columns="score_id", values="score")
    return wide[[c for c in method.scored_ids() if c in wide.columns]]
