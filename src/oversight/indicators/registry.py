"""The one registry of metrics, read from versioned TOML files shipped in ``indicators/metrics/``.

Each module that shows metrics registers one file here: add its name to :data:`MODULE_FILES` (and the
file beside the others). Nothing else is needed: every page, report, CSV and API then finds the metric's
words, unit, direction, targets, minimum points, publication lag and chart kind through
:func:`registry`. A file is checked whole when it is read; a bad entry raises :class:`MetricFileError`
naming the file, the table and the key.

A metric may be a **family**: one entry with ``for_each = "<reference set>"`` whose code, label and
definition carry ``{code}`` and ``{label}``, expanded by the owning module with its reference items
(governance's incidents by harm level, whose levels a trust may configure).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field, replace
from functools import lru_cache
from importlib import resources
from importlib.resources.abc import Traversable
from pathlib import Path
from typing import Any

from oversight.rulefiles import Confidence, RuleFile, RuleFileError, Table, read_rule_file

from .metric import CHART_KINDS, DEFAULT_MINIMUM_POINTS, DIRECTIONS, STANDING, UNITS, Metric, Target

#: The registered modules, in the order their metrics are listed. One entry per module's file.
MODULE_FILES: tuple[str, ...] = (
    "warehouse",  # published NHS England statistics (A&E, RTT, NHS 111), computed by oversight.warehouse
    "governance",  # incidents, Duty of Candour and complaints, computed by oversight.governance.metrics
    "clinical_audit",  # each clinician's audit results per period, computed by oversight.clinical_performance
    "urgent_care",  # NHS 111 / IUC KPIs, computed by oversight.iuc
    "workforce",  # employment checks and training compliance, computed by oversight.workforce.compliance
)


class MetricFileError(RuleFileError):
    """A metric file that cannot be used; the message names the file, the table and the key."""


@dataclass(frozen=True)
class Family:
    """A metric written once for every item of a reference set (``{code}``/``{label}`` in its words)."""

    for_each: str
    template: Metric

    def expand(self, items: Iterable[tuple[str, str]]) -> list[Metric]:
        def fill(text: str, code: str, label: str) -> str:
            return text.replace("{code}", code).replace("{label}", label).replace("{label_lower}", label.lower())

        t = self.template
        return [replace(t, code=fill(t.code, c, lab), label=fill(t.label, c, lab), definition=fill(t.definition, c, lab))
                for c, lab in items]


@dataclass(frozen=True)
class Registry:
    """Every registered metric (families unexpanded), in file order."""

    entries: tuple[Metric | Family, ...] = ()
    modules: Mapping[str, tuple[Metric | Family, ...]] = field(default_factory=dict)

    @property
    def metrics(self) -> tuple[Metric, ...]:
        """The plain metrics (not the families, which need their owner's reference items)."""
        return tuple(e for e in self.entries if isinstance(e, Metric))

    @property
    def codes(self) -> frozenset[str]:
        return frozenset(m.code for m in self.metrics)

    def metric(self, code: str) -> Metric:
        for metric in self.metrics:
            if metric.code == code:
                return metric
        raise KeyError(f"no metric {code!r} is registered")

    def get(self, code: str) -> Metric | None:
        try:
            return self.metric(code)
        except KeyError:
            return None

    def module(self, name: str, items: Mapping[str, Iterable[tuple[str, str]]] | None = None) -> list[Metric]:
        """One module's metrics in file order, each family expanded with ``items[family.for_each]``."""
        out: list[Metric] = []
        for entry in self.modules.get(name, ()):
            if isinstance(entry, Family):
                out.extend(entry.expand((items or {}).get(entry.for_each, ())))
            else:
                out.append(entry)
        return out

    def sources(self, *sources: str) -> tuple[Metric, ...]:
        return tuple(m for m in self.metrics if m.source in sources)


ENTRY_KEYS = ("code", "label", "unit", "improvement_direction", "source", "definition", "reference", "target",
              "minimum_points", "publication_lag_months", "chart_kind", "for_each")
TARGET_KEYS = ("financial_year", "value", "kind", "confidence", "note")


def read_metric_file(source: str | Path | Traversable, *, file_label: str, module: str = "") -> tuple[Metric | Family, ...]:
    """The metrics of one TOML file (or text). Raises MetricFileError on any bad entry or a duplicate code."""
    return metrics_of(read_rule_file(source, file_label=file_label, error=MetricFileError), module)


def metrics_of(rules: RuleFile, module: str = "") -> tuple[Metric | Family, ...]:
    """The ``[[metric]]`` entries of a rule file already read (with ``error=MetricFileError``)."""
    entries = tuple(_entry(rules, table, module) for table in rules.array_of_tables("metric", required=False))
    codes = [e.template.code if isinstance(e, Family) else e.code for e in entries]
    duplicates = sorted({c for c in codes if codes.count(c) > 1})
    if duplicates:
        raise rules.fail(f"duplicate metric code(s) {duplicates}", table="metric", key="code")
    return entries


def _entry(rules: RuleFile, table: Table, module: str) -> Metric | Family:
    rules.known_keys(table, ENTRY_KEYS)
    table.name = f"metric {table.get('code', table.name)}"  # "metric ae_4hr_all" reads better than "metric[3]"
    metric = Metric(
        code=rules.require(table, "code", str),
        label=rules.require(table, "label", str),
        unit=rules.require(table, "unit", str, choices=UNITS),
        improvement_direction=rules.require(table, "improvement_direction", str, choices=DIRECTIONS),
        source=rules.require(table, "source", str),
        definition=rules.require(table, "definition", str),
        reference=rules.optional(table, "reference", str, ""),
        targets=tuple(_target(rules, table, t) for t in rules.optional(table, "target", list, [])),
        minimum_points=rules.optional(table, "minimum_points", int, DEFAULT_MINIMUM_POINTS, minimum=1),
        publication_lag_months=rules.optional(table, "publication_lag_months", int, 1, minimum=0),
        chart_kind=rules.optional(table, "chart_kind", str, "spc", choices=CHART_KINDS),
        module=module,
    )
    for_each = rules.optional(table, "for_each", str, "")
    return Family(for_each, metric) if for_each else metric


def _target(rules: RuleFile, metric: Table, entry: Any) -> Target:
    if not isinstance(entry, dict):
        raise rules.fail("each [[metric.target]] must be a table", table=metric, key="target")
    table = Table(entry, f"{metric.name}.target")
    rules.known_keys(table, TARGET_KEYS)
    year = rules.require(table, "financial_year", str)
    if not (year == STANDING or (len(year) == 7 and year[4] == "-" and year[:4].isdigit())):
        raise rules.fail(f"expected a year like '2025-26' or 'standing', found {year!r}", table=table,
                         key="financial_year")
    return Target(financial_year=year, value=rules.require(table, "value", float), kind=rules.optional(table, "kind", str, ""),
                  confidence=rules.require(table, "confidence", Confidence), note=rules.optional(table, "note", str, ""))  # fmt: skip


def module_text(name: str) -> str:
    return resources.files("oversight.indicators").joinpath("metrics", f"{name}.toml").read_text(encoding="utf-8")


def build_registry(files: Mapping[str, str]) -> Registry:
    """A registry from {module name: TOML text}; a code registered by two modules is refused."""
    modules = {name: read_metric_file(text, file_label=f"{name}.toml", module=name) for name, text in files.items()}
    entries = tuple(e for found in modules.values() for e in found)
    seen: dict[str, str] = {}
    for name, found in modules.items():
        for e in found:
            code = e.template.code if isinstance(e, Family) else e.code
            if code in seen:
                raise MetricFileError(f"already registered by {seen[code]}.toml", file=f"{name}.toml",
                                      table=f"metric {code}", key="code")
            seen[code] = name
    return Registry(entries, modules)


@lru_cache(maxsize=1)
def registry() -> Registry:
    """The registry of every module in :data:`MODULE_FILES` (read once per process)."""
    return build_registry({name: module_text(name) for name in MODULE_FILES})


def registry_from(paths: Iterable[str | Path]) -> Registry:
    """A registry from files on disk (a deployment's own copies, or a test's)."""
    return build_registry({Path(p).stem: Path(p).read_text(encoding="utf-8") for p in paths})
