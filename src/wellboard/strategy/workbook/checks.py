"""Small rules the planner applies to values: the strategy input schemas' rules, in the words of a
workbook report.

Checking them while planning lets the dry run report every problem with its sheet and row, rather
than the first one a service meets while writing.
"""

from __future__ import annotations

from collections.abc import Iterable

from wellboard.core.inputs import MAX_TEXT
from wellboard.strategy.inputs import InitiativeInput, LevelNames, NodeInput, StrategyInput

__all__ = ["MAX_LEVELS", "MAX_LEVEL_NAME", "MAX_LIST_ITEM", "MAX_REF", "MAX_TEXT", "check_ref", "check_slug"]

MAX_LEVELS = LevelNames.max_levels
MAX_LEVEL_NAME = LevelNames.max_name
MAX_LIST_ITEM = InitiativeInput.target_groups.max_item  # one target group or place
MAX_REF = NodeInput.ref.max_length


def check_ref(ref: str) -> str:
    """'' if ``ref`` can be used as a reference, else why not."""
    if len(ref) > MAX_REF:
        return f"A reference must be {MAX_REF} characters or fewer"
    if not NodeInput.ref.well_formed(ref):
        return (
            f"'{ref}' cannot be used as a reference: start with a letter or number and use only letters, "
            "numbers, full stops, hyphens and underscores"
        )
    return ""


def check_slug(slug: str) -> str:
    if not StrategyInput.slug.well_formed(slug):
        return f"'{slug}' cannot be used as a slug: use only lower-case letters, numbers and hyphens"
    if StrategyInput.slug.reserved(slug):
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
