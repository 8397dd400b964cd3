"""Working-day arithmetic against known England and Wales bank holidays."""

from __future__ import annotations

from datetime import date, datetime

import holidays
import pytest

from oversight.deadlines import (
    ENGLAND_AND_WALES,
    WorkingCalendar,
    is_working_day,
    next_working_day_on_or_after,
    working_days_after,
    working_days_between,
    working_days_in_range,
)

KNOWN_BANK_HOLIDAYS = {
    date(2020, 5, 8): "early May bank holiday moved to Friday for VE Day 75",
    date(2020, 12, 28): "Boxing Day substitute (26 December was a Saturday)",
    date(2021, 12, 27): "Christmas Day substitute",
    date(2021, 12, 28): "Boxing Day substitute",
    date(2022, 1, 3): "New Year's Day substitute",
    date(2022, 6, 2): "Spring bank holiday moved to Thursday",
    date(2022, 6, 3): "Platinum Jubilee (one-off)",
    date(2022, 9, 19): "State Funeral of Queen Elizabeth II (one-off)",
    date(2023, 5, 8): "Coronation of King Charles III (one-off)",
    date(2024, 3, 29): "Good Friday",
    date(2024, 4, 1): "Easter Monday",
    date(2025, 8, 25): "Summer bank holiday",
    date(2026, 12, 28): "Boxing Day substitute",
}

NOT_BANK_HOLIDAYS = [
    date(2022, 5, 30),  # the usual late-May Monday, moved to 2 June in 2022
    date(2020, 5, 4),  # the usual early-May Monday, moved to 8 May in 2020
    date(2022, 12, 28),  # Christmas Day 2022 was a Sunday: substitute on Tuesday 27th only
    date(2024, 12, 27),
]


@pytest.mark.parametrize("day", sorted(KNOWN_BANK_HOLIDAYS))
def test_known_bank_holidays_are_not_working_days(day):
    assert day.weekday() < 5, "the test dates are all weekdays"
    assert not is_working_day(day), KNOWN_BANK_HOLIDAYS[day]


@pytest.mark.parametrize("day", NOT_BANK_HOLIDAYS)
def test_ordinary_weekdays_are_working_days(day):
    assert is_working_day(day)


def test_weekends_are_not_working_days():
    assert not is_working_day(date(2024, 6, 1))  # Saturday
    assert not is_working_day(date(2024, 6, 2))  # Sunday
    assert is_working_day(date(2024, 6, 3))


def test_england_and_wales_share_one_list():
    years = range(2015, 2031)
    england = set(holidays.country_holidays("GB", subdiv="ENG", years=years))
    wales = set(holidays.country_holidays("GB", subdiv="WLS", years=years))
    scotland = set(holidays.country_holidays("GB", subdiv="SCT", years=years))
    assert england == wales
    assert england != scotland  # so the subdivision matters


def test_day_of_receipt_is_day_zero():
    friday = date(2024, 5, 3)  # Monday 6 May 2024 is the early May bank holiday
    assert working_days_after(friday, 0) == friday
    assert working_days_after(friday, 1) == date(2024, 5, 7)
    assert working_days_after(friday, 3) == date(2024, 5, 9)


def test_receipt_on_a_weekend_is_still_day_zero():
    saturday = date(2024, 6, 1)
    assert working_days_after(saturday, 0) == saturday
    assert working_days_after(saturday, 1) == date(2024, 6, 3)


def test_ten_working_days_over_christmas_and_new_year():
    # Awareness on Friday 20 December 2024: 25, 26 Dec and 1 Jan are bank holidays.
    start = date(2024, 12, 20)
    expected = [date(2024, 12, d) for d in (23, 24, 27, 30, 31)] + [date(2025, 1, d) for d in (2, 3, 6, 7, 8)]
    assert [working_days_after(start, n) for n in range(1, 11)] == expected


def test_ten_working_days_over_easter_2024():
    assert working_days_after(date(2024, 3, 27), 10) == date(2024, 4, 12)


def test_funeral_and_coronation_are_skipped():
    assert working_days_after(date(2022, 9, 16), 1) == date(2022, 9, 20)
    assert working_days_after(date(2023, 5, 5), 1) == date(2023, 5, 9)


def test_working_days_between():
    assert working_days_between(date(2024, 5, 3), date(2024, 5, 9)) == 3
    assert working_days_between(date(2024, 5, 9), date(2024, 5, 3)) == -3
    assert working_days_between(date(2024, 5, 3), date(2024, 5, 3)) == 0
    assert working_days_between(date(2024, 6, 1), date(2024, 6, 2)) == 0  # a weekend


def test_next_working_day_on_or_after():
    assert next_working_day_on_or_after(date(2024, 3, 29)) == date(2024, 4, 2)  # Good Friday -> Tuesday
    assert next_working_day_on_or_after(date(2024, 4, 2)) == date(2024, 4, 2)


def test_working_days_in_range():
    days = list(working_days_in_range(date(2024, 12, 23), date(2024, 12, 31)))
    assert days == [date(2024, 12, d) for d in (23, 24, 27, 30, 31)]


def test_holiday_names():
    assert "Funeral" in ENGLAND_AND_WALES.holiday_name(date(2022, 9, 19))
    assert ENGLAND_AND_WALES.holiday_name(date(2022, 9, 20)) is None


def test_extra_non_working_days_from_configuration():
    closure = date(2030, 6, 3)  # an imaginary one-off bank holiday, not in the package
    cal = ENGLAND_AND_WALES.with_extra_non_working_days([closure])
    assert is_working_day(closure)
    assert not is_working_day(closure, cal)
    assert working_days_after(date(2030, 5, 31), 1, cal) == date(2030, 6, 4)


def test_overlapping_extra_days_are_rejected():
    with pytest.raises(ValueError, match="both"):
        WorkingCalendar(extra_non_working_days={date(2030, 1, 2)}, extra_working_days={date(2030, 1, 2)})


def test_bad_arguments():
    with pytest.raises(ValueError, match="0 or more"):
        working_days_after(date(2024, 1, 1), -1)
    with pytest.raises(TypeError, match="int"):
        working_days_after(date(2024, 1, 1), 1.5)
    with pytest.raises(TypeError, match="not a datetime"):
        working_days_after(datetime(2024, 1, 1, 9, 0), 1)
    with pytest.raises(TypeError, match="not a datetime"):
        is_working_day(datetime(2024, 1, 1, 9, 0))
    with pytest.raises(ValueError, match="no GB-ENG bank holidays"):
        is_working_day(date(2150, 1, 1))


@pytest.mark.parametrize("day", [date(25, 1, 2), date(1871, 12, 6), date(2101, 1, 3)])
def test_a_year_without_bank_holidays_raises_the_one_error_callers_catch(day):
    # Governance pages catch DateOutOfRange to degrade for one record rather than the whole list.
    from oversight.deadlines import DateOutOfRange, default_policy

    with pytest.raises(DateOutOfRange):
        is_working_day(day)
    with pytest.raises(DateOutOfRange):
        default_policy().due("complaint_acknowledgement", day)


def test_months_past_the_last_year_python_knows_raise_the_same_error():
    from oversight.deadlines import DateOutOfRange, add_calendar_months

    with pytest.raises(DateOutOfRange):
        add_calendar_months(date(9999, 12, 1), 6)
