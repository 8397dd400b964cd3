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

import tomllib
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from enum import StrEnum
from functools import lru_cache
from importlib import resources
from importlib.resources.abc import Traversable
from pathlib import Path
from types import MappingProxyType
from typing import Any

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


class ReferenceDataError(ValueError):
    """A reference data file is missing or malformed."""


class Confidence(StrEnum):
    CONFIRMED = "confirmed"
    SECONDARY = "secondary"
    UNCONFIRMED = "unconfirmed"


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


def _fail(where: str, message: str) -> ReferenceDataError:
    return ReferenceDataError(f"{where}: {message}")


def _text(where: str, key: str, value: Any, *, required: bool = True) -> str:
    if value is None and not required:
        return ""
    if not isinstance(value, str) or (required and not value.strip()):
        raise _fail(where, f"{key} must be non-empty text, got {value!r}")
    return value.strip()


def _confidence(where: str, value: Any) -> Confidence:
    try:
        return Confidence(value)
    except ValueError:
        raise _fail(where, f"confidence must be confirmed, secondary or unconfirmed; got {value!r}") from None


def _source(where: str, value: Any, defined: Mapping[str, str]) -> tuple[str, ...]:
    if isinstance(value, str):
        value = [value]
    if not isinstance(value, list) or not value or not all(isinstance(tag, str) for tag in value):
        raise _fail(where, "source must be a non-empty list of source tags")
    undefined = [tag for tag in value if tag not in defined]
    if undefined:
        raise _fail(where, f"source tags {undefined} are not defined in [sources]")
    return tuple(value)


def _check_type(where: str, key: str, spec: str, value: Any) -> Any:
    expected = _TYPES[spec.rstrip("?")]
    ok = isinstance(value, expected) and not (isinstance(value, bool) and bool not in expected)
    if ok and spec.startswith("list"):
        ok = all(isinstance(v, str) for v in value)
    if not ok:
        raise _fail(where, f"{key} must be {spec.rstrip('?')}, got {value!r}")
    return tuple(value) if spec.startswith("list") else value


def parse(data: Mapping[str, Any], *, where: str = "reference data") -> ReferenceSet:
    """Validate parsed TOML and build a :class:`ReferenceSet`."""
    unknown = set(data) - _SET_KEYS
    if unknown:
        raise _fail(where, f"unknown top-level keys {sorted(unknown)}")
    if data.get("schema") != 1:
        raise _fail(where, f"schema must be 1, got {data.get('schema')!r}")
    name = _text(where, "name", data.get("name"))
    sources = data.get("sources", {})
    if not isinstance(sources, Mapping) or not all(isinstance(v, str) for v in sources.values()):
        raise _fail(where, "[sources] must map tags to text")
    set_confidence = _confidence(where, data.get("confidence"))
    set_source = _source(where, data.get("source"), sources)
    attribute_types = data.get("item_attributes", {})
    if not isinstance(attribute_types, Mapping):
        raise _fail(where, "[item_attributes] must map attribute names to types")
    for key, spec in attribute_types.items():
        if key in _ITEM_KEYS:
            raise _fail(where, f"item attribute {key!r} clashes with a built-in item field")
        if not isinstance(spec, str) or spec.rstrip("?") not in _TYPES:
            raise _fail(
                where,
                f"type of {key!r} must be one of {sorted(_TYPES)} (optionally ending '?'), got {spec!r}",
            )

    raw_items = data.get("items")
    if not isinstance(raw_items, list) or not raw_items:
        raise _fail(where, "needs at least one [[items]] entry")
    items: list[ReferenceItem] = []
    seen: set[str] = set()
    for index, raw in enumerate(raw_items):
        at = f"{where} items[{index}]"
        if not isinstance(raw, Mapping):
            raise _fail(at, "must be a table")
        code = _text(at, "code", raw.get("code"))
        at = f"{where} item {code!r}"
        if code in seen:
            raise _fail(at, "duplicate code")
        seen.add(code)
        undeclared = set(raw) - _ITEM_KEYS - set(attribute_types)
        if undeclared:
            raise _fail(at, f"attributes {sorted(undeclared)} are not declared in [item_attributes]")
        attributes: dict[str, Any] = {}
        for key, spec in attribute_types.items():
            if key not in raw:
                if not spec.endswith("?"):
                    raise _fail(at, f"missing required attribute {key!r}")
                attributes[key] = None
                continue
            attributes[key] = _check_type(at, key, spec, raw[key])
        items.append(
            ReferenceItem(
                code=code,
                label=_text(at, "label", raw.get("label")),
                description=_text(at, "description", raw.get("description")),
                confidence=_confidence(at, raw["confidence"]) if "confidence" in raw else set_confidence,
                source=_source(at, raw["source"], sources) if "source" in raw else set_source,
                note=_text(at, "note", raw.get("note"), required=False),
                attributes=attributes,
            )
        )
    return ReferenceSet(
        name=name,
        title=_text(where, "title", data.get("title")),
        version=_text(where, "version", data.get("version")),
        description=_text(where, "description", data.get("description"), required=False),
        confidence=set_confidence,
        source=set_source,
        sources=sources,
        attribute_types=attribute_types,
        items=tuple(items),
    )


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
    with open(path, "rb") as fh:
        data = tomllib.load(fh)
    result = parse(data, where=path.name)
    if result.name != path.stem:
        raise _fail(path.name, f"name {result.name!r} does not match the file name")
    return result


@lru_cache(maxsize=64)
def _load_cached(name: str, directory: str | None) -> ReferenceSet:
    if not name.isidentifier():
        raise ReferenceDataError(f"reference set names are identifiers like 'never_events', got {name!r}")
    entry = _directory(directory).joinpath(f"{name}.toml")
    if not entry.is_file():
        raise ReferenceDataError(f"no reference set {name!r}; available: {', '.join(available(directory))}")
    data = tomllib.loads(entry.read_text(encoding="utf-8"))
    result = parse(data, where=f"{name}.toml")
    if result.name != name:
        raise _fail(f"{name}.toml", f"name {result.name!r} does not match the file name")
    return result


def load(name: str, *, directory: str | Path | None = None) -> ReferenceSet:
    """Load a reference set by name, e.g. ``load("never_events")``.

    ``directory`` points at a folder of replacement TOML files (same layout) instead of the packaged
    ones, for a trust that configures its own labels. Results are cached; the objects are immutable.
    """
    return _load_cached(name, None if directory is None else str(Path(directory).resolve()))
