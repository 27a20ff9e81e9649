"""Counts in reference files: whole numbers with the digits 0 to 9, thousands separators allowed."""

from __future__ import annotations

import pytest

from wellboard.geography.importers.files import parse_count


@pytest.mark.parametrize(("text", "expected"), [("1,296", 1296), (" 42 ", 42), ("7.0", 7), ("0", 0)])
def test_counts_as_published(text: str, expected: int) -> None:
    assert parse_count(text) == expected


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("٣٦", "'٣٦' is not a whole number written with the digits 0 to 9"),
        ("x", "'x' is not a whole number"),
        ("2.5", "'2.5' is not a whole number"),
        ("-3", "'-3' is not a whole number"),
        ("", "is empty"),
    ],
)
def test_what_is_not_a_count_is_refused(text: str, message: str) -> None:
    with pytest.raises(ValueError, match=f"^{message}$"):
        parse_count(text)
