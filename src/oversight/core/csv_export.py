"""The one CSV writer for every export: cells a spreadsheet would run as a formula are neutralised.

Free text in Oversight comes from people outside the organisation (the anonymous incident form,
complaints, uploaded files). A cell beginning ``=``, ``+``, ``-`` or ``@`` (or a tab or carriage
return, which some spreadsheets skip before reading the next character) is run as a formula when
the CSV is opened in Excel or LibreOffice: ``=HYPERLINK(...)`` can send the sheet's data away and
DDE payloads can start programs (CSV injection). As OWASP advises, such a cell is written with a
leading apostrophe, which the spreadsheet shows as text and does not run.

Numbers are left alone: a number the code wrote (``-3``, ``-0.25``) is data, not a formula, and an
apostrophe would turn it into text. Only text is checked, and text that is exactly a plain number
(``"-12.5"``) is left as it is, because a spreadsheet reads it as that number and nothing more.

Framework-free: it writes to any text stream with ``write`` (an ``io.StringIO``, an open file, or
Django's ``HttpResponse``).
"""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Iterable
from typing import Any

# The characters OWASP lists as starting a formula, with tab and carriage return.
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
PLAIN_NUMBER = re.compile(r"[+-]?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?")


def neutralise(value: Any) -> Any:
    """The cell as it is safe to write: text that would run as a formula gets a leading apostrophe."""
    if not isinstance(value, str) or not value.startswith(FORMULA_STARTS):
        return value
    if PLAIN_NUMBER.fullmatch(value):
        return value
    return "'" + value


class SafeWriter:
    """``csv.writer`` with every cell neutralised; the same ``writerow``/``writerows``."""

    def __init__(self, stream, **options):
        self._writer = csv.writer(stream, **options)

    def writerow(self, row: Iterable[Any]):
        return self._writer.writerow([neutralise(cell) for cell in row])

    def writerows(self, rows: Iterable[Iterable[Any]]) -> None:
        for row in rows:
            self.writerow(row)


def writer(stream, **options) -> SafeWriter:
    """The writer every export uses in place of ``csv.writer``."""
    return SafeWriter(stream, **options)


def csv_text(header: Iterable[Any], rows: Iterable[Iterable[Any]]) -> str:
    """A whole CSV as text, header first."""
    out = io.StringIO()
    safe = writer(out)
    safe.writerow(header)
    safe.writerows(rows)
    return out.getvalue()


def frame_text(frame) -> str:
    """A pandas DataFrame as CSV text, in pandas' own formatting of numbers, dates and gaps, with every
    text cell and heading neutralised (an uploaded file's headings are outside text too)."""
    safe = frame.map(neutralise)
    safe.columns = [neutralise(column) for column in frame.columns]
    return safe.to_csv(index=False)
