"""Import robustness (issue 12, point 12): every way a file is not a good CSV is a named problem on
its line, never a server error, and the size and row limits hold."""

from __future__ import annotations

import codecs

import pytest

from ..imports.importer import Limits
from .test_import import incident_csv, run

pytestmark = pytest.mark.django_db


def only_problem(result) -> str:
    assert not result.ok and result.created == 0
    return result.problems[0].problem


@pytest.mark.parametrize("ending", [b"\r", b"\r\n", b"\n"])
def test_every_line_ending_is_read(tree, ending):
    data = incident_csv([{"ID": "W1"}, {"ID": "W2"}]).replace(b"\r\n", ending)
    result = run(data)
    assert result.ok, result.problems
    assert result.created == 2


@pytest.mark.parametrize("encoding", ["utf-8", "utf-8-sig", "utf-16", "cp1252"])
def test_each_encoding_is_recognised(tree, encoding):
    data = incident_csv([{"ID": "W1", "Location (exact)": "Café ward"}]).decode().encode(encoding)
    result = run(data)
    assert result.ok, result.problems
    from ..models import Incident

    assert Incident.objects.get().location == "Café ward"


def test_utf16_without_its_byte_order_mark_is_named(tree):
    data = incident_csv([{"ID": "W1"}]).decode().encode("utf-16-le")
    assert not data.startswith(codecs.BOM_UTF16_LE)
    assert "UTF-16 text without a byte order mark" in only_problem(run(data))


@pytest.mark.parametrize(("start", "named"), [(b"PK\x03\x04", "Excel workbook (.xlsx)"), (b"%PDF-1.7", "a PDF"),
                                              (b"\xd0\xcf\x11\xe0", "Excel 97-2003")])
def test_a_binary_file_is_refused_by_what_it_is(tree, start, named):
    assert named in only_problem(run(start + bytes(range(256)) * 20))


def test_nul_bytes_are_refused_naming_the_line(tree):
    data = incident_csv([{"ID": "W1"}, {"ID": "W2", "Description": "Fall\x00"}])
    assert only_problem(run(data)).startswith("line 3 holds a NUL byte")


def test_a_cell_longer_than_csv_takes_is_named(tree):
    data = incident_csv([{"ID": "W1"}, {"ID": "W2", "Description": "x" * 140_000}])
    result = run(data)
    problem = only_problem(result)
    assert problem.startswith("line 3: a cell is longer than 131,072 characters") and result.problems[0].row == 3


def test_an_unbalanced_quote_is_named_at_the_line_it_starts(tree):
    data = incident_csv([{"ID": "W1"}]) + b'W2,TRA,03/05/2024,,,Incident,"Ward 7,Fall\r\n' + incident_csv([{"ID": "W3"}]).split(b"\r\n", 1)[1]
    assert only_problem(run(data)).startswith("line 3: a quoted cell that starts here is never closed")


def test_a_quote_in_the_middle_of_a_quoted_cell_is_named(tree):
    data = incident_csv([{"ID": "W1"}]) + b'W2,TRA,03/05/2024,,,Incident,"Ward "7"",Fall\r\n'
    assert "put the whole cell in quotes" in only_problem(run(data))


def test_the_size_and_row_limits(tree, settings):
    settings.OVERSIGHT_IMPORT_MAX_MB = 1
    assert "one import takes at most 1 MB" in only_problem(run(b"x" * (1024 * 1024 + 1)))
    settings.OVERSIGHT_IMPORT_MAX_ROWS = 2
    data = incident_csv([{"ID": "W1"}, {"ID": "W2"}, {"ID": "W3"}])
    assert "more than 2 rows" in only_problem(run(data))
    assert Limits.from_settings() == Limits(max_bytes=1024 * 1024, max_rows=2)


@pytest.mark.parametrize(("typed", "said"), [("02/01/0025", "must be on or after 5 July 1948"),
                                             ("02/01/2106", "is in the future")])
def test_an_implausible_case_date_is_refused_in_the_forms_own_words(tree, typed, said):
    result = run(incident_csv([{"ID": "W1", "Incident date": typed, "Reported date": ""}]))
    assert said in only_problem(result) and result.problems[0].column == "Incident date"
