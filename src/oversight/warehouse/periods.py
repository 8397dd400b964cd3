"""Period labels as published, turned into the first day of the month (the warehouse's period key).

NHS England labels months in words ("MSitAE-APRIL-2025", "RTT-April-2026"); tidy files use ISO dates.
"""

from __future__ import annotations

from datetime import date

import polars as pl

_MONTHS = ["jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"]
# Month name (full or three letters) followed by a four-digit year, anywhere in the label.
_WORDS = r"(?i)\b(" + "|".join(_MONTHS) + r")[a-z]*[\s_-]*(\d{4})\b"


def month_start(labels: pl.Expr) -> pl.Expr:
    """First of the month from a label in words or an ISO date (YYYY-MM-DD or YYYY-MM); null if neither."""
    return labels.map_batches(_month_starts, return_dtype=pl.Date)


def _month_starts(labels: pl.Series) -> pl.Series:
    # A file repeats a handful of labels on every row: parse each distinct label once, then map back.
    distinct = labels.unique().drop_nulls()
    text = distinct.str.strip_chars()
    month = (
        text.str.extract(_WORDS, 1)
        .str.to_lowercase()
        .replace_strict(_MONTHS, list(range(1, 13)), default=None, return_dtype=pl.Int32)
    )
    year = text.str.extract(_WORDS, 2).cast(pl.Int32, strict=False)
    from_words = pl.select(pl.date(year, month, 1)).to_series()
    from_iso = text.str.extract(r"^(\d{4}-\d{2})(?:-\d{2})?$", 1).str.to_date("%Y-%m", strict=False)
    parsed = pl.select(pl.coalesce(from_words, from_iso)).to_series()
    return labels.replace_strict(distinct, parsed, default=None, return_dtype=pl.Date)


def day(labels: pl.Expr) -> pl.Expr:
    """A calendar day from an ISO date; null when it is not one."""
    return labels.str.strip_chars().str.to_date("%Y-%m-%d", strict=False)


def financial_year(when: date) -> str:
    """NHS financial year label, April to March: 2025-04-01 and 2026-03-31 are both "2025-26"."""
    start = when.year if when.month >= 4 else when.year - 1
    return f"{start}-{(start + 1) % 100:02d}"
