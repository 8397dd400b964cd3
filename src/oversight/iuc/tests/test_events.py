"""Bad call events: one EventError naming the row and the column; nothing computed or written."""

from __future__ import annotations

import polars as pl
import pytest

from oversight.iuc import EventError, check_events
from oversight.iuc.tests.test_kpis import HEADER, ROWS


def check(rows):
    return check_events(pl.read_csv(("\n".join([HEADER, *rows]) + "\n").encode(), infer_schema=False), "bad.csv")


def replace_cell(row: str, column: str, value: str) -> str:
    cells = row.split(",")
    cells[HEADER.split(",").index(column)] = value
    return ",".join(cells)


@pytest.mark.parametrize(
    ("row", "column", "value", "message"),
    [
        (0, "answered_at", "2023-12-22 19:59:00", "is before received_at"),
        (0, "call_back_at", "2023-12-22 19:00:00", "is before answered_at"),
        (0, "practice_notified_at", "2023-12-22 19:00:00", "is before answered_at"),
        (0, "priority", "very urgent", "is not one of emergency"),
        (0, "disposition", "pharmacy", "is not one of ambulance"),
        (0, "received_at", "22/12/2023", "is not a date and time"),
        (0, "abandoned", "maybe", "is not true or false"),
        (0, "face_to_face_within_hours", "3", "is not one of the face-to-face tiers"),
        (0, "clinician_id", "", "is empty for a call with clinical contact"),
        (2, "abandoned_at", "", "is empty for an abandoned call"),
        (4, "disposition", "", "is empty for an answered call"),
        (4, "contract", "", "is empty; every call needs it"),
    ],
)
def test_bad_row_named(row, column, value, message):
    rows = list(ROWS)
    rows[row] = replace_cell(rows[row], column, value)
    with pytest.raises(EventError, match=message) as caught:
        check(rows)
    assert (caught.value.row, caught.value.column) == (row + 1, column)
    assert f"row {row + 1}, column {column!r}" in str(caught.value)


def test_repeated_call_reference():
    rows = [*ROWS, ROWS[0]]
    with pytest.raises(EventError, match="'C1' is repeated") as caught:
        check(rows)
    assert caught.value.row == len(rows)


def test_patient_identifier_column_refused():
    frame = pl.read_csv(("\n".join([HEADER, *ROWS]) + "\n").encode(), infer_schema=False)
    with pytest.raises(EventError, match="patient identifier"):
        check_events(frame.with_columns(pl.lit("9434765919").alias("nhs_number")), "pid.csv")


def test_missing_required_column():
    frame = pl.read_csv(("\n".join([HEADER, *ROWS]) + "\n").encode(), infer_schema=False).drop("site")
    with pytest.raises(EventError, match="required column"):
        check_events(frame, "nosite.csv")


def test_many_bad_rows_counted():
    rows = [replace_cell(r, "site", "") for r in ROWS]
    with pytest.raises(EventError, match=r"and 5 more row"):
        check(rows)
