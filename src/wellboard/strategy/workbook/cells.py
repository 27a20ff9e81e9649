"""Turning one spreadsheet cell into a value, and a value back into a cell.

Pure functions with no database: each either returns the value or raises ``CellError`` with a
message written for the person who typed the cell.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable
from typing import Any

from django.db import models
from django.utils.text import slugify

from wellboard.strategy.workbook.format import LIST_SEPARATOR

# ASCII: in Python a bare \d also matches other scripts' digits, which int() would then read.
_ISO_DATE = re.compile(r"^(\d{4})-(\d{1,2})-(\d{1,2})$", re.ASCII)
_UK_DATE = re.compile(r"^(\d{1,2})/(\d{1,2})/(\d{4})$", re.ASCII)
_SPACES = re.compile(r"[\s_\-]+")
_YES = {"yes", "y", "true"}
_NO = {"no", "n", "false"}


class CellError(ValueError):
    """The cell holds something the column cannot take."""

    def __init__(self, message: str) -> None:
        self.message = message
        super().__init__(message)


def text(value: Any, *, max_length: int | None = None) -> str:
    """Any text; numbers become their plain spelling (Excel turns 2.10 into 2.1, so refs survive)."""
    if value is None:
        return ""
    if isinstance(value, bool):
        raise CellError("Enter text, not TRUE or FALSE")
    if isinstance(value, dt.datetime | dt.date | dt.time):
        raise CellError(
            "Enter text here, not a date (if the spreadsheet turned what you typed into a date, "
            "format the cell as text and type it again)"
        )
    if isinstance(value, int):
        result = str(value)
    elif isinstance(value, float):
        result = str(int(value)) if value.is_integer() else repr(value)
    elif isinstance(value, str):
        result = value.strip()
    else:
        raise CellError("Enter text")
    if max_length is not None and len(result) > max_length:
        raise CellError(f"Enter at most {max_length} characters (this has {len(result)})")
    return result


def slug(value: Any, *, max_length: int = 80) -> str:
    result = text(value, max_length=max_length)
    if result and slugify(result) != result:
        raise CellError(
            f"'{_preview(result)}' is not a valid slug: use lower-case letters, numbers and hyphens only"
        )
    return result


def date(value: Any) -> dt.date | None:
    """An Excel date, or text written 2025-03-31 or 31/03/2025. Empty means no date."""
    if value is None:
        return None
    if isinstance(value, dt.datetime):
        if value.time() != dt.time(0, 0):
            raise CellError("Enter a date without a time")
        return value.date()
    if isinstance(value, dt.date):
        return value
    if isinstance(value, bool | int | float):
        raise CellError("Enter a date: format the cell as a date, or type it like 31/03/2025")
    if isinstance(value, str):
        written = value.strip()
        if not written:
            return None
        for pattern, order in ((_ISO_DATE, (0, 1, 2)), (_UK_DATE, (2, 1, 0))):
            match = pattern.match(written)
            if match:
                parts = [int(g) for g in match.groups()]
                try:
                    return dt.date(parts[order[0]], parts[order[1]], parts[order[2]])
                except ValueError as exc:
                    raise CellError(f"'{_preview(written)}' is not a real date") from exc
        raise CellError(f"'{_preview(written)}' is not a date: write it like 31/03/2025 or 2025-03-31")
    raise CellError("Enter a date")


def _normalise(word: str) -> str:
    return _SPACES.sub(" ", word.strip().lower())


def choice(value: Any, choices: type[models.TextChoices]) -> str | None:
    """The stored value for a label or value, any case ('In progress', 'in_progress', 'IN PROGRESS').

    Empty means 'not given' (None)."""
    if value is None:
        return None
    if not isinstance(value, str):
        raise CellError(f"Choose one of: {', '.join(str(label) for label in choices.labels)}")
    wanted = _normalise(value)
    if not wanted:
        return None
    for stored, label in choices.choices:
        if wanted in (_normalise(str(stored)), _normalise(str(label))):
            return str(stored)
    raise CellError(
        f"'{_preview(value.strip())}' is not one of: {', '.join(str(label) for label in choices.labels)}"
    )


def choice_label(stored: str, choices: type[models.TextChoices]) -> str:
    return str(dict(choices.choices).get(stored, stored))


def items(value: Any, *, max_length: int | None = None) -> list[str]:
    """A list written with semicolons between the items; empty items are dropped."""
    if value is None:
        return []
    whole = text(value)
    result = [part.strip() for part in whole.split(LIST_SEPARATOR)]
    result = [part for part in result if part]
    if max_length is not None:
        for part in result:
            if len(part) > max_length:
                raise CellError(f"'{_preview(part)}' is longer than {max_length} characters")
    return result


def join_items(values: Iterable[str]) -> str:
    return f"{LIST_SEPARATOR} ".join(values)


def yes_no(value: Any) -> bool | None:
    """Yes/No, Y/N, True/False (text or a TRUE/FALSE cell). Empty means 'not given'."""
    if value is None:
        return None
    if isinstance(value, bool):
        return value
    if isinstance(value, str):
        word = value.strip().lower()
        if not word:
            return None
        if word in _YES:
            return True
        if word in _NO:
            return False
    raise CellError("Enter Yes or No")


def yes_no_label(value: bool) -> str:
    return "Yes" if value else "No"


def _preview(value: str, limit: int = 60) -> str:
    return value if len(value) <= limit else value[: limit - 1] + "…"
