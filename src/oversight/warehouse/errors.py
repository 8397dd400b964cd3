"""Errors raised while reading a published file. Each names the file, and where it can the line and column,
so the one-line message is enough to find and fix the problem."""

from __future__ import annotations


class IngestError(Exception):
    """A file could not be loaded; nothing from it (or its batch) was written."""

    def __init__(self, file: str, message: str) -> None:
        self.file = file
        super().__init__(f"{file}: {message}")


class UnknownLayoutError(IngestError):
    """The header row does not match any layout the source knows."""

    def __init__(self, file: str, missing: list[str], layout: str) -> None:
        self.missing = missing
        self.layout = layout
        names = ", ".join(repr(name) for name in missing)
        super().__init__(file, f"unknown layout for {layout}: missing column(s) {names}")


class BadValueError(IngestError):
    """A cell that should hold a count, a percentage, a date or a period label does not."""

    def __init__(
        self,
        file: str,
        line: int,
        column: str,
        value: object,
        reason: str,
        *,
        where: str = "line",
        others: int = 0,
    ) -> None:
        self.line = line
        self.column = column
        self.value = value
        more = f" (and {others} more bad value(s) in the file)" if others else ""
        super().__init__(file, f"{where} {line}, column {column!r}: {value!r} {reason}{more}")
