"""The one CSV writer: formula-starting text is neutralised, numbers and ordinary text are not."""

from __future__ import annotations

import csv
import io

import pytest

from oversight.core.csv_export import csv_text, neutralise, writer


@pytest.mark.parametrize("cell", ["=HYPERLINK(\"http://x\",\"y\")", "+1+cmd|' /C calc'!A0", "-2+3", "@SUM(A1)",
                                  "\t=1+1", "\r=1+1", "-", "=", "+44 20 7946 0000"])
def test_text_that_a_spreadsheet_would_run_gets_an_apostrophe(cell):
    assert neutralise(cell) == "'" + cell


@pytest.mark.parametrize("cell", ["Fall on ward 7", "", "  =not at the start", "3-2", "a=b", "'already"])
def test_ordinary_text_is_unchanged(cell):
    assert neutralise(cell) == cell


@pytest.mark.parametrize("cell", [-3, -0.25, 0, None, True, "-12", "-12.5", "+3", "-1e5", "-.5"])
def test_numbers_stay_numbers(cell):
    assert neutralise(cell) == cell


def test_the_writer_neutralises_every_cell_and_quotes_as_csv_does():
    out = io.StringIO()
    safe = writer(out)
    safe.writerow(["=1+1", 'say "hi", then', -4])
    safe.writerows([["@x", "fine"]])
    assert list(csv.reader(io.StringIO(out.getvalue()))) == [["'=1+1", 'say "hi", then', "-4"], ["'@x", "fine"]]


def test_csv_text_writes_the_header_first():
    assert csv_text(["a", "b"], [["-x", 2]]) == "a,b\r\n'-x,2\r\n"


def test_it_needs_no_django():
    import subprocess
    import sys

    code = "import sys, oversight.core.csv_export; print('django' in sys.modules)"
    assert subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout.strip() == "False"


def test_a_frame_keeps_pandas_formatting_and_neutralises_text_and_headings():
    import pandas as pd

    from oversight.core.csv_export import frame_text

    frame = pd.DataFrame({"=series": ["@A", "B"], "value": [-1.5, float("nan")]})
    assert frame_text(frame) == "'=series,value\n'@A,-1.5\nB,\n"
