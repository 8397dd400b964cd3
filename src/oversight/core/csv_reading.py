"""Reading an uploaded CSV export as rows: its encoding, its line endings, and every way a file that
is not a good CSV shows itself, each named by its line, before any cell is looked at.

Spreadsheets and case systems save "CSV" many ways: UTF-8 with or without a byte order mark, UTF-16
(Excel's "Unicode text"), Windows-1252 (older Datix exports), lines ending CR LF, LF or a lone CR
(Excel for Mac). A workbook or a PDF is sometimes chosen by mistake. No Django here.
"""

from __future__ import annotations

import codecs
import csv
import io
import re
from collections.abc import Iterator

# What the first bytes of a file that is not text say it is (the user chose the wrong file).
SIGNATURES = {
    b"PK\x03\x04": "an Excel workbook (.xlsx) or another zip file",
    b"\xd0\xcf\x11\xe0": "an Excel 97-2003 workbook (.xls)",
    b"%PDF": "a PDF",
    b"\x89PNG": "a PNG image",
    b"\xff\xd8\xff": "a JPEG image",
}
SAVE_AS = "open it in Excel and choose Save As, then CSV UTF-8 (Comma delimited) (*.csv)"
# The largest cell Python's csv reader takes (its default), said in the problem when a cell is longer.
CELL_LIMIT = csv.field_size_limit()
# Control characters other than tab and line feed (CR is already a line feed when this is searched).
CONTROL = re.compile("[\x00-\x08\x0b-\x1f\x7f]")


class FileProblem(ValueError):
    """The file cannot be read as CSV at all; ``line`` is the line of the file the problem is on."""

    def __init__(self, line: int, message: str):
        super().__init__(message)
        self.line = line


def _line_of(text: str, index: int) -> int:
    return text.count("\n", 0, index) + 1


def decode(data: bytes) -> str:
    """The file as text: by its byte order mark, else UTF-8, else Windows-1252. Refuses binary files."""
    for signature, what in SIGNATURES.items():
        if data.startswith(signature):
            raise FileProblem(1, f"the file is {what}, not a CSV file: {SAVE_AS}")
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        try:
            return data.decode("utf-16")
        except UnicodeDecodeError:
            raise FileProblem(1, f"the file starts as UTF-16 text but is not valid UTF-16: {SAVE_AS}") from None
    if max(data[1::2].count(0), data[0::2].count(0)) > len(data) // 4:
        # Every other byte is zero: UTF-16 saved without its byte order mark (it would read as NULs).
        raise FileProblem(1, f"the file looks like UTF-16 text without a byte order mark: {SAVE_AS}")
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        pass
    try:
        return data.decode("cp1252")
    except UnicodeDecodeError as error:
        line = data.count(b"\n", 0, error.start) + 1
        raise FileProblem(line, f"the file is not text in UTF-8 or Windows-1252 (byte {error.start + 1:,} on "
                                f"line {line:,}): {SAVE_AS}") from None


def check_text(text: str) -> str:
    """Line endings made one (CR LF and a lone CR become LF); NUL and other control bytes refused."""
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    nul = text.find("\x00")
    if nul >= 0:
        line = _line_of(text, nul)
        raise FileProblem(line, f"line {line:,} holds a NUL byte: the file is not plain text ({SAVE_AS})")
    control = CONTROL.search(text)
    if control:
        line = _line_of(text, control.start())
        raise FileProblem(line, f"line {line:,} holds a control character (code {ord(control.group())}) that "
                                f"a CSV cannot hold: the file may be damaged or not a CSV")
    return text


def _explain(error: csv.Error) -> str:
    message = str(error)
    if "field larger than field limit" in message:
        return f"a cell is longer than {CELL_LIMIT:,} characters, the most one cell may hold"
    if "unexpected end of data" in message:
        return ('a quoted cell that starts here is never closed: look for a stray double quote ("); '
                'a quote inside a cell must be written twice ("")')
    if "expected after" in message:
        return ('a double quote (") in the middle of a cell: put the whole cell in quotes and write the '
                'quote inside it twice ("")')
    return f"the line cannot be read as CSV ({message})"


class Rows:
    """The file's header and its rows as dictionaries, each with its row number (the header is row 1,
    as a spreadsheet shows it); a line that cannot be read raises FileProblem naming it."""

    def __init__(self, text: str):
        self.text = text
        self._reader = csv.DictReader(io.StringIO(text), strict=True)
        self.header = self._read(lambda: self._reader.fieldnames, 1) or []

    def _read(self, step, line: int):
        try:
            return step()
        except csv.Error as error:
            raise FileProblem(line, f"line {line:,}: {_explain(error)}") from None

    @property
    def lines(self) -> int:
        """How many lines the file has: the most rows it can hold (a cell can span lines)."""
        return self.text.count("\n") + (0 if self.text.endswith("\n") else 1)

    def __iter__(self) -> Iterator[tuple[int, dict]]:
        number = 1
        while True:
            starts = self._reader.line_num + 1
            raw = self._read(lambda: next(self._reader, None), starts)
            if raw is None:
                return
            number += 1
            yield number, raw


def read_rows(data: bytes) -> Rows:
    return Rows(check_text(decode(data)))
