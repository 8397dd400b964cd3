"""A year's NOF method, read from ``methods/<year>.toml`` and validated once, here.

The method is data: the metrics each trust type is scored on, each metric's scoring rule, how the
average is formed, and which segmentation rule turns averages into segments. Everything downstream
(scoring, segmentation, league table, drivers) takes a :class:`Method` and reads nothing else.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from functools import cache
from importlib import resources
from types import MappingProxyType
from typing import Any

from oversight.nof.errors import MethodError
from oversight.rulefiles import Confidence, RuleFile, Table, read_rule_file

OPERATORS = ("<", "<=", ">", ">=")
SCORING_RULE_NAMES = ("continuous", "target_met", "bands", "lookup", "discrete")
POPULATIONS = ("trust_type", "all")


@dataclass(frozen=True)
class Band:
    op: str
    threshold: float
    score: float


@dataclass(frozen=True)
class Rule:
    """How one metric is scored for values in one unit (e.g. a rate, or a count)."""

    name: str
    better: str | None = None  # "higher" or "lower"; rules that rank need it
    op: str | None = None  # target_met
    threshold: float | None = None  # target_met
    bands: tuple[Band, ...] = ()  # bands
    otherwise: float | None = None  # bands
    inputs: tuple[str, ...] = ()  # lookup: score IDs indexing the table
    table: tuple[tuple[float, ...], ...] = ()  # lookup
    population: str = "trust_type"


@dataclass(frozen=True)
class Metric:
    score_id: str  # OF1xxx
    name: str
    domain: str
    rule: Rule
    value_id: str | None = None  # OF0xxx; None for discrete and lookup metrics
    units: str | None = None  # the units `rule` applies to
    by_units: dict[str, Rule] = field(default_factory=dict)  # other units, other rules
    counts_in_average: bool = True
    basis: str = "unconfirmed"  # confirmed | data | unconfirmed (see _basis)
    note: str = ""

    def rule_for(self, units: str | None) -> Rule:
        if units is None or units == self.units or units not in self.by_units:
            return self.rule
        return self.by_units[units]

    @property
    def input_id(self) -> str:
        """The ID an input supplies for this metric: the value ID, or the score itself."""
        return self.value_id or self.score_id


@dataclass(frozen=True)
class Composite:
    id: str
    name: str
    domain: str
    members: tuple[str, ...]


@dataclass(frozen=True)
class TrustType:
    name: str
    aliases: tuple[str, ...]
    metrics: tuple[Metric, ...]


@dataclass(frozen=True)
class Method:
    year: str
    title: str
    metrics: dict[str, Metric]  # every metric, by score ID, before per-type overrides
    trust_types: dict[str, TrustType]
    composites: tuple[Composite, ...]
    break_ties_with_published_rank: bool
    average_decimals: int | None
    segmentation: Mapping[str, Any]
    deficit_cap: int
    derive_deficit_rule: str
    rsp_segment: int
    league_group_by: str
    league_ties: str
    drivers_top: int
    publication: Mapping[str, Any]  # IDs of the outputs in NHS England's published long CSV

    def trust_type(self, name: str) -> TrustType:
        """The trust type called ``name`` (exact or one of its aliases, any case)."""
        wanted = name.strip().casefold()
        for trust_type in self.trust_types.values():
            if wanted == trust_type.name.casefold() or wanted in trust_type.aliases:
                return trust_type
        raise MethodError(
            f"trust type {name!r} is not in NOF method {self.year} (known: {', '.join(self.trust_types)})"
        )

    def input_ids(self) -> dict[str, Metric]:
        """Every input ID (value ID, or score ID of a discrete metric) -> its metric."""
        return {m.input_id: m for m in self.metrics.values() if m.rule.name != "lookup"}

    def scored_ids(self) -> list[str]:
        """Score IDs in the order the method lists them (the first trust type's order, then the rest)."""
        seen: dict[str, None] = {}
        for trust_type in self.trust_types.values():
            for metric in trust_type.metrics:
                seen.setdefault(metric.score_id, None)
        return list(seen)


def available_years() -> list[str]:
    """Years with a method file, oldest first (e.g. ["2025-26"])."""
    folder = resources.files("oversight.nof") / "methods"
    return sorted(p.name.removesuffix(".toml") for p in folder.iterdir() if p.name.endswith(".toml"))


@cache
def load_method(year: str) -> Method:
    """The NOF method for ``year`` ("2025-26"), validated; a :class:`MethodError` says what is wrong."""
    years = available_years()
    if year not in years:
        raise MethodError(f"no NOF method for year {year!r} (available: {', '.join(years) or 'none'})")
    entry = resources.files("oversight.nof") / "methods" / f"{year}.toml"
    return method_from_rule_file(read_rule_file(entry, file_label=f"methods/{year}.toml", error=MethodError))


def parse_method(raw: dict[str, Any], source: str = "method") -> Method:
    """Build and validate a :class:`Method` from the parsed TOML of a method file named ``source``."""
    return method_from_rule_file(RuleFile(source, raw, error=MethodError))


def method_from_rule_file(rules: RuleFile) -> Method:
    """Build and validate a :class:`Method` from a read method file."""
    raw_metrics = rules.subtables("metrics", required=False)
    metrics = {sid: _metric(rules, sid, spec) for sid, spec in raw_metrics.items()}
    trust_types = {
        name: _trust_type(rules, name, spec, raw_metrics, metrics)
        for name, spec in rules.subtables("trust_types", required=False).items()
    }
    if not trust_types:
        raise rules.fail("no trust types: the method needs at least one [trust_types.<name>]", table="trust_types")
    composites = _composites(rules, metrics)
    for metric in metrics.values():
        for sid in metric.rule.inputs:
            if sid not in metrics:
                raise rules.fail(f"metric {metric.score_id} looks up unknown metric {sid}", table=f"metrics.{metric.score_id}")
    method = Method(
        year=str(rules.data.get("year", "")),
        title=str(rules.data.get("title", "")),
        metrics=metrics,
        trust_types=trust_types,
        composites=composites,
        **_settings(rules),
    )
    _check_segmentation(rules, method)
    return method


def _settings(rules: RuleFile) -> dict[str, Any]:
    """The method's single-valued settings, each with the default the 2025/26 method documents."""
    average = rules.table("average", required=False)
    override = rules.table("financial_override", required=False)
    league = rules.table("league_table", required=False)
    return {
        "break_ties_with_published_rank": rules.optional(
            "ranking", "break_ties_with_published_rank", bool, False
        ),
        "average_decimals": rules.optional(average, "decimals", int, minimum=0),
        "segmentation": MappingProxyType(dict(rules.table("segmentation", required=False))),
        "deficit_cap": rules.optional(override, "cap", int, 3, minimum=1),
        "derive_deficit_rule": rules.optional(override, "derive_rule", str, "planned_deficit"),
        "rsp_segment": rules.optional("recovery_support", "segment", int, 5, minimum=1),
        "league_group_by": rules.optional(league, "group_by", str, "trust_type", choices=POPULATIONS),
        "league_ties": rules.optional(league, "ties", str, "min", choices=("min", "first")),
        "drivers_top": rules.optional("drivers", "top", int, 3, minimum=1),
        "publication": MappingProxyType(_publication(rules)),
    }


def _check_segmentation(rules: RuleFile, method: Method) -> None:
    # Imported here, not at the top: segmentation needs pandas, which the CLI loads only when a command runs.
    from oversight.nof.segmentation import DEFICIT_RULES, SEGMENTATION_RULES

    segmentation = rules.table("segmentation", required=False)
    rule = rules.require(segmentation, "rule", str, choices=tuple(SEGMENTATION_RULES))
    SEGMENTATION_RULES[rule].validate(rules, segmentation)
    rules.optional("financial_override", "derive_rule", str, choices=tuple(DEFICIT_RULES))


def _trust_type(
    rules: RuleFile, name: str, spec: Table, raw_metrics: dict[str, Table], metrics: dict[str, Metric]
) -> TrustType:
    overrides = rules.optional(spec, "overrides", dict, {})
    listed = []
    for sid in rules.optional(spec, "metrics", list[str], []):
        if sid not in metrics:
            raise rules.fail(f"metric {sid} is not defined under [metrics]", table=spec, key="metrics")
        if sid in overrides:
            merged = Table({**raw_metrics[sid], **overrides[sid]}, f"{spec.name}.overrides.{sid}")
            listed.append(_metric(rules, sid, merged))
        else:
            listed.append(metrics[sid])
    aliases = tuple(a.casefold() for a in rules.optional(spec, "aliases", list[str], []))
    return TrustType(name=name, aliases=aliases, metrics=tuple(listed))


def _composites(rules: RuleFile, metrics: dict[str, Metric]) -> tuple[Composite, ...]:
    composites = []
    for table in rules.array_of_tables("average.composites", required=False):
        composite_id = rules.require(table, "id", str)
        members = tuple(rules.require(table, "members", list[str]))
        for member in members:
            if member not in metrics:
                raise rules.fail(f"composite {composite_id} names unknown metric {member}", table=table, key="members")
        composites.append(
            Composite(
                id=composite_id,
                name=rules.optional(table, "name", str, composite_id),
                domain=rules.optional(table, "domain", str, ""),
                members=members,
            )
        )
    return tuple(composites)


# --- helpers ---------------------------------------------------------------------------------------------


PUBLICATION_KEYS = (
    "average_score",
    "unadjusted_segment",
    "adjusted_segment",
    "final_segment",
    "deficit_flag",
    "rsp_flag",
)


def _publication(rules: RuleFile) -> dict[str, Any]:
    publication = rules.table("publication", required=False)
    missing = [k for k in PUBLICATION_KEYS if k not in publication]
    if missing:
        raise rules.fail(f"missing {', '.join(missing)}", table=publication)
    return {**publication, "domain_scores": rules.optional(publication, "domain_scores", dict, {})}


def _rule(rules: RuleFile, spec: Table, default_population: str = "trust_type") -> Rule:
    name = rules.require(spec, "rule", str, choices=SCORING_RULE_NAMES)
    population = rules.optional(spec, "population", str, default_population, choices=POPULATIONS)
    better = spec.get("better")
    if name in ("continuous", "target_met"):
        better = rules.require(spec, "better", str, choices=("higher", "lower"))
    if name == "target_met":
        return Rule(
            name=name,
            better=better,
            op=rules.require(spec, "op", str, choices=OPERATORS),
            threshold=rules.require(spec, "threshold", float),
            population=population,
        )
    if name == "bands":
        return _bands_rule(rules, spec, better, population)
    if name == "lookup":
        return _lookup_rule(rules, spec, population)
    return Rule(name=name, better=better, population=population)


def _bands_rule(rules: RuleFile, spec: Table, better: str | None, population: str) -> Rule:
    bands = []
    for index, raw in enumerate(rules.optional(spec, "bands", list[dict], [])):
        band = Table(raw, f"{spec.name}.bands[{index}]")
        bands.append(
            Band(
                op=rules.require(band, "op", str, choices=OPERATORS),
                threshold=rules.require(band, "threshold", float),
                score=rules.require(band, "score", float),
            )
        )
    if not bands:
        raise rules.fail("rule bands needs at least one band", table=spec, key="bands")
    return Rule(
        name="bands",
        better=better,
        bands=tuple(bands),
        otherwise=rules.require(spec, "otherwise", float),
        population=population,
    )


def _lookup_rule(rules: RuleFile, spec: Table, population: str) -> Rule:
    inputs = tuple(spec.get("inputs", []))
    table = spec.get("table", [])
    if (
        len(inputs) != 2
        or len(table) != 4
        or any(len(row) != 4 or not all(x in (1, 2, 3, 4) for x in row) for row in table)
    ):
        raise rules.fail("rule lookup needs 2 inputs and a 4 x 4 table of whole scores 1-4", table=spec, key="table")
    return Rule(
        name="lookup",
        inputs=inputs,
        table=tuple(tuple(float(x) for x in row) for row in table),
        population=population,
    )


def _basis(rules: RuleFile, spec: Table) -> str:
    """How a metric's choice is known: a :class:`Confidence` word, or "data" (reproduced from NHS England's
    published figures by the tests in test_published_q1.py). Legacy capitals ("UNCONFIRMED") are accepted."""
    value = rules.optional(spec, "basis", str, Confidence.UNCONFIRMED.value)
    if value.strip().casefold() == "data":
        return "data"
    try:
        return Confidence(value).value
    except ValueError:
        words = ", ".join(c.value for c in Confidence)
        raise rules.fail(f"expected data, {words}, found {value!r}", table=spec, key="basis") from None


def _metric(rules: RuleFile, sid: str, spec: Table) -> Metric:
    if not (len(sid) == 6 and sid.startswith("OF1") and sid[3:].isdigit()):
        raise rules.fail(f"a metric key must be a score ID like OF1003, got {sid!r}", table=spec)
    rule = _rule(rules, spec)
    value_id = spec.get("value")
    if rule.name in ("continuous", "target_met", "bands") and not value_id:
        raise rules.fail(f'rule {rule.name} needs the metric\'s value ID (value = "OF0...")', table=spec, key="value")
    by_units = {
        units: _rule(rules, Table(sub, f"{spec.name}.by_units.{units}"), rule.population)
        for units, sub in rules.optional(spec, "by_units", dict, {}).items()
    }
    return Metric(
        score_id=sid,
        name=rules.optional(spec, "name", str, sid),
        domain=rules.optional(spec, "domain", str, ""),
        rule=rule,
        value_id=value_id,
        units=spec.get("units"),
        by_units=by_units,
        counts_in_average=rules.optional(spec, "counts_in_average", bool, True),
        basis=_basis(rules, spec),
        note=rules.optional(spec, "note", str, ""),
    )
