"""The clinician audit's rule files (TOML under rules/, read by oversight.rulefiles): the default
template, how rounds are run, and the consultation export shapes. docs/rules/urgent-care.md."""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass
from functools import cache
from importlib.resources import files

from oversight.rulefiles import Confidence, RuleFile, RuleFileError, read_rule_file

from .models import Rating

RULES = files("oversight.clinical_performance") / "rules"
FIELDS = ("case_reference", "registration_number", "role", "consulted_at", "service", "contact_type", "disposition")


@dataclass(frozen=True)
class CriterionRule:
    code: str
    wording: str
    weight: float


@dataclass(frozen=True)
class TemplateRule:
    name: str
    version: str
    source: str
    confidence: Confidence
    scale: dict[str, float]
    grade_bands: list[tuple[str, float]]
    reaudit_below: float
    criteria: tuple[CriterionRule, ...]

    @property
    def fingerprint(self) -> str:
        """Changes whenever anything that affects a score or its wording changes."""
        body = json.dumps([self.name, self.version, self.scale, self.grade_bands, self.reaudit_below,
                           [(c.code, c.wording, c.weight) for c in self.criteria]])
        return hashlib.sha256(body.encode()).hexdigest()


def read_template(source=None) -> TemplateRule:
    rules = read_rule_file(source or RULES / "audit_template.toml")
    head = rules.table("template")
    scale_table = rules.table("scale")
    rules.known_keys(scale_table, Rating.values)
    scale = {rating: float(rules.require(scale_table, rating, float, minimum=0)) for rating in Rating.values}
    if any(value > 1 for value in scale.values()):
        raise rules.fail("each rating earns a share of the criterion's weight from 0 to 1", table="scale")
    criteria = tuple(_criterion(rules, item) for item in rules.array_of_tables("criterion"))
    codes = [c.code for c in criteria]
    if len(set(codes)) != len(codes):
        raise rules.fail("each criterion needs its own code", table="criterion")
    return TemplateRule(
        name=rules.require(head, "name", str), version=rules.require(head, "version", str),
        source=rules.require(head, "source", str), confidence=rules.require(head, "confidence", Confidence),
        scale=scale, grade_bands=_bands(rules), criteria=criteria,
        reaudit_below=float(rules.require("reaudit", "below", float, minimum=0)),
    )


def _criterion(rules: RuleFile, item) -> CriterionRule:
    weight = float(rules.require(item, "weight", float, minimum=0))
    if weight <= 0:
        raise rules.fail("a criterion's weight must be more than 0", table=item, key="weight")
    return CriterionRule(code=rules.require(item, "code", str), wording=rules.require(item, "wording", str), weight=weight)


def _bands(rules: RuleFile) -> list[tuple[str, float]]:
    table = rules.table("grades")
    bands = [(rules.require(band, "name", str), float(rules.require(band, "minimum", float, minimum=0)))
             for band in rules.require(table, "bands", list)]
    minimums = [minimum for _, minimum in bands]
    if not bands or minimums != sorted(minimums, reverse=True) or minimums[-1] != 0:
        raise rules.fail("list the bands highest first, the last with minimum 0", table=table, key="bands")
    return bands


@dataclass(frozen=True)
class Programme:
    period_months: int
    sampling_method: str
    per_clinician: int
    percentage: float
    risk_multiplier: float
    new_starter_days: int
    high_volume_consultations: int
    high_volume_hours: float
    quorum: int


@cache
def programme() -> Programme:
    rules = read_rule_file(RULES / "audit_programme.toml")
    sampling = rules.table("sampling")
    risk = rules.table("risk")
    return Programme(
        period_months=rules.require("period", "months", int, minimum=1),
        sampling_method=rules.require(sampling, "method", str, choices=("per_clinician", "percentage")),
        per_clinician=rules.require(sampling, "per_clinician", int, minimum=1),
        percentage=float(rules.require(sampling, "percentage", float, minimum=0)),
        risk_multiplier=float(rules.require(risk, "multiplier", float, minimum=1)),
        new_starter_days=rules.require(risk, "new_starter_days", int, minimum=0),
        high_volume_consultations=rules.require(risk, "high_volume_consultations", int, minimum=1),
        high_volume_hours=float(rules.require(risk, "high_volume_hours", float, minimum=1)),
        quorum=rules.require("panel", "quorum", int, minimum=1),
    )


@dataclass(frozen=True)
class ExportShape:
    key: str
    name: str
    columns: dict[str, str]  # our field -> the export's heading
    contact_types: dict[str, str]  # the export's wording (case-folded) -> ContactType value
    datetime_formats: tuple[str, ...]


def export_shapes() -> dict[str, ExportShape]:
    return {key: read_export_shape(key) for key in ("adastra", "cleric", "emis")}


def read_export_shape(key: str, source=None) -> ExportShape:
    from .models import ContactType

    rules = read_rule_file(source or RULES / "exports" / f"{key}.toml")
    shape = rules.table("shape")
    columns_table = rules.table("columns")
    rules.known_keys(columns_table, FIELDS)
    columns = {name: rules.require(columns_table, name, str) for name in FIELDS}
    contact_table = rules.table("contact_types")
    contact_types = {}
    for wording in contact_table:
        contact_types[wording.casefold()] = rules.require(contact_table, wording, str, choices=ContactType.values)
    return ExportShape(key=key, name=rules.require(shape, "name", str), columns=columns, contact_types=contact_types,
                       datetime_formats=tuple(rules.require(shape, "datetime_formats", list[str])))


__all__ = ["RuleFileError", "export_shapes", "programme", "read_export_shape", "read_template"]
