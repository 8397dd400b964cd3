"""Check the method against NHS England's own numbers in a published long CSV.

Metric scores are recomputed from the published metric values and compared with the published scores
(within 0.01, the publication's rounding); the average with OF5002; segments three ways:

* ``computed``: everything from the metric values (our scores -> our average -> segments);
* ``computed_cross_type_published``: the same, but NHS England's scores for the metrics it ranks across
  trust types (which a file of acute trusts alone cannot reproduce);
* ``published_average``: segments from NHS England's own average score (OF5002);
* ``published_unadjusted``: only steps 3-4 (deficit cap, segment 5) from NHS England's unadjusted segment.

Every trust whose segment differs is listed with the reason. ``to_markdown()`` is what docs/nof.md shows.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from oversight.nof.averages import average_scores, counted_scores, domain_scores
from oversight.nof.errors import InputError
from oversight.nof.method import PUBLICATION_KEYS, Method
from oversight.nof.pipeline import segment
from oversight.nof.readers import TrustData
from oversight.nof.scoring import score_metrics, scores_wide
from oversight.nof.segmentation import DEFICIT_RULES, adjusted_segments, final_segments, league_ranks

TOLERANCE = 0.01 + 1e-9
STAGES = ("unadjusted_segment", "adjusted_segment", "final_segment")


@dataclass(frozen=True)
class MetricAgreement:
    score_id: str
    name: str
    rule: str
    population: str
    published: int  # trusts with a published score
    within: int  # ... reproduced within 0.01, ties broken by the published rank
    within_values_only: int  # ... reproduced within 0.01 from the values alone (tied values share a rank)
    max_difference: float
    differing: tuple[str, ...]  # trust codes not within 0.01
    note: str


@dataclass(frozen=True)
class SegmentDifference:
    trust_code: str
    trust_name: str
    stage: str
    ours: int
    published: int
    reason: str


@dataclass(frozen=True)
class PathAgreement:
    path: str
    trusts: int
    agree: dict[str, int]  # stage -> trusts agreeing; also "rank"
    differences: tuple[SegmentDifference, ...]


@dataclass(frozen=True)
class Comparison:
    trusts: int
    metrics: tuple[MetricAgreement, ...]
    average_within: int  # our average (from our scores) within 0.01 of OF5002
    average_max_difference: float
    average_cross_type_published_within: int  # ... with NHS England's scores for cross-type metrics
    average_of_published_within: int  # our averaging rule on NHS England's scores, within 0.01 of OF5002
    domains: dict[str, tuple[int, int]]  # domain -> (within 0.01, published)
    deficit_rules: dict[str, int]  # rule -> trusts agreeing with the published flag
    paths: dict[str, PathAgreement]
    published_cuts: tuple[tuple[float, float], ...]  # (worst average in segment k, best in k + 1)
    computed_cuts: tuple[tuple[float, float], ...]

    def to_markdown(self) -> str:
        return _markdown(self)


def compare_with_published(data: TrustData, method: Method) -> Comparison:
    """Compare the method's results on ``data`` (a long CSV with NHS England's outputs) with them."""
    ids = method.publication
    trusts = data.trusts
    absent = [f"{ids[k]} ({k.replace('_', ' ')})" for k in PUBLICATION_KEYS if data.published(ids[k]).empty]
    if absent:
        raise InputError(
            f"{data.source}: no published {', '.join(absent)}; compare needs NHS England's results"
        )
    published_scores = data.wide("OF1")
    metrics = _metric_agreement(data, method, published_scores)

    computed = segment(data, method)
    published_avg = data.published(ids["average_score"]).reindex(trusts.index)
    average_gap = (computed.trusts["average_score"] - published_avg).abs()
    counted_published = counted_scores(published_scores.reindex(trusts.index), trusts["trust_type"], method)
    average_of_published = average_scores(counted_published, method)["average_unrounded"]

    domains = {}
    ours_from_published = domain_scores(counted_published, method)
    for domain, domain_id in ids.get("domain_scores", {}).items():
        published = data.published(domain_id)
        if domain in ours_from_published:
            gap = (ours_from_published[domain].reindex(published.index) - published).abs()
            domains[domain] = (int((gap <= TOLERANCE).sum()), len(published))

    flag = data.published(ids["deficit_flag"]).reindex(trusts.index).astype(bool)
    table = data.wide("OF0").join(published_scores)
    deficit_rules = {
        name: int((rule(table.reindex(trusts.index)).fillna(False).astype(bool) == flag).sum())
        for name, rule in DEFICIT_RULES.items()
    }

    published = pd.DataFrame({stage: data.published(ids[stage]) for stage in STAGES}).reindex(trusts.index)
    published["rank"] = data.observed(ids["adjusted_segment"])["published_rank"].reindex(trusts.index)
    published["average_score"] = published_avg
    published["in_deficit"] = flag
    published["in_rsp"] = data.published(ids["rsp_flag"]).reindex(trusts.index).astype(bool)

    from_average = segment(data, method, average_from="published")
    hybrid = segment(data, method, published_scores="cross_type")
    paths = {
        "computed": _path("computed", computed.trusts, published, metrics),
        "computed_cross_type_published": _path(
            "computed_cross_type_published",
            hybrid.trusts,
            published,
            [m for m in metrics if m.population != "all"],
        ),
        "published_average": _path("published_average", from_average.trusts, published, metrics),
        "published_unadjusted": _path(
            "published_unadjusted", _steps_3_4(published, trusts, method), published, metrics
        ),
    }
    return Comparison(
        trusts=len(trusts),
        metrics=tuple(metrics),
        average_within=int((average_gap <= TOLERANCE).sum()),
        average_max_difference=float(average_gap.max()),
        average_cross_type_published_within=int(
            ((hybrid.trusts["average_score"] - published_avg).abs() <= TOLERANCE).sum()
        ),
        average_of_published_within=int(((average_of_published - published_avg).abs() <= TOLERANCE).sum()),
        domains=domains,
        deficit_rules=deficit_rules,
        paths=paths,
        published_cuts=_cuts(published["average_score"], published["unadjusted_segment"]),
        computed_cuts=_cuts(computed.trusts["average_score"], computed.trusts["unadjusted_segment"]),
    )


def _metric_agreement(data: TrustData, method: Method, published: pd.DataFrame) -> list[MetricAgreement]:
    with_ranks = scores_wide(score_metrics(data, method, use_published_ranks=True), method)
    values_only = scores_wide(score_metrics(data, method, use_published_ranks=False), method)
    rows = []
    for score_id in method.scored_ids():
        if score_id not in published:
            continue
        metric = method.metrics[score_id]
        target = published[score_id].dropna()
        gaps = {}
        for label, ours in (("ranks", with_ranks), ("values", values_only)):
            mine = (
                ours[score_id].reindex(target.index)
                if score_id in ours
                else pd.Series(np.nan, index=target.index)
            )
            gaps[label] = (mine - target).abs().fillna(np.inf)
        rows.append(
            MetricAgreement(
                score_id=score_id,
                name=metric.name,
                rule=metric.rule.name,
                population=metric.rule.population,
                published=len(target),
                within=int((gaps["ranks"] <= TOLERANCE).sum()),
                within_values_only=int((gaps["values"] <= TOLERANCE).sum()),
                max_difference=float(gaps["ranks"].max()) if len(target) else 0.0,
                differing=tuple(gaps["ranks"].index[gaps["ranks"] > TOLERANCE]),
                note=metric.note,
            )
        )
    return rows


def _steps_3_4(published: pd.DataFrame, trusts: pd.DataFrame, method: Method) -> pd.DataFrame:
    """Adjusted and final segments and league rank from NHS England's own unadjusted segment."""
    adjusted = adjusted_segments(published["unadjusted_segment"], published["in_deficit"], method.deficit_cap)
    group = (
        trusts["trust_type"]
        if method.league_group_by == "trust_type"
        else pd.Series("all", index=trusts.index)
    )
    return pd.DataFrame(
        {
            "trust_name": trusts["trust_name"],
            "average_score": published["average_score"],
            "unadjusted_segment": published["unadjusted_segment"],
            "in_deficit": published["in_deficit"],
            "adjusted_segment": adjusted,
            "in_rsp": published["in_rsp"],
            "final_segment": final_segments(adjusted, published["in_rsp"], method.rsp_segment),
            "rank": league_ranks(adjusted, published["average_score"], group, method.league_ties),
        }
    )


