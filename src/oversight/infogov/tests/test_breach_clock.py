"""The personal data breach clock without the database: 72 elapsed hours across the changes to and from
British Summer Time, hours left, late notifications, the grading grid and its rule file, and each
problem naming its field."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from hypothesis import given
from hypothesis import strategies as st

from oversight.infogov import breach_clock as b
from oversight.infogov.breach_clock import (
    BreachGradingError,
    BreachProblem,
    check_breach_times,
    grade,
    hours_left,
    ico_due,
    notification_is_late,
    read_grading,
)

LONDON = ZoneInfo("Europe/London")
GRADING_TEXT = b.GRADING_FILE.read_text(encoding="utf-8")


def london(*args):
    return datetime(*args, tzinfo=LONDON)


def elapsed_hours(a, b):
    return (b.astimezone(UTC) - a.astimezone(UTC)) / timedelta(hours=1)


# ------------------------------------------------------------------------- the 72 hours ----

def test_spring_forward():
    # Aware 00:30 GMT on Sunday 29 March 2026; the clocks go forward at 01:00 that morning.
    aware = london(2026, 3, 29, 0, 30)
    assert aware.tzname() == "GMT"
    due = ico_due(aware)
    assert (due.year, due.month, due.day, due.hour, due.minute) == (2026, 4, 1, 1, 30)
    assert due.tzname() == "BST"
    assert elapsed_hours(aware, due) == 72
    assert due == datetime(2026, 4, 1, 0, 30, tzinfo=UTC)


def test_autumn_back():
    # Aware 09:00 BST on Saturday 24 October 2026; the clocks go back at 02:00 BST on Sunday 25 October.
    aware = london(2026, 10, 24, 9, 0)
    assert aware.tzname() == "BST"
    due = ico_due(aware)
    assert (due.day, due.hour, due.tzname()) == (27, 8, "GMT")
    assert elapsed_hours(aware, due) == 72


def test_no_change_of_clocks():
    assert ico_due(london(2026, 6, 1, 14, 15)) == london(2026, 6, 4, 14, 15)


def test_hours_left_counts_elapsed_hours():
    aware = london(2026, 3, 29, 0, 30)
    assert hours_left(aware, aware) == 72
    assert hours_left(aware, london(2026, 3, 30, 0, 30)) == 49  # 23 elapsed hours on the short Sunday
    assert hours_left(aware, london(2026, 4, 1, 2, 30)) == -1


def test_late_is_after_the_72nd_hour():
    aware = london(2026, 10, 24, 9, 0)
    assert not notification_is_late(aware, london(2026, 10, 27, 8, 0))
    assert notification_is_late(aware, london(2026, 10, 27, 8, 1))
    assert notification_is_late(aware, london(2026, 10, 27, 8, 30))  # would be in time on wall-clock hours


def test_late_across_the_spring_change_is_on_elapsed_hours():
    # Same-zone datetimes compare on wall-clock time in Python; the clock must not.
    aware = london(2026, 3, 29, 0, 30)
    assert not notification_is_late(aware, london(2026, 4, 1, 1, 30))
    assert notification_is_late(aware, london(2026, 4, 1, 1, 31))
    assert notification_is_late(aware, datetime(2026, 4, 1, 0, 31, tzinfo=UTC))


def test_the_fold_hour_in_autumn():
    # 01:30 on 25 October 2026 happens twice; fold=1 is the second (GMT) one, an hour later.
    first, second = london(2026, 10, 25, 1, 30), london(2026, 10, 25, 1, 30).replace(fold=1)
    assert elapsed_hours(first, ico_due(first)) == elapsed_hours(second, ico_due(second)) == 72
    assert hours_left(first, second) == 71
    with pytest.raises(BreachProblem) as raised:  # aware in the second 01:30, "now" the first: the future
        check_breach_times(None, second, None, None, first)
    assert raised.value.field == "aware_at"


@given(st.datetimes(min_value=datetime(2000, 1, 1), max_value=datetime(2090, 12, 31), timezones=st.just(LONDON)))
def test_always_72_elapsed_hours(aware):
    assert elapsed_hours(aware, ico_due(aware)) == 72


# ------------------------------------------------------------------------- grading ----

@pytest.mark.parametrize("likelihood, severity, notify", [
    (3, 2, True), (5, 5, True), (3, 5, True), (5, 2, True),
    (2, 5, False), (5, 1, False), (2, 2, False), (1, 1, False), (3, 1, False),
])
def test_notify_the_ico_from_likely_and_minor(likelihood, severity, notify):
    assert grade(likelihood, severity).notify_ico is notify


def test_the_whole_grid():
    cells = {(lk, sv): grade(lk, sv).notify_ico for lk in range(1, 6) for sv in range(1, 6)}
    assert sum(cells.values()) == 12  # likelihood 3-5 by severity 2-5


def test_grading_names_the_cells():
    g = grade(3, 2)
    assert (g.likelihood_label, g.severity_label, g.score) == ("Likely", "Minor", 6)
    assert g.confidence == "secondary"
    assert "Notify the ICO" in g.reason
    assert "record the reasons" in grade(1, 1).reason


def test_thresholds_come_from_the_file():
    stricter = read_grading(GRADING_TEXT.replace("severity_at_least = 2", "severity_at_least = 4"))
    assert not grade(5, 3, stricter).notify_ico
    assert grade(5, 4, stricter).notify_ico
    assert b.grading_rules().labels_confidence == "unconfirmed"


def test_the_shipped_file_marks_the_labels_unconfirmed():
    for table in ("[likelihood]", "[severity]"):
        section = GRADING_TEXT.split(table, 1)[1].split("\n[", 1)[0]
        assert "UNCONFIRMED" in section
        assert 'confidence = "unconfirmed"' in section


@pytest.mark.parametrize("old, new, key", [
    ('"Occurred"]', '"Occurred", "Sixth"]', "labels"),
    ("likelihood_at_least = 3", "likelihood_at_least = 6", "likelihood_at_least"),
    ("severity_at_least = 2", "severity_at_least = 0", "severity_at_least"),
    ("severity_at_least = 2", "severity_at_least = 2\nseverity_at_leest = 2", None),
])
def test_a_bad_rule_file_names_the_key(old, new, key):
    with pytest.raises(BreachGradingError) as raised:
        read_grading(GRADING_TEXT.replace(old, new))
    assert raised.value.key == key
    assert raised.value.table


@pytest.mark.parametrize("likelihood, severity, field", [
    (0, 2, "likelihood"), (6, 2, "likelihood"), (True, 2, "likelihood"), (3, 0, "severity"), (3, "2", "severity"),
])
def test_off_the_grid_names_the_field(likelihood, severity, field):
    with pytest.raises(BreachProblem) as raised:
        grade(likelihood, severity)
    assert raised.value.field == field


# ------------------------------------------------------------------------- problems name their field ----

AWARE = london(2026, 3, 29, 0, 30)
NOW = london(2026, 4, 10, 12, 0)
GOOD = {
    "occurred_at": london(2026, 3, 28, 22, 0),
    "aware_at": AWARE,
    "reported_at": london(2026, 3, 29, 8, 0),
    "notified_at": london(2026, 3, 31, 9, 0),
    "now": NOW,
    "late_reason": "",
}


def test_good_times_pass():
    assert check_breach_times(**GOOD) is None
    assert check_breach_times(None, AWARE, None, None, NOW) is None
    late = {**GOOD, "notified_at": london(2026, 4, 2, 9, 0), "late_reason": "The supplier confirmed it late."}
    assert check_breach_times(**late) is None


@pytest.mark.parametrize("changes, field", [
    ({"aware_at": datetime(2026, 3, 29, 0, 30)}, "aware_at"),          # naive
    ({"occurred_at": datetime(2026, 3, 28, 22, 0)}, "occurred_at"),
    ({"reported_at": datetime(2026, 3, 29, 8, 0)}, "reported_at"),
    ({"notified_at": datetime(2026, 3, 31, 9, 0)}, "notified_at"),
    ({"now": datetime(2026, 4, 10, 12, 0)}, "now"),
    ({"aware_at": london(2026, 4, 11, 9, 0), "now": london(2026, 4, 11, 8, 0),
      "reported_at": None, "notified_at": None}, "aware_at"),           # in the future
    ({"aware_at": london(2026, 3, 29, 9, 0), "notified_at": None}, "aware_at"),  # after the IG report
    ({"occurred_at": london(2026, 3, 29, 1, 30)}, "occurred_at"),     # after awareness
    ({"notified_at": london(2026, 3, 29, 0, 0)}, "notified_at"),      # before awareness
    ({"notified_at": london(2026, 4, 1, 1, 31)}, "late_reason"),      # one minute late, no reasons
    ({"notified_at": london(2026, 4, 1, 1, 31), "late_reason": "   "}, "late_reason"),
])
def test_each_problem_names_its_field(changes, field):
    with pytest.raises(BreachProblem) as raised:
        check_breach_times(**{**GOOD, **changes})
    assert raised.value.field == field
    assert str(raised.value)[0].isupper()


def test_the_clock_rejects_naive_times():
    with pytest.raises(BreachProblem) as raised:
        ico_due(datetime(2026, 3, 29, 0, 30))
    assert raised.value.field == "aware_at"
