"""The IUC ADC item-number lookup by financial year (``adc_items.toml``), through :mod:`oversight.rulefiles`.

The published IUC ADC CSV is long: one row per contract, month and ITEM_NUMBER. Which count an item
number holds changes with each year's specification, so the lookup is versioned by financial year; a year
either lists its items or says ``same_as`` another year. The shipped numbers are placeholders
(Confidence UNCONFIRMED): see the file's header for how to replace them.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from importlib import resources
from pathlib import Path

from oversight.rulefiles import Confidence, RuleFileError, read_rule_file

FIELDS = (
    "calls_received", "calls_answered", "calls_answered_60s", "calls_abandoned_30s", "answer_seconds_total",
    "calls_clinical_input", "calls_triaged", "disposition_ambulance", "disposition_ed", "disposition_primary_care",
    "disposition_other", "disposition_none", "ed_referrals", "ed_referrals_booked",
)  # fmt: skip
SERIES = {"adc": "iuc_adc", "mds": "nhs111_mds"}  # series -> metric code prefix


class ItemLookupError(RuleFileError):
    """adc_items.toml cannot be used; names the year and key."""


@dataclass(frozen=True)
class YearItems:
    financial_year: str
    series: str  # "adc" | "mds"
    items: dict[str, str]  # item number -> field
    ignore: frozenset[str]
    confidence: Confidence
    source: str

    @property
    def prefix(self) -> str:
        return SERIES[self.series]


def load_items(path: str | Path | None = None) -> dict[str, YearItems]:
    """Financial year ("2021-22") -> its items. Raises ItemLookupError naming the year and key."""
    source = Path(path) if path is not None else resources.files("oversight.iuc").joinpath("adc_items.toml")
    rules = read_rule_file(source, file_label="adc_items.toml", error=ItemLookupError)
    years = rules.subtables("years")
    out: dict[str, YearItems] = {}
    for year, table in years.items():
        base = table
        if "same_as" in table:
            other = rules.require(table, "same_as", str, choices=[y for y in years if "same_as" not in years[y]])
            base = years[other]
        rules.known_keys(base, ("series", "confidence", "source", "ignore", "items"))
        items = rules.require(base, "items", dict)
        bad = sorted(v for v in items.values() if v not in FIELDS)
        if bad:
            raise rules.fail(f"unknown field(s) {bad}; fields are {', '.join(FIELDS)}", table=f"years.{year}.items")
        out[year] = YearItems(
            financial_year=year,
            series=rules.require(base, "series", str, choices=tuple(SERIES)),
            items={str(k).strip().upper(): v for k, v in items.items()},
            ignore=frozenset(str(i).strip().upper() for i in rules.optional(base, "ignore", list[str], [])),
            confidence=rules.require(base, "confidence", Confidence),
            source=rules.optional(base, "source", str, ""),
        )
    return out


@lru_cache(maxsize=1)
def default_items() -> dict[str, YearItems]:
    return load_items()
