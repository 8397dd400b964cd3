"""The subject access request clock without the database: the ICO's examples (corresponding date, short
months, weekends, bank holidays, the extension), stopping the clock, the serious-harm opinion, and each
problem naming its field; and properties over many dates."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st

from oversight.deadlines import add_calendar_months, is_working_day, load_policy
from oversight.infogov.subject_access import (
    SarProblem,
    check_sar_dates,
    extension_allowed,
    paused_days,
    sar_due,
    serious_harm_opinion_current,
)

D = date


# ------------------------------------------------------------------------- the ICO examples ----

@pytest.mark.parametrize("received, due", [
    (D(2024, 9, 3), D(2024, 10, 3)),     # the ICO's example: 3 September -> 3 October
    (D(2025, 1, 31), D(2025, 2, 28)),    # no 31 February: the last day of the month
    (D(2024, 1, 31), D(2024, 2, 29)),    # a leap year
    (D(2024, 3, 31), D(2024, 4, 30)),
    (D(2025, 2, 1), D(2025, 3, 3)),      # due Saturday 1 March -> Monday 3 March
    (D(2025, 5, 4), D(2025, 6, 4)),      # received on a Sunday: still day one
    (D(2024, 11, 25), D(2024, 12, 27)),  # Christmas Day, then Boxing Day -> Friday 27 December
    (D(2024, 11, 26), D(2024, 12, 27)),  # Boxing Day -> Friday 27 December
    (D(2021, 11, 25), D(2021, 12, 29)),  # Christmas on a Saturday: the substitute days Mon 27 and Tue 28
    (D(2025, 3, 21), D(2025, 4, 22)),    # Easter Monday 21 April 2025 -> Tuesday
    (D(2025, 3, 18), D(2025, 4, 22)),    # Good Friday 18 April, the weekend, Easter Monday -> Tuesday
    (D(2024, 4, 6), D(2024, 5, 7)),      # early May bank holiday, Monday 6 May 2024
])
def test_due_on_the_corresponding_date_rolled_to_a_working_day(received, due):
    assert sar_due(received) == due


@pytest.mark.parametrize("received, due", [
    (D(2024, 9, 3), D(2024, 12, 3)),     # three months from receipt
    (D(2024, 11, 30), D(2025, 2, 28)),   # no 30 February
    (D(2023, 11, 29), D(2024, 2, 29)),   # leap year
    (D(2025, 9, 25), D(2025, 12, 29)),   # Christmas Thursday, Boxing Friday, weekend -> Monday 29th
])
def test_extension_is_three_months_from_receipt(received, due):
    assert sar_due(received, extended=True) == due


def test_never_thirty_days():
    # 1 February + 30 days would be 3 March in 2025 as well, so take a month with 31 days:
    assert sar_due(D(2024, 7, 1)) == D(2024, 8, 1) != D(2024, 7, 1) + timedelta(days=30)
    assert sar_due(D(2025, 1, 31)) == D(2025, 2, 28) != D(2025, 1, 31) + timedelta(days=30)


def test_the_policy_is_used():
    two_months = load_policy(overrides={"rules": {"subject_access_request": {"quantity": 2}}})
    assert sar_due(D(2024, 9, 3), policy=two_months) == D(2024, 11, 4)  # 3 November 2024 is a Sunday
    no_roll = load_policy(overrides={"rules": {"subject_access_request": {"roll_to_working_day": False}}})
    assert sar_due(D(2025, 2, 1), policy=no_roll) == D(2025, 3, 1)


# ------------------------------------------------------------------------- stopping the clock ----

def test_a_ten_day_stop_moves_the_due_date_by_ten_days_then_rolls():
    # Sought 10 September, arrived 20 September: 10 to 19 September do not count. 3 October + 10 days is
    # Sunday 13 October, so Monday 14 October.
    stops = [(D(2024, 9, 10), D(2024, 9, 20))]
    assert paused_days(D(2024, 9, 3), stops) == 10
    assert sar_due(D(2024, 9, 3), stops=stops) == D(2024, 10, 14)


def test_the_pause_is_added_before_rolling():
    # Due Saturday 1 March 2025 unrolled; a 2-day pause makes it Monday 3 March, not Monday + 2 days.
    assert sar_due(D(2025, 2, 1), stops=[(D(2025, 2, 5), D(2025, 2, 7))]) == D(2025, 3, 3)


def test_overlapping_stops_count_once():
    stops = [(D(2024, 9, 10), D(2024, 9, 20)), (D(2024, 9, 15), D(2024, 9, 25))]
    assert paused_days(D(2024, 9, 3), stops) == 15
    assert sar_due(D(2024, 9, 3), stops=stops) == D(2024, 10, 18)
    # a stop inside another adds nothing; the order given does not matter
    inside = [(D(2024, 9, 12), D(2024, 9, 14)), (D(2024, 9, 10), D(2024, 9, 20))]
    assert sar_due(D(2024, 9, 3), stops=inside) == D(2024, 10, 14)


def test_separate_stops_add_up_and_apply_to_the_extension():
    stops = [(D(2024, 9, 10), D(2024, 9, 13)), (D(2024, 9, 20), D(2024, 9, 22))]
    assert sar_due(D(2024, 9, 3), stops=stops) == D(2024, 10, 8)
    assert sar_due(D(2024, 9, 3), stops=stops, extended=True) == D(2024, 12, 9)  # Sun 8 Dec -> Mon 9


def test_an_open_stop_means_no_due_date():
    assert sar_due(D(2024, 9, 3), stops=[(D(2024, 9, 10), None)]) is None
    assert sar_due(D(2024, 9, 3), stops=[(D(2024, 9, 4), D(2024, 9, 6)), (D(2024, 9, 5), None)]) is None
    assert paused_days(D(2024, 9, 3), [(D(2024, 9, 10), None)]) is None


def test_a_stop_on_the_day_it_is_answered_pauses_nothing():
    assert sar_due(D(2024, 9, 3), stops=[(D(2024, 9, 10), D(2024, 9, 10))]) == D(2024, 10, 3)


def test_a_stop_after_the_deadline_passed_does_not_revive_it():
    assert sar_due(D(2024, 9, 3), stops=[(D(2024, 10, 4), D(2024, 10, 20))]) == D(2024, 10, 3)
    assert sar_due(D(2024, 9, 3), stops=[(D(2024, 10, 4), None)]) == D(2024, 10, 3)
    # but asking on the (rolled) due date itself is in time: due Mon 3 Mar 2025, asked that day
    assert sar_due(D(2025, 2, 1), stops=[(D(2025, 3, 3), D(2025, 3, 5))]) == D(2025, 3, 3)  # Sat 1 + 2 = Mon 3


# ------------------------------------------------------------------------- extension and harm test ----

@pytest.mark.parametrize("decided_on, allowed", [
    (D(2024, 9, 3), True), (D(2024, 10, 3), True), (D(2024, 10, 4), False), (D(2024, 9, 2), False),
])
def test_extension_must_be_decided_within_the_first_month(decided_on, allowed):
    assert extension_allowed(D(2024, 9, 3), decided_on) is allowed


def test_extension_window_follows_stops_and_rolling():
    assert extension_allowed(D(2024, 9, 3), D(2024, 10, 14), stops=[(D(2024, 9, 10), D(2024, 9, 20))])
    assert not extension_allowed(D(2024, 9, 3), D(2024, 10, 15), stops=[(D(2024, 9, 10), D(2024, 9, 20))])
    assert extension_allowed(D(2025, 2, 1), D(2025, 3, 3))  # the first month ends on the rolled date
    assert extension_allowed(D(2024, 9, 3), D(2024, 12, 1), stops=[(D(2024, 9, 10), None)])


@pytest.mark.parametrize("opinion_on, disclosure_on, current", [
    (D(2025, 1, 10), D(2025, 7, 10), True),    # exactly six months
    (D(2025, 1, 9), D(2025, 7, 10), False),
    (D(2024, 9, 30), D(2025, 3, 31), True),    # 31 March - 6 months = 30 September
    (D(2024, 9, 29), D(2025, 3, 31), False),
    (D(2025, 7, 10), D(2025, 7, 10), True),
    (D(2025, 7, 11), D(2025, 7, 10), False),   # after the disclosure: does not cover it
])
def test_serious_harm_opinion_within_the_last_six_months(opinion_on, disclosure_on, current):
    assert serious_harm_opinion_current(opinion_on, disclosure_on) is current


# ------------------------------------------------------------------------- problems name their field ----

TODAY = D(2025, 6, 1)


@pytest.mark.parametrize("kwargs, field", [
    ({"received": D(2025, 6, 2)}, "received_on"),
    ({"stops": [(D(2025, 4, 30), D(2025, 5, 5))]}, "stops"),
    ({"stops": [(D(2025, 5, 10), D(2025, 5, 9))]}, "stops"),
    ({"stops": [(D(2025, 5, 10),)]}, "stops"),
    ({"extended_on": D(2025, 6, 2)}, "extended_on"),   # the first month ended on 1 June... a Sunday: 2 June
    ({"extended_on": D(2025, 4, 30)}, "extended_on"),
    ({"responded_on": D(2025, 4, 30)}, "responded_on"),
])
def test_each_problem_names_its_field(kwargs, field):
    args = {"received": D(2025, 5, 1), "today": TODAY, **kwargs}
    if field == "extended_on" and kwargs["extended_on"] == D(2025, 6, 2):
        args["extended_on"] = D(2025, 6, 3)  # 1 June 2025 is a Sunday: the first month runs to Monday 2 June
        args["today"] = D(2025, 6, 10)
    with pytest.raises(SarProblem) as raised:
        check_sar_dates(**args)
    assert raised.value.field == field
    assert str(raised.value) and str(raised.value)[0].isupper()


def test_good_dates_pass():
    assert check_sar_dates(D(2025, 5, 1), TODAY, [(D(2025, 5, 2), D(2025, 5, 9))], D(2025, 6, 2), D(2025, 6, 1)) is None
    assert check_sar_dates(D(2025, 6, 1), TODAY) is None  # received today


def test_sar_due_rejects_bad_stops_with_the_field():
    with pytest.raises(SarProblem) as raised:
        sar_due(D(2025, 5, 1), stops=[(D(2025, 4, 1), D(2025, 4, 2))])
    assert raised.value.field == "stops"


# ------------------------------------------------------------------------- properties ----

received_dates = st.dates(min_value=D(2000, 1, 1), max_value=D(2090, 12, 31))


@st.composite
def closed_stops(draw, received):
    stops = []
    for _ in range(draw(st.integers(0, 3))):
        sought = received + timedelta(days=draw(st.integers(0, 40)))
        stops.append((sought, sought + timedelta(days=draw(st.integers(0, 30)))))
    return stops


@given(received_dates, st.booleans())
def test_due_is_a_working_day_on_or_after_the_corresponding_date(received, extended):
    due = sar_due(received, extended=extended)
    corresponding = add_calendar_months(received, 3 if extended else 1)
    assert is_working_day(due)
    assert corresponding <= due <= corresponding + timedelta(days=5)
    assert due >= received + timedelta(days=28 if not extended else 89)


@given(received_dates)
def test_never_thirty_days_semantics(received):
    due = sar_due(received)
    # The corresponding date is 28 to 31 days after receipt; "+30 days" would differ in most months.
    assert received + timedelta(days=28) <= add_calendar_months(received, 1) <= due
    if received.day <= 28:
        assert add_calendar_months(received, 1).day == received.day


@given(st.data(), received_dates, st.booleans())
def test_stops_never_make_it_earlier_nor_add_more_than_they_pause(data, received, extended):
    stops = data.draw(closed_stops(received))
    plain = sar_due(received, extended=extended)
    stopped = sar_due(received, stops=stops, extended=extended)
    assert is_working_day(stopped)
    assert stopped >= plain
    total = sum((arrived - sought).days for sought, arrived in stops)
    assert stopped <= plain + timedelta(days=total + 5)
    assert paused_days(received, stops, extended=extended) <= total
