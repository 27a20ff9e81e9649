"""Small rules the planner applies to values, matching what the strategy services accept.

Checking them while planning lets the dry run report every problem with its sheet and row, rather
than the first one a service meets while writing.
"""

from __future__ import annotations

from collections.abc import Iterable

from django.utils.text import slugify

from wellboard.strategy.services import MAX_TEXT, REF_PATTERN, RESERVED

__all__ = ["MAX_LEVELS", "MAX_LEVEL_NAME", "MAX_LIST_ITEM", "MAX_REF", "MAX_TEXT", "check_ref", "check_slug"]

MAX_LEVELS = 6
MAX_LEVEL_NAME = 50
MAX_LIST_ITEM = 200  # one target group or place
MAX_REF = 30


def check_ref(ref: str) -> str:
    """'' if ``ref`` can be used as a reference, else why not."""
    if len(ref) > MAX_REF:
        return f"A reference must be {MAX_REF} characters or fewer"
    if not REF_PATTERN.match(ref) or ref.lower() in RESERVED:
        return (
            f"'{ref}' cannot be used as a reference: start with a letter or number and use only letters, "
            "numbers, full stops, hyphens and underscores"
        )
    return ""


def check_slug(slug: str) -> str:
    if slug != slugify(slug) or len(slug) > 80:
        return f"'{slug}' cannot be used as a slug: use only lower-case letters, numbers and hyphens"
    if slug in RESERVED:
        return f"'{slug}' cannot be used as a slug: choose another"
    return ""


def normalise_text(value: str | None) -> str:
    """Text as compared: line endings made alike and outer space ignored (cells lose it)."""
    return (value or "").replace("\r\n", "\n").replace("\r", "\n").strip()


def same_text(current: str | None, given: str | None) -> bool:
    return normalise_text(current) == normalise_text(given)


def tidy_list(values: Iterable[str]) -> list[str]:
    """Items as the services store them: trimmed, no empty items, no repeats, order kept."""
    result: list[str] = []
    for value in values:
        item = value.strip()
        if item and item not in result:
            result.append(item)
    return result
