"""Numbers read from what people and partner systems send: one parser for every channel.

Python's own conversions accept more than anyone means by a number: ``int(True)`` is 1,
``Decimal("٣٦")`` is 36 (digits of any script), ``float("1_000")`` is 1000 and ``float("nan")`` is a
number. A figure typed in a form, sent through the API or read from a CSV or XLSX file goes
through ``parse_decimal`` instead, which accepts what people write ("1,204", " 12.5 ", 3.0, 1e3) and
refuses the rest with a reason: a true or false is not a number, and a number must be written with
the digits 0 to 9.
"""

from __future__ import annotations

import math
import re
from decimal import Decimal, InvalidOperation

NOT_A_NUMBER = "is not a number"
NOT_ASCII_DIGITS = "must be written with the digits 0 to 9"
YES_NO = "is a yes or no, not a number"

# Digits 0-9 only, an optional sign, point and exponent: what ``Decimal`` would read, without the
# other scripts' digits, underscores, or words (infinity, nan) it also accepts.
_NUMBER = re.compile(r"[+-]?(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?", re.ASCII)


class NotANumber(ValueError):
    """Input that is not a number; ``reason`` completes a sentence that starts with its label."""

    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason


def number_text(text: str) -> str:
    """``text`` as a number to read: stripped, thousands separators (commas) dropped. ``NotANumber``
    unless what is left is a number written with the digits 0 to 9."""
    cleaned = text.strip().replace(",", "")
    if _NUMBER.fullmatch(cleaned):
        return cleaned
    if any(character.isdecimal() and not character.isascii() for character in cleaned):
        raise NotANumber(NOT_ASCII_DIGITS)
    raise NotANumber(NOT_A_NUMBER)


def parse_decimal(raw: object) -> Decimal | None:
    """A number from a form, the API or a file cell; None for nothing (None or blank text).

    Accepts whole numbers, finite decimals and floats, and text as people write numbers. Raises
    ``NotANumber`` for booleans, NaN, infinities, text that is not a number, and digits other than
    0 to 9.
    """
    if raw is None:
        return None
    if isinstance(raw, bool):
        raise NotANumber(YES_NO)
    if isinstance(raw, int):
        return Decimal(raw)
    if isinstance(raw, float):
        if not math.isfinite(raw):
            raise NotANumber(NOT_A_NUMBER)
        return Decimal(repr(raw))
    if isinstance(raw, Decimal):
        if not raw.is_finite():
            raise NotANumber(NOT_A_NUMBER)
        return raw
    if not isinstance(raw, str):
        raise NotANumber(NOT_A_NUMBER)
    if not raw.strip():
        return None
    try:
        return Decimal(number_text(raw))
    except InvalidOperation as exc:  # pragma: no cover - the pattern admits only what Decimal reads
        raise NotANumber(NOT_A_NUMBER) from exc


def parse_float(raw: object) -> float | None:
    """``parse_decimal`` as a float, for figures that are stored as floats; None for nothing.
    ``NotANumber`` also for a number too large for a float."""
    value = parse_decimal(raw)
    if value is None:
        return None
    number = float(value)
    if not math.isfinite(number):
        raise NotANumber(NOT_A_NUMBER)
    return number
