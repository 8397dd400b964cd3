"""The one reader of Oversight's versioned TOML rule files.

Deadlines, reference data, NOF methods, warehouse metrics and import mappings are all TOML files that
people edit by hand. They share this reader so that every mistake is reported the same way, naming
the file, the table and the key a person has to open and fix::

    deadlines.toml, [rules.duty_of_candour_notification], key 'quantity': expected a whole number, found 'ten'

Framework-free: no Django import, so the CLI and the analytics libraries can use it.

    rules = read_rule_file(path)                       # a Path, a Traversable, or TOML text
    rule = rules.table("rules.duty_of_candour_notification")
    days = rules.require(rule, "quantity", int, minimum=1)
    confidence = rules.require(rule, "confidence", Confidence)
"""

from __future__ import annotations

import re
import tomllib
import typing
from collections.abc import Collection, Iterable, Mapping
from datetime import date, datetime
from enum import Enum, StrEnum
from importlib.resources.abc import Traversable
from pathlib import Path
from typing import Any

__all__ = [
    "Confidence",
    "RuleFile",
    "RuleFileError",
    "Table",
    "parse_confidence",
    "read_rule_file",
]


class RuleFileError(ValueError):
    """A rule file that cannot be used; the message names the file, the table and the key.

    Readers subclass it (``PolicyError``, ``ReferenceDataError``, ``MethodError``, ``MappingError``)
    so callers that catch their own reader's error keep working, and a caller that wants any
    rule-file problem catches this one.
    """

    def __init__(
        self,
        problem: str,
        *,
        file: str | None = None,
        table: str | None = None,
        key: str | None = None,
        line: int | None = None,
    ) -> None:
        self.problem = problem
        self.file = file
        self.table = table
        self.key = key
        self.line = line
        super().__init__(_place(file, table, key, line) + problem)


def _place(file: str | None, table: str | None, key: str | None, line: int | None) -> str:
    parts = [part for part in (file, line and f"line {line}", table and f"[{table}]", key and f"key '{key}'") if part]
    return ", ".join(parts) + ": " if parts else ""


class Confidence(StrEnum):
    """How sure the platform is of a rule (docs/rules/README.md)."""

    CONFIRMED = "confirmed"  # read directly in the source named
    SECONDARY = "secondary"  # read in a reputable secondary source
    UNCONFIRMED = "unconfirmed"  # general knowledge, or the primary text was not retrieved

    @classmethod
    def _missing_(cls, value: object) -> Confidence | None:
        # Older files shout "UNCONFIRMED"; accept any case and surrounding spaces.
        if isinstance(value, str):
            wanted = value.strip().casefold()
            for member in cls:
                if member.value == wanted:
                    return member
        return None


def parse_confidence(value: Any, where: str = "") -> Confidence:
    """``value`` as a :class:`Confidence`; ``where`` (e.g. "never_events.toml") goes in the error."""
    try:
        return Confidence(value)
    except ValueError:
        raise RuleFileError(
            f"expected one of {_choices(Confidence)}, found {_shown(value)}", file=where or None
        ) from None


class Table(dict[str, Any]):
    """A TOML table that remembers its dotted name, so errors about its keys can name it."""

    def __init__(self, data: Mapping[str, Any], name: str | None) -> None:
        super().__init__(data)
        self.name = name


# --- kinds ---------------------------------------------------------------------------------------------

_KIND_WORDS: dict[Any, str] = {
    str: "text",
    int: "a whole number",
    float: "a number",
    bool: "true or false",
    list: "a list",
    dict: "a table",
    date: "a date (2026-04-01)",
    datetime: "a date and time (2026-04-01T09:00:00)",
}


_PLURAL_WORDS: dict[Any, str] = {
    str: "text values",
    int: "whole numbers",
    float: "numbers",
    bool: "true/false values",
    dict: "tables",
    date: "TOML dates (2026-04-01)",
    datetime: "TOML date-times (2026-04-01T09:00:00)",
}


