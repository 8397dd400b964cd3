"""NHS number validation, formatting and synthetic numbers."""

from __future__ import annotations

import random

import pytest
from hypothesis import assume, given, settings
from hypothesis import strategies as st

from oversight.nhs_number import (
    format_nhs_number,
    generate_synthetic_nhs_number,
    is_synthetic_nhs_number,
    is_valid_nhs_number,
    nhs_number_check_digit,
    synthetic_nhs_numbers,
    validate_nhs_number,
)

# 943 476 5919 is the example NHS number in NHS England's own guidance.
VALID = ["9434765919", "4010232137", "9990000026", "9990000018"]


def _check(first_nine: str) -> int | None:
    # Written out independently of the module under test.
    total = sum(int(d) * w for d, w in zip(first_nine, range(10, 1, -1), strict=True))
    c = 11 - total % 11
    return {11: 0, 10: None}.get(c, c)


@pytest.mark.parametrize("number", VALID)
def test_known_valid_numbers(number):
    assert _check(number[:9]) == int(number[9])
    assert validate_nhs_number(number) == number
    assert is_valid_nhs_number(number)


def test_worked_example():
    # 9x10 + 4x9 + 3x8 + 4x7 + 7x6 + 6x5 + 5x4 + 9x3 + 1x2 = 299; 299 mod 11 = 2; 11 - 2 = 9.
    assert nhs_number_check_digit("943476591") == 9


def test_remainder_zero_gives_check_digit_zero():
    # 401023213: 4x10 + 0 + 1x8 + 0 + 2x6 + 3x5 + 2x4 + 1x3 + 3x2 = 92; 92 mod 11 = 4 -> 7.
    assert nhs_number_check_digit("401023213") == 7
    # 000000000 sums to 0: 11 - 0 = 11 -> 0.
    assert nhs_number_check_digit("000000000") == 0


def test_check_value_ten_means_no_valid_number():
    # 100000006: 1x10 + 6x2 = 22; 22 mod 11 = 0 -> 0.  100000001: 10 + 2 = 12; 12 mod 11 = 1 -> 10.
    assert nhs_number_check_digit("100000001") is None
    for last in "0123456789":
        assert not is_valid_nhs_number("100000001" + last)
    with pytest.raises(ValueError, match="check value of 10"):
        validate_nhs_number("1000000010")


@pytest.mark.parametrize("layout", ["943 476 5919", "943-476-5919", "  9434765919  ", "943 476 5919\n"])
def test_accepted_layouts_normalise(layout):
    assert validate_nhs_number(layout) == "9434765919"


def test_format():
    assert format_nhs_number("9434765919") == "943 476 5919"
    assert format_nhs_number("943-476-5919") == "943 476 5919"


@pytest.mark.parametrize(
    ("value", "message"),
    [
        ("", "empty"),
        ("   ", "empty"),
        ("943476591", "has 9 digits"),
        ("94347659190", "has 11 digits"),
        ("943 476 591", "has 9 digits"),
        ("943476591X", r"contains 'X'"),
        ("943.476.5919", r"contains '\.'"),
        ("943 4765 919", "split in the wrong places"),
        ("9434 76 5919", "split in the wrong places"),
        ("943 476-5919", "split in the wrong places"),
        ("943  476 5919", "split in the wrong places"),
        ("9434765918", "last digit should be 9, not 8"),
        ("9434765911", "last digit should be 9, not 1"),
        ("９４３４７６５９１９", "only digits"),  # full-width digits are not accepted
    ],
)
def test_invalid_numbers_say_what_is_wrong(value, message):
    with pytest.raises(ValueError, match=message):
        validate_nhs_number(value)
    assert not is_valid_nhs_number(value)


def test_non_text_is_a_type_error():
    with pytest.raises(TypeError, match="leading zero"):
        validate_nhs_number(9434765919)
    assert not is_valid_nhs_number(9434765919)
    assert not is_valid_nhs_number(None)


def test_check_digit_input():
    with pytest.raises(ValueError, match="nine digits"):
        nhs_number_check_digit("12345678")


def test_synthetic_numbers_are_repeatable_distinct_and_in_the_test_range():
    first = synthetic_nhs_numbers(500, seed=42)
    assert first == synthetic_nhs_numbers(500, seed=42)
    assert len(set(first)) == 500
    assert all(n.startswith("999") and is_synthetic_nhs_number(n) for n in first)
    assert synthetic_nhs_numbers(0) == []
    assert len(synthetic_nhs_numbers(20, seed=1, unique=False)) == 20
    with pytest.raises(ValueError, match="count"):
        synthetic_nhs_numbers(-1)


def test_real_range_numbers_are_not_synthetic():
    assert not is_synthetic_nhs_number("9434765919")
    assert not is_synthetic_nhs_number("9990000019")  # right range, wrong check digit


@settings(max_examples=300, deadline=None)
@given(st.integers(min_value=0, max_value=2**32))
def test_generated_numbers_validate(seed):
    number = generate_synthetic_nhs_number(random.Random(seed))
    assert validate_nhs_number(number) == number
    assert validate_nhs_number(format_nhs_number(number)) == number
    assert 9_990_000_000 <= int(number) <= 9_999_999_999


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet="0123456789", min_size=9, max_size=9))
def test_check_digit_matches_independent_implementation(first_nine):
    assert nhs_number_check_digit(first_nine) == _check(first_nine)


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet="0123456789", min_size=9, max_size=9), st.integers(0, 9), st.integers(1, 9))
def test_any_single_digit_change_is_caught(first_nine, position, delta):
    check = nhs_number_check_digit(first_nine)
    assume(check is not None)
    number = first_nine + str(check)
    assert is_valid_nhs_number(number)
    digits = list(number)
    digits[position] = str((int(digits[position]) + delta) % 10)
    assert not is_valid_nhs_number("".join(digits))


@settings(max_examples=300, deadline=None)
@given(st.text(max_size=14))
def test_never_crashes_on_arbitrary_text(text):
    assert is_valid_nhs_number(text) in (True, False)
