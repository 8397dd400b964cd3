"""The whole NOF method in order: scores, average, segments, deficit cap, segment 5, league table, drivers."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import pandas as pd

from oversight.nof.averages import average_scores, counted_scores, domain_scores
from oversight.nof.drivers import drivers, drivers_text
from oversight.nof.errors import InputError
from oversight.nof.method import Method
from oversight.nof.options import AVERAGE_SOURCES, PUBLISHED_SCORE_CHOICES
from oversight.nof.readers import TrustData
from oversight.nof.scoring import score_metrics, scores_wide, with_published_scores
from oversight.nof.segmentation import (
    DEFICIT_RULES,
    adjusted_segments,
    final_segments,
    league_ranks,
    unadjusted_segments,
    validate_segmentation,
)

SEGMENT_COLUMNS = ["unadjusted_segment", "adjusted_segment", "final_segment", "rank"]


@dataclass(frozen=True)
class SegmentationResult:
    """Everything the method produced for one input, for pages, reports and the CSV."""

    method: Method
    average_from: str
    published_scores: str
    scores: pd.DataFrame  # long: one row per trust and score ID (scoring.SCORE_COLUMNS)
    counted: pd.DataFrame  # trust x counted unit: the scores the average is taken over
    domains: pd.DataFrame  # trust x domain score
    trusts: pd.DataFrame  # one row per trust: average, segments, flags, rank
    drivers: pd.DataFrame  # long: each trust's worst-scoring metrics (drivers.DRIVER_COLUMNS)

    def table(self) -> pd.DataFrame:
        """One row per trust, league order: the columns of ``oversight nof segment --output``: the trust,
        its average, segments and rank, its drivers, its domain scores (under NHS England's domain score
        IDs, e.g. OF4000) and its metric scores (OF1xxx)."""
        out = self.trusts.copy()
        out["drivers"] = drivers_text(self.drivers).reindex(out.index).fillna("")
        domain_ids = self.method.publication.get("domain_scores", {})
        domains = self.domains.rename(columns=domain_ids)
        domains = domains[[c for c in domain_ids.values() if c in domains]]
        wide = scores_wide(self.scores, self.method)
        out = out.join(domains.reindex(out.index).round(2)).join(wide.reindex(out.index).round(2))
        out = out.sort_values(["trust_type", "rank", "average_score"], kind="stable", na_position="last")
        return out.reset_index()


def segment(
    data: TrustData,
    method: Method,
    *,
    average_from: str = "computed",
    use_published_ranks: bool | None = None,
    published_scores: str = "none",
    segmentation: dict[str, Any] | None = None,
) -> SegmentationResult:
    """Run the NOF method on ``data``.

    ``average_from``: "computed" (from the metric scores) or "published" (the input's OF5002, e.g. to
    check the later steps against NHS England's own average). ``published_scores``: use the input's
    published metric scores instead of ours for "cross_type" metrics (ranked across trust types, so not
    computable from a file holding one type), for "all" metrics, or "none". ``segmentation`` replaces the
    method's segmentation settings (e.g. ``{"rule": "fixed_thresholds", "thresholds": [...]}``).
    """
    if average_from not in AVERAGE_SOURCES:
        raise ValueError(f"average_from must be one of {AVERAGE_SOURCES}, not {average_from!r}")
    if published_scores not in PUBLISHED_SCORE_CHOICES:
        raise ValueError(
            f"published_scores must be one of {PUBLISHED_SCORE_CHOICES}, not {published_scores!r}"
        )
    spec = method.segmentation if segmentation is None else segmentation
    validate_segmentation(spec)

    trusts = data.trusts
    types = trusts["trust_type"]
    scores = score_metrics(data, method, use_published_ranks=use_published_ranks)
    if published_scores != "none":
        chosen = [
            sid
            for sid, m in method.metrics.items()
            if published_scores == "all" or m.rule.population == "all"
        ]
        scores = with_published_scores(scores, data, chosen)
    wide = scores_wide(scores, method)
    counted = counted_scores(wide, types, method)
    averages = average_scores(counted, method)
    if average_from == "published":
        average = _published_average(data, method.publication["average_score"])
    else:
        average = averages["average_score"]

    in_deficit, deficit_source = _deficit_flags(data, wide, method)
    unadjusted = unadjusted_segments(average, types, spec)
    adjusted = adjusted_segments(unadjusted, in_deficit, method.deficit_cap)
    final = final_segments(adjusted, trusts["in_rsp"], method.rsp_segment)
    group = types if method.league_group_by == "trust_type" else pd.Series("all", index=trusts.index)
    rank = league_ranks(adjusted, average, group, method.league_ties)

    table = pd.DataFrame(
        {
            "trust_name": trusts["trust_name"],
            "trust_type": types,
            "trust_subtype": trusts["trust_subtype"],
            "average_score": average,
            "average_computed": averages["average_score"],
            "metrics_counted": averages["metrics_counted"],
            "unadjusted_segment": unadjusted,
            "in_deficit": in_deficit,
            "deficit_flag_from": deficit_source,
            "adjusted_segment": adjusted,
            "in_rsp": trusts["in_rsp"],
            "final_segment": final,
            "rank": rank,
        },
        index=trusts.index,
    )
    for column in ("metrics_counted", *SEGMENT_COLUMNS):
        table[column] = table[column].astype("Int64")
    table.index.name = "trust_code"
    return SegmentationResult(
        method=method,
        average_from=average_from,
        published_scores=published_scores,
        scores=scores,
        counted=counted,
        domains=domain_scores(counted, method),
        trusts=table,
        drivers=drivers(counted, method),
    )


def _published_average(data: TrustData, average_id: str) -> pd.Series:
    published = data.published(average_id).reindex(data.trusts.index)
    missing = published.index[published.isna()].tolist()
    if missing:
        raise InputError(f"{data.source}: no published average score ({average_id}) for {_some(missing)}")
    return published


def _deficit_flags(data: TrustData, scores: pd.DataFrame, method: Method) -> tuple[pd.Series, pd.Series]:
    """The input's deficit flags, blanks derived by the method's rule; and where each came from."""
    flags = data.trusts["in_deficit"]
    source = pd.Series("input", index=flags.index).where(flags.notna(), "derived")
    if flags.notna().all():
        return flags.astype(bool), source
    table = data.wide("OF0").join(scores, how="outer").reindex(flags.index)
    derived = DEFICIT_RULES[method.derive_deficit_rule](table)
    flags = flags.fillna(derived)
    unknown = flags.index[flags.isna()].tolist()
    if unknown:
        raise InputError(
            f"{data.source}: no deficit flag for {_some(unknown)}, and rule {method.derive_deficit_rule} "
            f"cannot derive it from their metric values"
        )
    return flags.astype(bool), source


def _some(codes: list[str], shown: int = 5) -> str:
    """ "A, B, C" or "A, B, C, D, E and 7 more"."""
    more = f" and {len(codes) - shown} more" if len(codes) > shown else ""
    return ", ".join(codes[:shown]) + more
