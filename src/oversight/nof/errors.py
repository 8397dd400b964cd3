"""The errors the NOF library raises: each message names what is wrong and where, in one line."""

from __future__ import annotations


class NofError(ValueError):
    """Base class: a NOF input or method that cannot be used as it is."""


class MethodError(NofError):
    """A method file (methods/<year>.toml) or a requested year that is not usable."""


class InputError(NofError):
    """An input file that is not usable: missing columns, bad values (with line numbers)."""