def _kind_words(kind: Any) -> str:
    if typing.get_origin(kind) is list:
        (inner,) = typing.get_args(kind)
        return f"a list of {_PLURAL_WORDS[inner]}"
    if isinstance(kind, type) and issubclass(kind, Enum):
        return f"one of {_choices(kind)}"
    return _KIND_WORDS[kind]


def _choices(values: Iterable[Any]) -> str:
    return ", ".join(str(v.value if isinstance(v, Enum) else v) for v in values)


def _shown(value: Any) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, dict):
        return "a table"
    return repr(value)


def _is(value: Any, kind: Any) -> bool:
    """True if ``value`` is of ``kind``; TOML booleans are never numbers, dates never date-times."""
    if kind in (int, float):
        return not isinstance(value, bool) and isinstance(value, int if kind is int else int | float)
    if kind is date:
        return isinstance(value, date) and not isinstance(value, datetime)
    if kind is dict:
        return isinstance(value, Mapping)
    if kind is str:
        return isinstance(value, str)
    return isinstance(value, kind)


# --- the file ------------------------------------------------------------------------------------------


class RuleFile:
    """A parsed rule file: its label (for messages), its data, and typed access to its tables.

    ``error`` is the :class:`RuleFileError` subclass raised, so each reader keeps its own error class.
    """

    def __init__(
        self, label: str, data: Mapping[str, Any], *, error: type[RuleFileError] = RuleFileError
    ) -> None:
        self.label = label
        self.data = Table(data, None)
        self.error = error

    def __repr__(self) -> str:
        return f"RuleFile({self.label!r})"

    def fail(self, problem: str, *, table: str | Mapping[str, Any] | None = None, key: str | None = None) -> RuleFileError:
        """An error about this file (return value is raised by the caller: ``raise rules.fail(...)``)."""
        name = table if isinstance(table, str) or table is None else getattr(table, "name", None)
        return self.error(problem, file=self.label, table=name, key=key)

    def table(self, name: str, required: bool = True) -> Table:
        """The table at dotted ``name`` ("rules.complaint_response"); empty if absent and not required."""
        current: Mapping[str, Any] = self.data
        for depth, part in enumerate(name.split(".")):
            parent = ".".join(name.split(".")[:depth]) or None
            value = current.get(part)
            if value is None:
                if required:
                    raise self.fail("this table is missing", table=name)
                return Table({}, name)
            if not isinstance(value, Mapping):
                raise self.fail(f"expected a table, found {_shown(value)}", table=parent, key=part)
            current = value
        return Table(current, name)

    def subtables(self, name: str, required: bool = True) -> dict[str, Table]:
        """Each table inside table ``name`` by its key (e.g. every ``[rules.<name>]``), in file order."""
        parent = self.table(name, required=required)
        return {key: self.table(f"{name}.{key}") for key in parent}

    def array_of_tables(self, name: str, required: bool = True) -> list[Table]:
        """The ``[[name]]`` entries, each named ``name[i]`` for messages."""
        *path, last = name.split(".")
        parent = self.table(".".join(path)) if path else self.data
        value = parent.get(last)
        if value is None and not required:
            return []
        if not isinstance(value, list) or not value or not all(isinstance(v, Mapping) for v in value):
            raise self.fail(f"expected one or more [[{name}]] tables, found {_shown(value)}", table=parent.name, key=last)
        return [Table(entry, f"{name}[{index}]") for index, entry in enumerate(value)]

    def require(
        self,
        table_or_dict: str | Mapping[str, Any],
        key: str,
        kind: Any,
        *,
        choices: Collection[Any] | None = None,
        minimum: float | None = None,
    ) -> Any:
        """The value of ``key``, checked to be of ``kind``; an error naming file, table and key if not.

        ``kind`` is ``str`` (non-blank text), ``int``, ``float`` (an int is accepted), ``bool``, ``list``,
        ``list[str]`` (any ``list[...]``), ``dict``, ``date``, ``datetime`` or an Enum class (the value
        is converted to its member; :class:`Confidence` accepts legacy capitals).
        """
        table = self.table(table_or_dict) if isinstance(table_or_dict, str) else table_or_dict
        if key not in table:
            raise self.fail(f"missing: expected {_kind_words(kind)}", table=table, key=key)
        return self._check(table, key, table[key], kind, choices, minimum)

    def optional(
        self,
        table_or_dict: str | Mapping[str, Any],
        key: str,
        kind: Any,
        default: Any = None,
        *,
        choices: Collection[Any] | None = None,
        minimum: float | None = None,
    ) -> Any:
        """Like :meth:`require`, but ``default`` when the key is absent (and blank text is allowed)."""
        table = self.table(table_or_dict, required=False) if isinstance(table_or_dict, str) else table_or_dict
        if key not in table:
            return default
        if kind is str and isinstance(table[key], str):
            return self._check(table, key, table[key], kind, choices, minimum, blank_ok=True)
        return self._check(table, key, table[key], kind, choices, minimum)

    def known_keys(self, table_or_dict: str | Mapping[str, Any], allowed: Collection[str]) -> None:
        """Reject keys outside ``allowed``: a misspelt key would otherwise be silently ignored."""
        table = self.table(table_or_dict) if isinstance(table_or_dict, str) else table_or_dict
        unknown = sorted(set(table) - set(allowed))
        if unknown:
            raise self.fail(
                f"unknown {'' if getattr(table, 'name', None) else 'top-level '}keys {', '.join(unknown)} "
                f"(the keys are {', '.join(sorted(allowed))})",
                table=table,
            )

    def _check(
        self,
        table: Mapping[str, Any],
        key: str,
        value: Any,
        kind: Any,
        choices: Collection[Any] | None,
        minimum: float | None,
        blank_ok: bool = False,
    ) -> Any:
        def wrong(expected: str) -> RuleFileError:
            return self.fail(f"expected {expected}, found {_shown(value)}", table=table, key=key)

        if isinstance(kind, type) and issubclass(kind, Enum):
            try:
                return kind(value)
            except ValueError:
                raise wrong(_kind_words(kind)) from None
        origin = typing.get_origin(kind)
        if origin is list:
            (inner,) = typing.get_args(kind)
            if not isinstance(value, list) or not all(_is(item, inner) for item in value):
                raise wrong(_kind_words(kind))
        elif not _is(value, kind):
            raise wrong(_kind_words(kind))
        if kind is str and not blank_ok and not value.strip():
            raise wrong("non-blank text")
        if choices is not None and value not in choices:
            raise wrong(f"one of {_choices(choices)}")
        if minimum is not None and value < minimum:
            raise wrong(f"{_kind_words(kind)} of at least {minimum:g}")
        return float(value) if kind is float else value


def _label_of(source: Path | Traversable) -> str:
    return getattr(source, "name", None) or str(source)


_TOML_LINE = re.compile(r"at line (\d+)")


def read_rule_file(
    source: str | Path | Traversable,
    *,
    file_label: str | None = None,
    error: type[RuleFileError] = RuleFileError,
) -> RuleFile:
    """Read a rule file: a ``Path``, an ``importlib.resources`` ``Traversable``, or TOML text (a ``str``).

    ``file_label`` is how messages name the file (default: the file's name, or "TOML text").
    A missing file or a TOML syntax error raises ``error`` naming the file and, for syntax, the line.
    """
    if isinstance(source, str):
        label, text = file_label or "TOML text", source
    else:
        label = file_label or _label_of(source)
        try:
            text = source.read_text(encoding="utf-8")
        except FileNotFoundError:
            raise error("no such file", file=label) from None
        except (OSError, UnicodeDecodeError) as exc:
            raise error(f"cannot be read ({exc})", file=label) from None
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        found = _TOML_LINE.search(str(exc))
        raise error(f"not valid TOML: {exc}", file=label, line=int(found[1]) if found else None) from None
    return RuleFile(label, data, error=error)