def _path(
    name: str, ours: pd.DataFrame, published: pd.DataFrame, metrics: list[MetricAgreement]
) -> PathAgreement:
    agree = {stage: int((ours[stage].astype(float) == published[stage]).sum()) for stage in STAGES}
    agree["rank"] = int((ours["rank"].astype(float) == published["rank"]).sum())
    cuts = _cuts(published["average_score"], published["unadjusted_segment"])
    differing_metrics = {}
    for m in metrics:
        for trust in m.differing:
            differing_metrics.setdefault(trust, []).append(m.score_id)
    differences = []
    for trust in ours.index:
        for stage in STAGES:
            mine, theirs = ours.at[trust, stage], published.at[trust, stage]
            if pd.isna(mine) or float(mine) != theirs:
                reason = _reason(trust, stage, ours, published, cuts, differing_metrics.get(trust, []))
                differences.append(
                    SegmentDifference(
                        trust,
                        str(ours.at[trust, "trust_name"]),
                        stage,
                        int(mine) if pd.notna(mine) else -1,
                        int(theirs),
                        reason,
                    )
                )
    return PathAgreement(name, len(ours), agree, tuple(differences))


def _reason(
    trust: str,
    stage: str,
    ours: pd.DataFrame,
    published: pd.DataFrame,
    cuts: tuple[tuple[float, float], ...],
    metrics: list[str],
) -> str:
    row, pub = ours.loc[trust], published.loc[trust]
    if stage == "adjusted_segment":
        if row["unadjusted_segment"] != pub["unadjusted_segment"]:
            return "follows from the unadjusted segment"
        return f"deficit flag: ours {bool(row['in_deficit'])}, published {bool(pub['in_deficit'])}"
    if stage == "final_segment":
        if row["adjusted_segment"] != pub["adjusted_segment"]:
            return "follows from the adjusted segment"
        return f"RSP flag: ours {bool(row['in_rsp'])}, published {bool(pub['in_rsp'])}"
    mine, theirs = float(row["average_score"]), float(pub["average_score"])
    edges = _edges(cuts)
    if abs(mine - theirs) > 0.005:
        why = f" (scores differing: {', '.join(metrics)})" if metrics else ""
        return f"average {mine:.2f} vs published {theirs:.2f}{why}; published segment edges {edges}"
    return (
        f"same average {theirs:.2f}: NHS England's segment edges ({edges}) are not quartiles of these "
        f"{len(ours)} trusts alone"
    )


