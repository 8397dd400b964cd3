"""A tiny typed loader for versioned reference data kept as TOML files in ``oversight/reference/data``.

File layout (see docs/reference-data.md)::

    schema = 1
    name = "never_events"                 # must match the file name
    title = "Never Events list 2018"
    version = "2018 (updated February 2021)"
    confidence = "confirmed"              # default for items: confirmed | secondary | unconfirmed
    source = ["S36"]                      # default source tags for items
    description = "..."

    [sources]                             # every tag used must be defined here
    S36 = "https://..."

    [item_attributes]                     # extra attributes every item carries, with their types
    category = "str"                      # str | bool | int | float | list[str]; "?" suffix = optional
    parent = "str?"

    [[items]]
    code = "NE01"
    label = "Wrong site surgery"
    description = "..."
    category = "surgical"
    # optional per item: confidence, source, note
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field, replace
from functools import lru_cache
from importlib import resources
from importlib.resources.abc import Traversable
from pathlib import Path
from types import MappingProxyType
from typing import Any

from oversight.rulefiles import Confidence, RuleFile, RuleFileError, Table, read_rule_file

__all__ = [
    "Confidence",
    "ReferenceDataError",
    "ReferenceItem",
    "ReferenceSet",
    "available",
    "load",
    "load_file",
]

_ITEM_KEYS = {"code", "label", "description", "confidence", "source", "note"}
_SET_KEYS = {
    "schema",
    "name",
    "title",
    "version",
    "confidence",
    "source",
    "description",
    "sources",
    "item_attributes",
    "items",
}
_TYPES: dict[str, tuple[type, ...]] = {
    "str": (str,),
    "bool": (bool,),
    "int": (int,),
    "float": (float, int),
    "list[str]": (list,),
}


class ReferenceDataError(RuleFileError):
    """A reference data file is missing or malformed; the message names the file, table and key."""


@dataclass(frozen=True)
class ReferenceItem:
    """One entry: ``code`` (stable, store this), ``label`` (show this), ``description`` and extra attributes."""

    code: str
    label: str
    description: str
    confidence: Confidence
    source: tuple[str, ...]
    note: str = ""
    attributes: Mapping[str, Any] = field(default_factory=dict)

    def __post_init__(self) -> None:
        object.__setattr__(self, "attributes", MappingProxyType(dict(self.attributes)))

    def __getitem__(self, name: str) -> Any:
        try:
            return self.attributes[name]
        except KeyError:
            raise KeyError(
                f"{self.code!r} has no attribute {name!r}; it has {sorted(self.attributes)}"
            ) from None

    def get(self, name: str, default: Any = None) -> Any:
        value = self.attributes.get(name)
        return default if value is None else value

    def __str__(self) -> str:
        return self.label


@dataclass(frozen=True)
class ReferenceSet:
    """A named, versioned list of :class:`ReferenceItem` in file order."""

    name: str
    title: str
    version: str
    description: str
    confidence: Confidence
    source: tuple[str, ...]
    sources: Mapping[str, str]
    attribute_types: Mapping[str, str]
    items: tuple[ReferenceItem, ...]

    def __post_init__(self) -> None:
        object.__setattr__(self, "sources", MappingProxyType(dict(self.sources)))
        object.__setattr__(self, "attribute_types", MappingProxyType(dict(self.attribute_types)))
        object.__setattr__(self, "_by_code", MappingProxyType({item.code: item for item in self.items}))

    def __iter__(self) -> Iterator[ReferenceItem]:
        return iter(self.items)

    def __len__(self) -> int:
        return len(self.items)

    def __contains__(self, code: object) -> bool:
        return code in self._by_code  # type: ignore[attr-defined]

    def __getitem__(self, code: str) -> ReferenceItem:
        return self.get(code)

    def get(self, code: str) -> ReferenceItem:
        try:
            return self._by_code[code]  # type: ignore[attr-defined,no-any-return]
        except KeyError:
            raise KeyError(f"{self.name} has no code {code!r}; codes are {', '.join(self.codes)}") from None

    @property
    def codes(self) -> tuple[str, ...]:
        return tuple(item.code for item in self.items)

    def choices(self) -> list[tuple[str, str]]:
        """``(code, label)`` pairs, e.g. for a Django ``choices=``."""
        return [(item.code, item.label) for item in self.items]

    def where(self, **attributes: Any) -> tuple[ReferenceItem, ...]:
        """Items whose attributes equal all the given values: ``where(category="surgical")``."""
        for key in attributes:
            if key not in self.attribute_types:
                raise KeyError(
                    f"{self.name} items have no attribute {key!r}; they have {sorted(self.attribute_types)}"
                )
        return tuple(item for item in self.items if all(item.get(k) == v for k, v in attributes.items()))


# --- parsing -----------------------------------------------------------------------------------------


def _text(rules: RuleFile, table: Mapping[str, Any], key: str, *, required: bool = True) -> str:
    if required:
        return str(rules.require(table, key, str)).strip()
    return str(rules.optional(table, key, str, "")).strip()


def _source(rules: RuleFile, table: Mapping[str, Any], defined: Mapping[str, str]) -> tuple[str, ...]:
    value = table.get("source")
    if isinstance(value, str):
        value = [value]
    if not isinstance(value, list) or not value or not all(isinstance(tag, str) for tag in value):
        raise rules.fail("source must be a non-empty list of source tags", table=table, key="source")
    undefined = [tag for tag in value if tag not in defined]
    if undefined:
        raise rules.fail(f"source tags {undefined} are not defined in [sources]", table=table, key="source")
    return tuple(value)


def _check_type(rules: RuleFile, table: Mapping[str, Any], key: str, spec: str) -> Any:
    value = table[key]
    expected = _TYPES[spec.rstrip("?")]
    ok = isinstance(value, expected) and not (isinstance(value, bool) and bool not in expected)
    if ok and spec.startswith("list"):
        ok = all(isinstance(v, str) for v in value)
    if not ok:
        # The file declares its own attribute types, so the message uses its words ("bool", "int").
        raise rules.fail(f"must be {spec.rstrip('?')}, found {value!r}", table=table, key=key)
    return tuple(value) if spec.startswith("list") else value


def _attribute_types(rules: RuleFile) -> Table:
    attribute_types = rules.table("item_attributes", required=False)
    for key, spec in attribute_types.items():
        if key in _ITEM_KEYS:
            raise rules.fail("item attribute clashes with a built-in item field", table=attribute_types, key=key)
        if not isinstance(spec, str) or spec.rstrip("?") not in _TYPES:
            raise rules.fail(
                f"type of the attribute must be one of {sorted(_TYPES)} (optionally ending '?'), found {spec!r}",
                table=attribute_types,
                key=key,
            )
    return attribute_types


def _attributes(rules: RuleFile, item: Table, attribute_types: Mapping[str, str]) -> dict[str, Any]:
    undeclared = set(item) - _ITEM_KEYS - set(attribute_types)
    if undeclared:
        raise rules.fail(f"attributes {sorted(undeclared)} are not declared in [item_attributes]", table=item)
    attributes: dict[str, Any] = {}
    for key, spec in attribute_types.items():
        if key in item:
            attributes[key] = _check_type(rules, item, key, spec)
        elif spec.endswith("?"):
            attributes[key] = None
        else:
            raise rules.fail(f"missing required attribute {key!r}", table=item, key=key)
    return attributes


def _item(rules: RuleFile, item: Table, defaults: ReferenceSet) -> ReferenceItem:
    code = _text(rules, item, "code")
    item.name = f"{item.name} ({code})"  # so later messages name the entry by its code as well
    return ReferenceItem(
        code=code,
        label=_text(rules, item, "label"),
        description=_text(rules, item, "description"),
        confidence=rules.optional(item, "confidence", Confidence, defaults.confidence),
        source=_source(rules, item, defaults.sources) if "source" in item else defaults.source,
        note=_text(rules, item, "note", required=False),
        attributes=_attributes(rules, item, defaults.attribute_types),
    )


def _items(rules: RuleFile, defaults: ReferenceSet) -> tuple[ReferenceItem, ...]:
    if rules.data.get("items") == []:
        raise rules.fail("needs at least one [[items]] entry", key="items")
    items = [_item(rules, table, defaults) for table in rules.array_of_tables("items")]
    codes = [item.code for item in items]
    duplicates = sorted({code for code in codes if codes.count(code) > 1})
    if duplicates:
        raise rules.fail(f"duplicate code {', '.join(duplicates)}", key="items")
    return tuple(items)


def _parse_rule_file(rules: RuleFile) -> ReferenceSet:
    rules.known_keys(rules.data, _SET_KEYS)
    rules.require(rules.data, "schema", int, choices=(1,))
    sources = rules.table("sources", required=False)
    for tag in sources:
        rules.require(sources, tag, str)
    header = ReferenceSet(
        name=_text(rules, rules.data, "name"),
        title=_text(rules, rules.data, "title"),
        version=_text(rules, rules.data, "version"),
        description=_text(rules, rules.data, "description", required=False),
        confidence=rules.require(rules.data, "confidence", Confidence),
        source=_source(rules, rules.data, sources),
        sources=sources,
        attribute_types=_attribute_types(rules),
        items=(),
    )
    return replace(header, items=_items(rules, header))


def parse(data: Mapping[str, Any], *, where: str = "reference data") -> ReferenceSet:
    """Validate parsed TOML and build a :class:`ReferenceSet`; errors name ``where`` (the file)."""
    return _parse_rule_file(RuleFile(where, data, error=ReferenceDataError))


def _named_as_file(result: ReferenceSet, stem: str, label: str) -> ReferenceSet:
    if result.name != stem:
        raise ReferenceDataError(f"name {result.name!r} does not match the file name", file=label, key="name")
    return result


# --- loading -----------------------------------------------------------------------------------------


def _packaged_dir() -> Traversable:
    return resources.files(__package__).joinpath("data")


def _directory(directory: str | Path | None) -> Traversable | Path:
    return _packaged_dir() if directory is None else Path(directory)


def available(directory: str | Path | None = None) -> list[str]:
    """Names of the reference sets (the packaged ones, or those in ``directory``)."""
    base = _directory(directory)
    return sorted(entry.name[: -len(".toml")] for entry in base.iterdir() if entry.name.endswith(".toml"))


def load_file(path: str | Path) -> ReferenceSet:
    """Load one reference TOML file from anywhere (e.g. a trust's own edited copy)."""
    path = Path(path)
    rules = read_rule_file(path, error=ReferenceDataError)
    return _named_as_file(_parse_rule_file(rules), path.stem, rules.label)


@lru_cache(maxsize=64)
def _load_cached(name: str, directory: str | None) -> ReferenceSet:
    if not name.isidentifier():
        raise ReferenceDataError(f"reference set names are identifiers like 'never_events', got {name!r}")
    entry = _directory(directory).joinpath(f"{name}.toml")
    if not entry.is_file():
        raise ReferenceDataError(f"no reference set {name!r}; available: {', '.join(available(directory))}")
    rules = read_rule_file(entry, file_label=f"{name}.toml", error=ReferenceDataError)
    return _named_as_file(_parse_rule_file(rules), name, rules.label)


def load(name: str, *, directory: str | Path | None = None) -> ReferenceSet:
    """Load a reference set by name, e.g. ``load("never_events")``.

    ``directory`` points at a folder of replacement TOML files (same layout) instead of the packaged
    ones, for a trust that configures its own labels. Results are cached; the objects are immutable.
    """
    return _load_cached(name, None if directory is None else str(Path(directory).resolve()))
