"""The warehouse's view of the metric registry: the metrics it computes, and its ingest options.

What each metric means (label, unit, direction, targets, minimum points, publication lag) is registered
with :mod:`oversight.indicators` (``indicators/metrics/warehouse.toml``); the warehouse keeps the codes
of the sources it loads and the options its loaders need, read from ``metrics.toml`` beside this file.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from importlib import resources
from pathlib import Path
from typing import Literal

from oversight.indicators import Metric, Target, registry
from oversight.indicators.registry import MetricFileError, metrics_of
from oversight.rulefiles import RuleFile, read_rule_file

__all__ = ["AeOptions", "Catalogue", "Metric", "Nhs111Options", "Target", "load_catalogue"]

#: The registry sources whose metrics the warehouse's loaders derive.
WAREHOUSE_SOURCES = ("ae", "rtt", "nhs111", "iuc-adc")


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
    """The registered warehouse metrics and the ingest options of ``metrics.toml`` (the packaged one
    unless ``path`` is given). A file with ``[[metric]]`` entries replaces the registered metrics.
    Raises ValueError on a bad entry."""
    source = Path(path) if path is not None else resources.files("oversight.warehouse").joinpath("metrics.toml")
    rules = read_rule_file(source, file_label="metrics.toml", error=MetricFileError)
    return Catalogue(metrics=_metrics(rules), ae=_ae_options(rules), nhs111=_nhs111_options(rules))


def _metrics(rules: RuleFile) -> tuple[Metric, ...]:
    if "metric" not in rules.data:
        return registry().sources(*WAREHOUSE_SOURCES)
    for entry in rules.data["metric"]:
        if isinstance(entry, dict) and "name" in entry and "label" not in entry:  # the catalogue's older key
            entry["label"] = entry.pop("name")
    return tuple(m for m in metrics_of(rules, "warehouse") if isinstance(m, Metric))


def _ae_options(rules: RuleFile) -> AeOptions:
    booked = rules.table("options.ae", required=False).get("include_booked_appointments", True)
    _require(isinstance(booked, bool), "options.ae.include_booked_appointments must be true or false")
    return AeOptions(include_booked_appointments=booked)


def _nhs111_options(rules: RuleFile) -> Nhs111Options:
    partial = rules.table("options.nhs111", required=False).get("partial_months", "drop")
    _require(partial in ("drop", "keep"), "options.nhs111.partial_months must be 'drop' or 'keep'")
    return Nhs111Options(partial_months=partial)


def _require(condition: bool, message: str) -> None:
    if not condition:
        raise ValueError(f"metrics.toml: {message}")
