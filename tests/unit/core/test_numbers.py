"""The one parser for numbers from input: what people write is read, booleans and other scripts'
digits are refused with a reason."""

from __future__ import annotations

from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from wellboard.core.numbers import (
    NOT_A_NUMBER,
    NOT_ASCII_DIGITS,
    YES_NO,
    NotANumber,
    number_text,
    parse_decimal,
    parse_float,
)


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("1,204", Decimal("1204")),
        (" 12.5 ", Decimal("12.5")),
        (3.0, Decimal("3.0")),
        (7, Decimal(7)),
        (Decimal("0.25"), Decimal("0.25")),
        ("1e3", Decimal("1e3")),
        ("-4", Decimal(-4)),
        (".5", Decimal("0.5")),
        ("", None),
        ("   ", None),
        (None, None),
    ],
)
def test_numbers_as_people_write_them(raw: object, expected: Decimal | None) -> None:
    assert parse_decimal(raw) == expected


@pytest.mark.parametrize(
    ("raw", "reason"),
    [
        (True, YES_NO),
        (False, YES_NO),
        ("٣٦", NOT_ASCII_DIGITS),  # Arabic-Indic
        ("۳۶", NOT_ASCII_DIGITS),  # Extended Arabic-Indic
        ("३६", NOT_ASCII_DIGITS),  # Devanagari
        ("３６", NOT_ASCII_DIGITS),  # noqa: RUF001 (full-width digits)
        ("1٢", NOT_ASCII_DIGITS),
        ("1_000", NOT_A_NUMBER),
        ("nan", NOT_A_NUMBER),
        ("Infinity", NOT_A_NUMBER),
        (float("nan"), NOT_A_NUMBER),
        (float("inf"), NOT_A_NUMBER),
        (Decimal("NaN"), NOT_A_NUMBER),
        ("twelve", NOT_A_NUMBER),
        ("12..5", NOT_A_NUMBER),
        ([1], NOT_A_NUMBER),
    ],
)
def test_what_is_not_a_number_is_refused_with_its_reason(raw: object, reason: str) -> None:
    with pytest.raises(NotANumber) as refused:
        parse_decimal(raw)
    assert refused.value.reason == reason


def test_a_float_too_large_for_a_float_is_refused() -> None:
    assert parse_float("2.5") == 2.5
    assert parse_float(None) is None
    with pytest.raises(NotANumber):
        parse_float("1e400")


@given(st.decimals(allow_nan=False, allow_infinity=False))
def test_every_finite_decimal_written_out_reads_back(value: Decimal) -> None:
    assert parse_decimal(str(value)) == value


@given(st.text(alphabet=st.characters(categories=["Nd"]), min_size=1))
def test_only_ascii_digits_are_read(text: str) -> None:
    if text.isascii():
        assert number_text(text) == text
    else:
        with pytest.raises(NotANumber, match=NOT_ASCII_DIGITS):
            number_text(text)
