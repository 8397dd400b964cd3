"""The one error the SPC engine raises for bad input."""

from __future__ import annotations


class SPCInputError(ValueError):
    """Input the engine cannot analyse: the message names the column, series and date at fault."""
