"""Map published column headers to canonical field names by rules, not fixed names.

NHS England changes header wording between years (docs/rules/published-statistics.md (§9.2): "Number of A&E attendances Type 1",
"A&E attendances Type 1 Departments - Major A&E", "A&E attendances Type 1"; "4-12 hs" spelt so). A rule is a
set of regular expressions that must all match the normalised header plus some that must not; each field
must be matched by exactly one header. Extra columns (e.g. ``period_date``, ``source_file``) are ignored.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass

from oversight.warehouse.errors import IngestError, UnknownLayoutError


@dataclass(frozen=True)
class FieldRule:
    """How to recognise one canonical field. ``label`` is the current published header, used in errors."""

    field: str
    label: str
    all_of: tuple[str, ...]
    none_of: tuple[str, ...] = ()
    required: bool = True

    def matches(self, normalised: str) -> bool:
        return all(re.search(p, normalised) for p in self.all_of) and not any(
            re.search(p, normalised) for p in self.none_of
        )


def normalise_header(header: str) -> str:
    """Lower case, no BOM, single spaces: the form every rule is written against."""
    return " ".join(header.replace("\ufeff", "").replace("\u00a0", " ").lower().split())


def map_headers(
    headers: Iterable[str], rules: Iterable[FieldRule], *, file: str, layout: str
) -> dict[str, str]:
    """Field name -> original header. Raises UnknownLayoutError naming every missing required column."""
    normalised = {header: normalise_header(header) for header in headers}
    mapping: dict[str, str] = {}
    missing: list[str] = []
    for rule in rules:
        found = [h for h, n in normalised.items() if rule.matches(n)]
        if len(found) > 1:
            raise IngestError(file, f"columns {found} all look like {rule.label!r}; cannot tell which to use")
        if found:
            mapping[rule.field] = found[0]
        elif rule.required:
            missing.append(rule.label)
    if missing:
        raise UnknownLayoutError(file, missing, layout)
    _refuse_shared_headers(mapping, file)
    return mapping


def first_fit(headers: Iterable[str], rules: Iterable[FieldRule]) -> bool:
    """Whether every required rule finds a header: used to detect a layout without raising."""
    normalised = [normalise_header(h) for h in headers]
    return all(any(rule.matches(n) for n in normalised) for rule in rules if rule.required)


def _refuse_shared_headers(mapping: Mapping[str, str], file: str) -> None:
    # Two fields claiming one header means the rules overlap: a bug to surface, not to guess around.
    seen: dict[str, str] = {}
    for field, header in mapping.items():
        if header in seen:
            raise IngestError(file, f"column {header!r} matches both {seen[header]!r} and {field!r}")
        seen[header] = field
