"""Step 2a of the NOF method: combine a trust's metric scores into its average (and domain) scores.

The average counts each scored metric once, except that a composite (2025/26: MRSA, E. coli and
C. difficile) is first averaged into one score, and metrics marked ``counts_in_average = false`` (the
components of combined finance) are left out. The same units, grouped by domain, give the domain scores.
"""

from __future__ import annotations

import pandas as pd

from oversight.nof.method import Method


def counted_scores(wide: pd.DataFrame, trust_types: pd.Series, method: Method) -> pd.DataFrame:
    """Trust x counted unit (score ID or composite ID): the scores the average is taken over."""
    member_of = {m: c for c in method.composites for m in c.members}
    columns: dict[str, pd.Series] = {}
    for trust_type in method.trust_types.values():
        trusts = trust_types.index[trust_types == trust_type.name]
        if trusts.empty:
            continue
        scores = wide.reindex(index=trusts)
        for metric in trust_type.metrics:
            if not metric.counts_in_average or metric.score_id not in scores:
                continue
            composite = member_of.get(metric.score_id)
            if composite is None:
                unit, value = metric.score_id, scores[metric.score_id]
            else:
                members = [m for m in composite.members if m in scores]
                unit, value = composite.id, scores[members].mean(axis=1)
            columns[unit] = value if unit not in columns else columns[unit].combine_first(value)
    frame = pd.DataFrame(columns).reindex(trust_types.index)
    return frame.dropna(axis=1, how="all")


def unit_domains(method: Method) -> dict[str, str]:
    """Counted unit -> its domain."""
    domains = {sid: m.domain for sid, m in method.metrics.items()}
    domains.update({c.id: c.domain for c in method.composites})
    return domains


def average_scores(counted: pd.DataFrame, method: Method) -> pd.DataFrame:
    """Per trust: ``average_score`` (rounded as the method says), ``average_unrounded``, ``metrics_counted``."""
    mean = counted.mean(axis=1)
    rounded = mean.round(method.average_decimals) if method.average_decimals is not None else mean
    return pd.DataFrame(
        {"average_score": rounded, "average_unrounded": mean, "metrics_counted": counted.notna().sum(axis=1)}
    )


def domain_scores(counted: pd.DataFrame, method: Method) -> pd.DataFrame:
    """Trust x domain: the mean of the domain's counted scores."""
    domains = unit_domains(method)
    by_domain = {}
    for domain in dict.fromkeys(domains[u] for u in counted.columns):
        units = [u for u in counted.columns if domains[u] == domain]
        by_domain[domain] = counted[units].mean(axis=1)
    return pd.DataFrame(by_domain, index=counted.index)
