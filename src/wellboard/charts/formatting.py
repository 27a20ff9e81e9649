"""Numbers written the same way in charts, tables, tooltips and downloads."""

from __future__ import annotations

import math
from typing import TypeGuard

NO_DATA = "No data"
MISSING = "\u2013"  # an en dash, for an empty table cell


def is_number(value: object) -> TypeGuard[float]:
    if isinstance(value, bool) or not isinstance(value, int | float):
        return False
    return not math.isnan(value)


def format_number(value: float | None, decimals: int = 1) -> str:
    """'1,234.5'; 'No data' when there is no value."""
    if value is None or not is_number(value):
        return NO_DATA
    return f"{value:,.{decimals}f}"


def format_value(value: float | None, unit: str = "", decimals: int = 1) -> str:
    """A value with its unit: '23.4%', '512.3 per 100,000', '79.1 years'."""
    text = format_number(value, decimals)
    if text == NO_DATA or not unit:
        return text
    if unit == "%":
        return f"{text}%"
    return f"{text} {unit}"


def format_interval(lower: float | None, upper: float | None, decimals: int = 1) -> str:
    """'21.0 to 25.9', or '' when either limit is missing."""
    if not (is_number(lower) and is_number(upper)):
        return ""
    return f"{format_number(lower, decimals)} to {format_number(upper, decimals)}"


def axis_title(label: str, unit: str) -> str:
    """'Value (%)', 'Rate (per 100,000)'."""
    return f"{label} ({unit})" if unit else label


def axis_format(decimals: int) -> str:
    """The d3 format of a value axis: thousands separators and at most ``decimals`` places, with
    trailing zeros dropped ("1,250", "12.5", "12"), never the raw "410.000000"."""
    return ",d" if decimals <= 0 else f",.{decimals}~f"


def clean(value: float | None) -> float | None:
    """None for missing or not-a-number, so chart data never carries NaN (invalid JSON)."""
    if value is None or not is_number(value):
        return None
    return float(value)
