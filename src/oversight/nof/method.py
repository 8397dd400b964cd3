"""A year's NOF method, read from ``methods/<year>.toml`` and validated once, here.

The method is data: the metrics each trust type is scored on, each metric's scoring rule, how the
average is formed, and which segmentation rule turns averages into segments. Everything downstream
(scoring, segmentation, league table, drivers) takes a :class:`Method` and reads nothing else.
"""

from __future__ import annotations

import tomllib
from collections.abc import Mapping
from dataclasses import dataclass, field
from functools import cache
from importlib import resources
from types import MappingProxyType
from typing import Any

from oversight.nof.errors import MethodError

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
    basis: str = "UNCONFIRMED"
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
    text = (resources.files("oversight.nof") / "methods" / f"{year}.toml").read_text(encoding="utf-8")
    try:
        raw = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise MethodError(f"methods/{year}.toml is not valid TOML: {exc}") from exc
    return parse_method(raw, source=f"methods/{year}.toml")


def parse_method(raw: dict[str, Any], source: str = "method") -> Method:
    """Build and validate a :class:`Method` from the parsed TOML of a method file."""
    where = source
    metrics = {
        sid: _metric(sid, spec, _at(where, f"metrics.{sid}"))
        for sid, spec in _table(raw, "metrics", where).items()
    }
    trust_types = {}
    for name, spec in _table(raw, "trust_types", where).items():
        at = _at(where, f"trust_types.{name}")
        overrides = spec.get("overrides", {})
        listed = []
        for sid in spec.get("metrics", []):
            if sid not in metrics:
                raise MethodError(f"{at}: metric {sid} is not defined under [metrics]")
            if sid in overrides:
                merged = {**raw["metrics"][sid], **overrides[sid]}
                listed.append(_metric(sid, merged, _at(at, f"overrides.{sid}")))
            else:
                listed.append(metrics[sid])
        aliases = tuple(a.casefold() for a in spec.get("aliases", []))
        trust_types[name] = TrustType(name=name, aliases=aliases, metrics=tuple(listed))
    if not trust_types:
        raise MethodError(f"{where}: no [trust_types]")

    average = raw.get("average", {})
    composites = tuple(
        Composite(
            id=c["id"], name=c.get("name", c["id"]), domain=c.get("domain", ""), members=tuple(c["members"])
        )
        for c in average.get("composites", [])
    )
    for composite in composites:
        for member in composite.members:
            if member not in metrics:
                raise MethodError(f"{where}: composite {composite.id} names unknown metric {member}")
    for metric in metrics.values():
        for sid in metric.rule.inputs:
            if sid not in metrics:
                raise MethodError(f"{where}: metric {metric.score_id} looks up unknown metric {sid}")

    ranking = raw.get("ranking", {})
    segmentation = dict(raw.get("segmentation", {}))
    override = raw.get("financial_override", {})
    league = raw.get("league_table", {})
    method = Method(
        year=str(raw.get("year", "")),
        title=str(raw.get("title", "")),
        metrics=metrics,
        trust_types=trust_types,
        composites=composites,
        break_ties_with_published_rank=bool(ranking.get("break_ties_with_published_rank", False)),
        average_decimals=average.get("decimals"),
        segmentation=MappingProxyType(segmentation),
        deficit_cap=int(override.get("cap", 3)),
        derive_deficit_rule=str(override.get("derive_rule", "planned_deficit")),
        rsp_segment=int(raw.get("recovery_support", {}).get("segment", 5)),
        league_group_by=_choice(
            league.get("group_by", "trust_type"), POPULATIONS, _at(where, "league_table.group_by")
        ),
        league_ties=_choice(league.get("ties", "min"), ("min", "first"), _at(where, "league_table.ties")),
        drivers_top=int(raw.get("drivers", {}).get("top", 3)),
        publication=MappingProxyType(_publication(raw, where)),
    )
    # Imported here, not at the top: segmentation needs pandas, which the CLI loads only when a command runs.
    from oversight.nof.segmentation import DEFICIT_RULES, SEGMENTATION_RULES

    rule = segmentation.get("rule")
    if rule not in SEGMENTATION_RULES:
        raise MethodError(
            f"{_at(where, 'segmentation.rule')}: {rule!r} is not a segmentation rule "
            f"(known: {', '.join(SEGMENTATION_RULES)})"
        )
    SEGMENTATION_RULES[rule].validate(segmentation, _at(where, "segmentation"))
    _choice(method.derive_deficit_rule, tuple(DEFICIT_RULES), _at(where, "financial_override.derive_rule"))
    return method


