"""The metric catalogue (metrics.toml shipped in the package), read and checked once at the door."""

from __future__ import annotations

import tomllib
from dataclasses import dataclass, field
from datetime import date
from importlib import resources
from pathlib import Path
from typing import Any, Literal

from oversight.warehouse.periods import financial_year

UNITS = ("proportion", "count")
DIRECTIONS = ("increase", "decrease", "neutral")
CONFIDENCE = ("confirmed", "secondary", "UNCONFIRMED")
STANDING = "standing"


@dataclass(frozen=True)
class Target:
    financial_year: str  # "2025-26", or "standing" for a standard with no end date
    value: float
    kind: str
    confidence: str
    note: str = ""


@dataclass(frozen=True)
class Metric:
    code: str
    name: str
    unit: str
    improvement_direction: str
    source: str
    definition: str
    reference: str
    targets: tuple[Target, ...] = ()

    def targets_for(self, when: date | str) -> tuple[Target, ...]:
        """Targets for a financial year ("2025-26" or any date in it), then the standing ones."""
        year = when if isinstance(when, str) else financial_year(when)
        return tuple(t for t in self.targets if t.financial_year == year) + tuple(
            t for t in self.targets if t.financial_year == STANDING
        )


@dataclass(frozen=True)
class AeOptions:
    include_booked_appointments: bool = True


@dataclass(frozen=True)
class Nhs111Options:
    partial_months: Literal["drop", "keep"] = "drop"


@dataclass(frozen=True)
class Catalogue:
    metrics: tuple[Metric, ...]
    ae: AeOptions = field(default_factory=AeOptions)
    nhs111: Nhs111Options = field(default_factory=Nhs111Options)

    def metric(self, code: str) -> Metric:
        for metric in self.metrics:
            if metric.code == code:
                return metric
        raise KeyError(f"no metric {code!r} in the catalogue")

    @property
    def codes(self) -> frozenset[str]:
        return frozenset(m.code for m in self.metrics)


def load_catalogue(path: Path | None = None) -> Catalogue:
    """Read metrics.toml (the packaged one unless ``path`` is given). Raises ValueError on a bad entry."""
    if path is None:
        text = resources.files("oversight.warehouse").joinpath("metrics.toml").read_text(encoding="utf-8")
    else:
        text = Path(path).read_text(encoding="utf-8")
    raw = tomllib.loads(text)
    options = raw.get("options", {})
    metrics = tuple(_metric(entry) for entry in raw.get("metric", []))
    codes = [m.code for m in metrics]
    duplicates = sorted({c for c in codes if codes.count(c) > 1})
    if duplicates:
        raise ValueError(f"metrics.toml: duplicate metric code(s) {duplicates}")
    return Catalogue(
        metrics=metrics,
        ae=_ae_options(options.get("ae", {})),
        nhs111=_nhs111_options(options.get("nhs111", {})),
    )


def _metric(entry: dict[str, Any]) -> Metric:
    code = entry.get("code", "?")
    _require(entry.get("unit") in UNITS, f"metric {code}: unit must be one of {UNITS}")
    _require(
        entry.get("improvement_direction") in DIRECTIONS,
        f"metric {code}: improvement_direction must be one of {DIRECTIONS}",
    )
    targets = tuple(_target(code, t) for t in entry.get("target", []))
    try:
        return Metric(
            code=entry["code"],
            name=entry["name"],
            unit=entry["unit"],
            improvement_direction=entry["improvement_direction"],
            source=entry["source"],
            definition=entry["definition"],
            reference=entry.get("reference", ""),
            targets=targets,
        )
    except KeyError as exc:
        raise ValueError(f"metrics.toml: metric {code} has no {exc.args[0]!r}") from exc


def _target(code: str, entry: dict[str, Any]) -> Target:
    _require(
        entry.get("confidence") in CONFIDENCE, f"metric {code}: target confidence must be one of {CONFIDENCE}"
    )
    year = str(entry.get("financial_year", ""))
    _require(
        year == STANDING or (len(year) == 7 and year[4] == "-"),
        f"metric {code}: financial_year {year!r} is not like '2025-26' or 'standing'",
    )
    return Target(
        financial_year=year,
        value=float(entry["value"]),
        kind=entry.get("kind", ""),
        confidence=entry["confidence"],
        note=entry.get("note", ""),
    )


def _ae_options(entry: dict[str, Any]) -> AeOptions:
    booked = entry.get("include_booked_appointments", True)
    _require(isinstance(booked, bool), "options.ae.include_booked_appointments must be true or false")
    return AeOptions(include_booked_appointments=booked)


def _nhs111_options(entry: dict[str, Any]) -> Nhs111Options:
    partial = entry.get("partial_months", "drop")
    _require(partial in ("drop", "keep"), "options.nhs111.partial_months must be 'drop' or 'keep'")
    return Nhs111Options(partial_months=partial)


def _require(condition: bool, message: str) -> None:
    if not condition:
        raise ValueError(f"metrics.toml: {message}")
