"""The one error a bad call-event file raises: it names the row and the column, and nothing is written."""

from __future__ import annotations


class EventError(ValueError):
    """A call event that cannot be used. ``row`` counts data rows from 1 (a CSV's header is not a row)."""

    def __init__(self, file: str, row: int | None, column: str | None, problem: str, *, others: int = 0) -> None:
        self.file = file
        self.row = row
        self.column = column
        self.problem = problem
        self.others = others
        where = ", ".join(p for p in (row is not None and f"row {row}", column and f"column {column!r}") if p)
        more = f" (and {others} more row(s) with the same problem)" if others else ""
        super().__init__(f"{file}: {where + ': ' if where else ''}{problem}{more}")