# --- helpers ---------------------------------------------------------------------------------------------


def _at(where: str, key: str) -> str:
    """``file [a.b]`` for ``key`` b under ``file [a]``: where a message points in the method file."""
    return f"{where} [{key}]" if "[" not in where else f"{where[:-1]}.{key}]"


def _table(raw: dict[str, Any], key: str, where: str) -> dict[str, Any]:
    value = raw.get(key, {})
    if not isinstance(value, dict):
        raise MethodError(f"{where}: [{key}] must be a table")
    return value


PUBLICATION_KEYS = (
    "average_score",
    "unadjusted_segment",
    "adjusted_segment",
    "final_segment",
    "deficit_flag",
    "rsp_flag",
)


def _publication(raw: dict[str, Any], where: str) -> dict[str, Any]:
    publication = dict(raw.get("publication", {}))
    missing = [k for k in PUBLICATION_KEYS if k not in publication]
    if missing:
        raise MethodError(f"{_at(where, 'publication')}: missing {', '.join(missing)}")
    publication.setdefault("domain_scores", {})
    return publication


def _choice(value: Any, allowed: tuple[str, ...], where: str) -> str:
    if value not in allowed:
        raise MethodError(f"{where}: {value!r} is not one of {', '.join(allowed)}")
    return value


def _number(spec: dict[str, Any], key: str, where: str) -> float:
    value = spec.get(key)
    if isinstance(value, bool) or not isinstance(value, int | float):
        raise MethodError(f"{where}: {key} must be a number, got {value!r}")
    return float(value)


def _rule(spec: dict[str, Any], where: str, default_population: str = "trust_type") -> Rule:
    name = _choice(spec.get("rule"), SCORING_RULE_NAMES, _at(where, "rule"))
    population = _choice(spec.get("population", default_population), POPULATIONS, _at(where, "population"))
    better = spec.get("better")
    if name in ("continuous", "target_met"):
        better = _choice(better, ("higher", "lower"), _at(where, "better"))
    if name == "target_met":
        return Rule(
            name=name,
            better=better,
            op=_choice(spec.get("op"), OPERATORS, _at(where, "op")),
            threshold=_number(spec, "threshold", where),
            population=population,
        )
    if name == "bands":
        bands = []
        for i, band in enumerate(spec.get("bands", [])):
            at = _at(where, f"bands[{i}]")
            bands.append(
                Band(
                    op=_choice(band.get("op"), OPERATORS, at),
                    threshold=_number(band, "threshold", at),
                    score=_number(band, "score", at),
                )
            )
        if not bands:
            raise MethodError(f"{where}: rule bands needs at least one band")
        return Rule(
            name=name,
            better=better,
            bands=tuple(bands),
            otherwise=_number(spec, "otherwise", where),
            population=population,
        )
    if name == "lookup":
        inputs = tuple(spec.get("inputs", []))
        table = spec.get("table", [])
        if (
            len(inputs) != 2
            or len(table) != 4
            or any(len(row) != 4 or not all(x in (1, 2, 3, 4) for x in row) for row in table)
        ):
            raise MethodError(f"{where}: rule lookup needs 2 inputs and a 4 x 4 table of whole scores 1-4")
        table = tuple(tuple(float(x) for x in row) for row in table)
        return Rule(name=name, inputs=inputs, table=table, population=population)
    return Rule(name=name, better=better, population=population)


def _metric(sid: str, spec: dict[str, Any], where: str) -> Metric:
    if not (len(sid) == 6 and sid.startswith("OF1") and sid[3:].isdigit()):
        raise MethodError(f"{where}: a metric key must be a score ID like OF1003, got {sid!r}")
    rule = _rule(spec, where)
    value_id = spec.get("value")
    if rule.name in ("continuous", "target_met", "bands") and not value_id:
        raise MethodError(f'{where}: rule {rule.name} needs the metric\'s value ID (value = "OF0...")')
    by_units = {
        units: _rule(sub, _at(where, f"by_units.{units}"), rule.population)
        for units, sub in spec.get("by_units", {}).items()
    }
    return Metric(
        score_id=sid,
        name=str(spec.get("name", sid)),
        domain=str(spec.get("domain", "")),
        rule=rule,
        value_id=value_id,
        units=spec.get("units"),
        by_units=by_units,
        counts_in_average=bool(spec.get("counts_in_average", True)),
        basis=str(spec.get("basis", "UNCONFIRMED")),
        note=str(spec.get("note", "")),
    )
