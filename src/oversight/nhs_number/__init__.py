"""NHS numbers: validation (modulus 11), formatting and synthetic numbers for demo data.

An NHS number is 10 digits. The 10th is a check digit worked out from the first nine:

1. multiply the first nine digits by 10, 9, 8, ... 2 and add the products;
2. take the remainder after dividing by 11 and subtract it from 11;
3. 11 means a check digit of 0; **10 means the first nine digits cannot form a valid NHS number**;
   otherwise the result is the check digit.

People write NHS numbers as ``943 476 5919`` (3-3-4). :func:`validate_nhs_number` accepts ten digits
run together or split 3-3-4 by single spaces or single hyphens (the same separator both times) and
returns the ten digits; :func:`format_nhs_number` writes ``943 476 5919``.

Synthetic numbers: numbers beginning ``999`` (999 000 0000 to 999 999 9999) are reserved for
testing and are not issued to patients, so demo data uses only that range (project convention from
the brief; not in the NHS rules file, so treat the reservation as UNCONFIRMED against an NHS England
primary source). :func:`synthetic_nhs_numbers` makes valid ones.

Framework-free; no Django import.
"""

from __future__ import annotations

import random
import re

__all__ = [
    "SYNTHETIC_PREFIX",
    "format_nhs_number",
    "generate_synthetic_nhs_number",
    "is_synthetic_nhs_number",
    "is_valid_nhs_number",
    "nhs_number_check_digit",
    "synthetic_nhs_numbers",
    "validate_nhs_number",
]

#: NHS numbers starting with these digits are reserved for testing and never issued to patients.
SYNTHETIC_PREFIX = "999"

_WEIGHTS = (10, 9, 8, 7, 6, 5, 4, 3, 2)
_SHAPE = re.compile(r"\d{10}|\d{3}([ -])\d{3}\1\d{4}")


def nhs_number_check_digit(first_nine: str) -> int | None:
    """The check digit for nine digits, or None when the modulus 11 result is 10 (no valid number)."""
    if (
        not isinstance(first_nine, str)
        or len(first_nine) != 9
        or not first_nine.isascii()
        or not first_nine.isdigit()
    ):
        raise ValueError(
            f"need exactly nine digits to work out an NHS number check digit, got {first_nine!r}"
        )
    total = sum(int(digit) * weight for digit, weight in zip(first_nine, _WEIGHTS, strict=True))
    check = 11 - total % 11
    if check == 11:
        return 0
    if check == 10:
        return None
    return check


def validate_nhs_number(value: str) -> str:
    """Check an NHS number and return it as ten digits; raise ``ValueError`` saying what is wrong.

    Surrounding whitespace is ignored. Accepted: ``9434765919``, ``943 476 5919``, ``943-476-5919``.
    """
    if not isinstance(value, str):
        raise TypeError(
            f"an NHS number must be given as text (str), not {type(value).__name__}: "
            "as a number it would lose any leading zero"
        )
    text = value.strip()
    if not text:
        raise ValueError("NHS number is empty")
    bad = sorted({ch for ch in text if not (ch.isascii() and ch.isdigit()) and ch not in " -"})
    if bad:
        shown = ", ".join(repr(ch) for ch in bad)
        raise ValueError(
            f"NHS number {value!r} contains {shown}: only digits, spaces and hyphens are allowed"
        )
    digits = re.sub(r"[ -]", "", text)
    if len(digits) != 10:
        raise ValueError(f"NHS number {value!r} has {len(digits)} digits; it must have exactly 10")
    if not _SHAPE.fullmatch(text):
        raise ValueError(
            f"NHS number {value!r} is split in the wrong places: write the 10 digits together "
            "or as 3-3-4 with single spaces or hyphens, e.g. 943 476 5919"
        )
    expected = nhs_number_check_digit(digits[:9])
    if expected is None:
        raise ValueError(
            f"NHS number {value!r} is not valid: its first nine digits give a modulus 11 check value of 10, "
            "which no NHS number can have"
        )
    if int(digits[9]) != expected:
        raise ValueError(
            f"NHS number {value!r} fails the modulus 11 check: the last digit should be {expected}, "
            f"not {digits[9]} (probably a mistyped digit)"
        )
    return digits


def is_valid_nhs_number(value: object) -> bool:
    """True if ``value`` is a valid NHS number (in any accepted layout)."""
    try:
        validate_nhs_number(value)  # type: ignore[arg-type]
    except (TypeError, ValueError):
        return False
    return True


def format_nhs_number(value: str) -> str:
    """Validate and write as ``943 476 5919``."""
    digits = validate_nhs_number(value)
    return f"{digits[:3]} {digits[3:6]} {digits[6:]}"


def is_synthetic_nhs_number(value: str) -> bool:
    """True if ``value`` is a valid NHS number in the 999 test range."""
    return is_valid_nhs_number(value) and validate_nhs_number(value).startswith(SYNTHETIC_PREFIX)


def generate_synthetic_nhs_number(rng: random.Random | None = None) -> str:
    """One valid NHS number in the 999 test range, as ten digits. Pass a seeded ``rng`` for repeatability."""
    rng = rng if rng is not None else random.Random()
    while True:
        first_nine = SYNTHETIC_PREFIX + f"{rng.randrange(1_000_000):06d}"
        check = nhs_number_check_digit(first_nine)
        if check is not None:  # about 1 in 11 prefixes cannot be completed; draw again
            return first_nine + str(check)


def synthetic_nhs_numbers(count: int, *, seed: int | None = None, unique: bool = True) -> list[str]:
    """``count`` valid synthetic NHS numbers (999 range), distinct unless ``unique=False``.

    The same ``seed`` always gives the same numbers, so demo data is repeatable. There are about
    909,000 valid numbers in the range.
    """
    if isinstance(count, bool) or not isinstance(count, int) or count < 0:
        raise ValueError(f"count must be a whole number >= 0, got {count!r}")
    if unique and count > 900_000:
        raise ValueError(
            f"cannot make {count} distinct synthetic NHS numbers: the 999 range holds about 909,000"
        )
    rng = random.Random(seed)
    if not unique:
        return [generate_synthetic_nhs_number(rng) for _ in range(count)]
    seen: set[str] = set()
    result: list[str] = []
    while len(result) < count:
        number = generate_synthetic_nhs_number(rng)
        if number not in seen:
            seen.add(number)
            result.append(number)
    return result
