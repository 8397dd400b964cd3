"""The board summary matrix: how many metrics sit in each variation x assurance cell.

Rows are the variation of each series' latest point (improvement, common cause, concern,
neutral special cause); columns its assurance (pass, inconsistent, fail, no target). Built
from :attr:`SPCResult.summary` (latest rebase group of each series), as plain data that a
page, an API or :func:`oversight.spc.chart.summary_matrix_chart` can use.
"""

from __future__ import annotations

from typing import Any

import pandas as pd

from oversight.spc.inputs import as_pandas

VARIATION_ROWS = (
    "special_cause_improvement",
    "common_cause",
    "special_cause_concern",
    "special_cause_neutral",
)
ASSURANCE_COLUMNS = ("consistent_pass", "inconsistent", "consistent_fail", "none")


def summary_matrix(summary: Any, by: list[str] | None = None) -> pd.DataFrame:
    """One row per (variation, assurance) cell: ``count`` and the ``series`` in it (names joined by " / ").

    ``summary`` is the summary frame (pandas or Polars); ``by`` its series key columns
    (default: every column before ``rebase_group``).
    """
    frame = as_pandas(summary)
    frame = frame[frame["latest"]]
    by = list(by) if by is not None else list(frame.columns[: list(frame.columns).index("rebase_group")])
    variation = frame["variation_type"].astype(str).str.replace(r"_(high|low)$", "", regex=True)
    assurance = frame["assurance"].astype(object).where(frame["assurance"].notna(), "none")
    names = frame[by].astype(str).agg(" / ".join, axis=1) if by else pd.Series("", index=frame.index)
    cells = pd.DataFrame(
        {"variation": variation.to_numpy(), "assurance": assurance.to_numpy(), "series": names.to_numpy()}
    )
    grid = pd.MultiIndex.from_product([VARIATION_ROWS, ASSURANCE_COLUMNS], names=["variation", "assurance"])
    grouped = cells.groupby(["variation", "assurance"])["series"]
    matrix = pd.DataFrame({"count": grouped.size(), "series": grouped.agg(list)}).reindex(grid)
    matrix["count"] = matrix["count"].fillna(0).astype(int)
    matrix["series"] = [value if isinstance(value, list) else [] for value in matrix["series"]]
    return matrix.reset_index()