def _cuts(average: pd.Series, segments: pd.Series) -> tuple[tuple[float, float], ...]:
    """(worst average in segment k, best average in segment k + 1) for k = 1, 2, 3."""
    frame = pd.DataFrame({"average": average, "segment": segments}).dropna()
    edges = []
    for k in (1, 2, 3):
        inside, above = frame[frame["segment"] == k], frame[frame["segment"] == k + 1]
        if len(inside) and len(above):
            edges.append((float(inside["average"].max()), float(above["average"].min())))
    return tuple(edges)


def _edges(cuts: tuple[tuple[float, float], ...]) -> str:
    return "; ".join(f"{a:.2f} | {b:.2f}" for a, b in cuts)


def _markdown(c: Comparison) -> str:
    n = c.trusts
    lines = [
        f"Trusts: {n}",
        "",
        (
            "| Score | Metric | Rule | Ranked among | Published | Within 0.01 | Within 0.01 from values alone "
            "| Max diff | Note |"
        ),
        "|---|---|---|---|---:|---:|---:|---:|---|",
    ]
    for m in c.metrics:
        among = {"trust_type": "trust type", "all": "all types"}[m.population]
        if m.rule in ("discrete", "lookup", "bands"):
            among = "-"
        lines.append(
            f"| {m.score_id} | {m.name} | {m.rule} | {among} | {m.published} | {m.within} | "
            f"{m.within_values_only} | {m.max_difference:.3f} | {m.note} |"
        )
    domains = ", ".join(f"{d} {w}/{total}" for d, (w, total) in c.domains.items())
    rules = ", ".join(f"{r} {agree}/{n}" for r, agree in c.deficit_rules.items())
    lines += [
        "",
        (
            f"Average score (OF5002) from our scores: {c.average_within}/{n} within 0.01 (max diff "
            f"{c.average_max_difference:.3f}); with NHS England's scores for the metrics ranked across trust types: "
            f"{c.average_cross_type_published_within}/{n}; our averaging rule applied to NHS England's own metric "
            f"scores: {c.average_of_published_within}/{n}."
        ),
        "",
        f"Domain scores from NHS England's metric scores (within 0.01): {domains}.",
        "",
        f"Deficit flag rules agreeing with OF5004: {rules}.",
        "",
        (
            f"Segment edges (worst average in segment k | best in k+1): published {_edges(c.published_cuts)}; "
            f"ours {_edges(c.computed_cuts)}."
        ),
        "",
        "| Path | Unadjusted | Adjusted | Final | League rank |",
        "|---|---:|---:|---:|---:|",
    ]
    for p in c.paths.values():
        a = p.agree
        lines.append(
            f"| {p.path} | {a['unadjusted_segment']}/{p.trusts} | {a['adjusted_segment']}/{p.trusts} | "
            f"{a['final_segment']}/{p.trusts} | {a['rank']}/{p.trusts} |"
        )
    for p in c.paths.values():
        if not p.differences:
            continue
        lines += [
            "",
            f"Differences, path {p.path}:",
            "",
            "| Trust | Name | Stage | Ours | Published | Why |",
            "|---|---|---|---:|---:|---|",
        ]
        lines += [
            f"| {d.trust_code} | {d.trust_name} | {d.stage} | {d.ours} | {d.published} | {d.reason} |"
            for d in p.differences
        ]
    return "\n".join(lines) + "\n"
