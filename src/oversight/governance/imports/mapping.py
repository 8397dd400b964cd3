"""A column mapping (TOML): which export column feeds each Oversight field, how export values
become Oversight codes, defaults, and the date formats to try."""

from __future__ import annotations

import tomllib
from dataclasses import dataclass, field
from importlib import resources

from .fields import BUILTIN_DEFAULTS, FIELDS

KINDS = ("incidents", "complaints")
PACKAGED = {"incidents": "datix_incidents.toml", "complaints": "datix_complaints.toml"}


class MappingError(ValueError):
    """The mapping file itself is wrong: nothing was read from the CSV."""


@dataclass(frozen=True)
class ColumnMapping:
    kind: str
    name: str
    columns: dict[str, str]
    values: dict[str, dict[str, str]] = field(default_factory=dict)
    defaults: dict[str, str] = field(default_factory=dict)
    date_formats: tuple[str, ...] = ("%d/%m/%Y", "%Y-%m-%d")
    time_formats: tuple[str, ...] = ("%H:%M", "%H:%M:%S")


def packaged_text(kind: str) -> str:
    return resources.files(__package__).joinpath("mappings", PACKAGED[kind]).read_text(encoding="utf-8")


def load_mapping(kind: str | None = None, text: str | None = None) -> ColumnMapping:
    """Parse a mapping (the packaged Datix-style one for ``kind`` if no text is given)."""
    if text is None:
        if kind not in KINDS:
            raise MappingError(f"kind must be one of {', '.join(KINDS)}")
        text = packaged_text(kind)
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise MappingError(f"the mapping is not valid TOML: {exc}") from None
    file_kind = data.get("kind")
    if file_kind not in KINDS:
        raise MappingError(f"the mapping's kind must be one of {', '.join(KINDS)}, got {file_kind!r}")
    if kind is not None and file_kind != kind:
        raise MappingError(f"the mapping is for {file_kind}, but the file was said to contain {kind}")
    known = {spec.name for spec in FIELDS[file_kind]}
    columns = _table(data, "columns")
    for section in ("columns", "defaults"):
        unknown = set(_table(data, section)) - known
        if unknown:
            raise MappingError(f"[{section}] names fields Oversight does not know: {', '.join(sorted(unknown))}; "
                               f"the fields are {', '.join(sorted(known))}")
    values = {}
    for field_name, table in _table(data, "values").items():
        if field_name not in known or not isinstance(table, dict):
            raise MappingError(f"[values.{field_name}] is not a field Oversight knows, or is not a table")
        values[field_name] = {str(k).strip().casefold(): str(v) for k, v in table.items()}
    defaults = {**BUILTIN_DEFAULTS[file_kind], **{k: str(v) for k, v in _table(data, "defaults").items()}}
    for spec in FIELDS[file_kind]:
        if spec.required and spec.name not in columns and spec.name not in defaults and spec.name != "organisation":
            raise MappingError(f"the mapping must name a column (or a default) for the required field {spec.name!r}")
    return ColumnMapping(
        kind=file_kind, name=str(data.get("name", "custom mapping")), columns={k: str(v) for k, v in columns.items()},
        values=values, defaults=defaults,
        date_formats=tuple(data.get("date_formats", ColumnMapping.date_formats)),
        time_formats=tuple(data.get("time_formats", ColumnMapping.time_formats)),
    )


def _table(data: dict, key: str) -> dict:
    value = data.get(key, {})
    if not isinstance(value, dict):
        raise MappingError(f"[{key}] must be a table")
    return value
