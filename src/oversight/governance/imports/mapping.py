"""A column mapping (TOML): which export column feeds each Oversight field, how export values
become Oversight codes, defaults, and the date formats to try."""

from __future__ import annotations

from dataclasses import dataclass, field
from importlib import resources
from importlib.resources.abc import Traversable

from oversight.rulefiles import RuleFile, RuleFileError, read_rule_file

from .fields import BUILTIN_DEFAULTS, FIELDS

KINDS = ("incidents", "complaints")
PACKAGED = {"incidents": "datix_incidents.toml", "complaints": "datix_complaints.toml"}


class MappingError(RuleFileError):
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


def _packaged(kind: str) -> Traversable:
    return resources.files(__package__).joinpath("mappings", PACKAGED[kind])


def packaged_text(kind: str) -> str:
    return _packaged(kind).read_text(encoding="utf-8")


def load_mapping(kind: str | None = None, text: str | None = None, *, file_label: str = "the mapping") -> ColumnMapping:
    """Parse a mapping (the packaged Datix-style one for ``kind`` if no text is given).

    ``file_label`` names an uploaded mapping in error messages (e.g. the uploaded file's name).
    """
    if text is None:
        if kind not in KINDS:
            raise MappingError(f"kind must be one of {', '.join(KINDS)}")
        rules = read_rule_file(_packaged(kind), error=MappingError)
    else:
        rules = read_rule_file(text, file_label=file_label, error=MappingError)
    file_kind = rules.require(rules.data, "kind", str, choices=KINDS)
    if kind is not None and file_kind != kind:
        raise rules.fail(f"the mapping is for {file_kind}, but the file was said to contain {kind}", key="kind")
    known = {spec.name for spec in FIELDS[file_kind]}
    columns = _fields_table(rules, "columns", known)
    defaults = {**BUILTIN_DEFAULTS[file_kind], **_fields_table(rules, "defaults", known)}
    for spec in FIELDS[file_kind]:
        if spec.required and spec.name not in columns and spec.name not in defaults and spec.name != "organisation":
            raise rules.fail(f"the mapping must name a column (or a default) for the required field {spec.name!r}",
                             table="columns")
    return ColumnMapping(
        kind=file_kind, name=rules.optional(rules.data, "name", str, "custom mapping"), columns=columns,
        values=_values(rules, known), defaults=defaults,
        date_formats=tuple(rules.optional(rules.data, "date_formats", list[str], ColumnMapping.date_formats)),
        time_formats=tuple(rules.optional(rules.data, "time_formats", list[str], ColumnMapping.time_formats)),
    )


def _fields_table(rules: RuleFile, name: str, known: set[str]) -> dict[str, str]:
    """``[columns]`` or ``[defaults]``: Oversight field = text, each field one Oversight knows."""
    table = rules.table(name, required=False)
    unknown = set(table) - known
    if unknown:
        raise rules.fail(f"names fields Oversight does not know: {', '.join(sorted(unknown))}; "
                         f"the fields are {', '.join(sorted(known))}", table=name)
    return {key: str(value) for key, value in table.items()}


def _values(rules: RuleFile, known: set[str]) -> dict[str, dict[str, str]]:
    """``[values.<field>]``: export value = Oversight code, matched ignoring case and surrounding spaces."""
    values = {}
    for field_name, value in rules.table("values", required=False).items():
        if field_name not in known or not isinstance(value, dict):
            raise rules.fail("is not a field Oversight knows, or is not a table", table=f"values.{field_name}")
        values[field_name] = {str(k).strip().casefold(): str(v) for k, v in value.items()}
    return values
