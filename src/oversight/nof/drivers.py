"""What drives each trust's score: its worst-scoring counted metrics.

For each trust, the counted units (metric scores, composites as one) scoring worse than 1.00, worst
first, with ``impact``: how far its average score would fall if that metric scored 1.00
(= (score - 1) / metrics counted). A league table page can show these beside the segment.
"""

from __future__ import annotations

import pandas as pd

from oversight.nof.averages import unit_domains
from oversight.nof.method import Method

DRIVER_COLUMNS = ["trust_code", "position", "metric", "name", "domain", "score", "impact"]


def drivers(counted: pd.DataFrame, method: Method, top: int | None = None) -> pd.DataFrame:
    """Long table (``DRIVER_COLUMNS``) of each trust's ``top`` (method default) worst-scoring metrics."""
    top = method.drivers_top if top is None else top
    names = {sid: m.name for sid, m in method.metrics.items()} | {c.id: c.name for c in method.composites}
    domains = unit_domains(method)
    order = {unit: i for i, unit in enumerate(counted.columns)}
    long = counted.stack().rename("score").reset_index()
    long.columns = ["trust_code", "metric", "score"]
    long = long[long["score"] > 1.0]
    long["impact"] = (long["score"] - 1.0) / long["trust_code"].map(counted.notna().sum(axis=1))
    long["order"] = long["metric"].map(order)
    long = long.sort_values(["trust_code", "score", "order"], ascending=[True, False, True])
    long = long.groupby("trust_code", sort=False).head(top).copy()
    long["position"] = long.groupby("trust_code").cumcount() + 1
    long["name"] = long["metric"].map(names)
    long["domain"] = long["metric"].map(domains)
    return long[DRIVER_COLUMNS].reset_index(drop=True)


def drivers_text(table: pd.DataFrame) -> pd.Series:
    """Per trust, e.g. ``"OF1003 3.95; HCAI 3.40; OF1082 3.10"``."""
    text = table["metric"] + " " + table["score"].map("{:.2f}".format)
    return text.groupby(table["trust_code"]).agg("; ".join)
