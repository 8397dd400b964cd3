"""The one error the funnel engine raises for bad input."""

from __future__ import annotations


class FunnelInputError(ValueError):
    """Input the engine cannot analyse. The message names the row, group, column or option at fault.

    ``row`` (1-based, counting data rows), ``group`` and ``column`` are set where known, so a page
    can point at the offending cell without parsing the message.
    """

    def __init__(self, message: str, *, row: int | None = None, group: str | None = None,
                 column: str | None = None) -> None:
        super().__init__(message)
        self.row = row
        self.group = group
        self.column = column
