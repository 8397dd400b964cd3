"""What each published source of contract KPIs is, whether a month's figures are provisional, and the
April 2021 break in the series (rules/publications.toml; docs/rules/urgent-care-kpis.md)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timedelta
from functools import lru_cache
from importlib import resources

from oversight.rulefiles import Confidence, RuleFileError, read_rule_file

RULES_FILE = "publications.toml"


@dataclass(frozen=True)
class Publication:
    name: str  # the warehouse source ("nhs111", "iuc-adc")
    title: str
    status: str  # "official statistics", "management information"
    note: str
    confidence: str
    official_after_days: int | None = None  # a month loaded sooner than this after its end is provisional

    def month_status(self, period: date, loaded_at: datetime | None) -> str:
        """"provisional" or "official" for a publication with both releases; otherwise its status."""
        if self.official_after_days is None or loaded_at is None:
            return self.status
        month_end = _next_month(period) - timedelta(days=1)
        official_from = month_end + timedelta(days=self.official_after_days)
        return "official" if loaded_at.date() >= official_from else "provisional"


@dataclass(frozen=True)
class SeriesBreak:
    month: date
    before: str
    after: str
    confidence: str

    def segment_of(self, period: date) -> str:
        return self.after if period >= self.month else self.before


@dataclass(frozen=True)
class PublicationRules:
    publications: dict[str, Publication]
    series_break: SeriesBreak

    def publication(self, source: str) -> Publication:
        found = self.publications.get(source)
        if found is None:  # a source the file does not describe yet: say so rather than guess its status
            return Publication(source, f"Published source {source!r}", "not described", "", Confidence.UNCONFIRMED.value)
        return found


def _next_month(day: date) -> date:
    return date(day.year + day.month // 12, day.month % 12 + 1, 1)


@lru_cache(maxsize=1)
def publication_rules() -> PublicationRules:
    return read_publication_rules(resources.files("oversight.urgent_care").joinpath("rules", RULES_FILE).read_text("utf-8"))


def read_publication_rules(text: str, file_label: str = RULES_FILE) -> PublicationRules:
    rules = read_rule_file(text, file_label=file_label)
    brk = rules.table("series_break")
    rules.known_keys(brk, ("month", "confidence", "before", "after"))
    series_break = SeriesBreak(
        month=rules.require(brk, "month", date), before=rules.require(brk, "before", str),
        after=rules.require(brk, "after", str), confidence=rules.require(brk, "confidence", Confidence).value,
    )  # fmt: skip
    publications = {}
    for table in rules.array_of_tables("source"):
        rules.known_keys(table, ("name", "title", "status", "note", "confidence", "official_after_days"))
        name = rules.require(table, "name", str)
        if name in publications:
            raise rules.fail(f"source {name!r} is described twice", table=table, key="name")
        publications[name] = Publication(
            name=name, title=rules.require(table, "title", str), status=rules.require(table, "status", str),
            note=rules.optional(table, "note", str, ""), confidence=rules.require(table, "confidence", Confidence).value,
            official_after_days=rules.optional(table, "official_after_days", int, None, minimum=0),
        )  # fmt: skip
    return PublicationRules(publications, series_break)


__all__ = ["Publication", "PublicationRules", "RuleFileError", "SeriesBreak", "publication_rules", "read_publication_rules"]
