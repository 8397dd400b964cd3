"""The errors the NOF library raises: each message names what is wrong and where, in one line."""

from __future__ import annotations

from oversight.rulefiles import RuleFileError


class NofError(ValueError):
    """Base class: a NOF input or method that cannot be used as it is."""


class MethodError(RuleFileError, NofError):
    """A method file (methods/<year>.toml) or a requested year that is not usable.

    A :class:`RuleFileError` too, so the message names the file, the table and the key."""


class InputError(NofError):
    """An input file that is not usable: missing columns, bad values (with line numbers)."""
