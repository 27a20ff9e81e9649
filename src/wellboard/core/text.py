"""Small text helpers shared by services and selectors."""

from __future__ import annotations

import re
from collections.abc import Collection

from django.utils.text import slugify


def unique_slug(
    text: str, taken: Collection[str], *, max_length: int = 80, reserved: Collection[str] = ()
) -> str:
    """A slug for ``text`` that is not in ``taken``: 'so-active', then 'so-active-2', 'so-active-3'…

    ``reserved`` words (route segments such as 'new') are never returned as they are.
    """
    base = slugify(text)[:max_length].strip("-") or "item"
    if base in reserved:
        base = f"{base}-1"
    slug, n = base, 2
    while slug in taken:
        suffix = f"-{n}"
        slug = base[: max_length - len(suffix)] + suffix
        n += 1
    return slug


_DIGITS = re.compile(r"([0-9]+)")

NaturalKey = tuple[tuple[int, int, str], ...]


def natural_key(text: str) -> NaturalKey:
    """A sort key that reads each run of digits as a number, as people do: A1, A2, A12 (not A1, A12,
    A2) and 1.2 before 1.10. Letters compare without case; numbers come before letters.

    Two texts have the same key only if they are the same apart from case.
    """
    key: list[tuple[int, int, str]] = []
    for index, part in enumerate(_DIGITS.split(text.casefold())):
        if index % 2:
            key.append((0, int(part), part))  # the digits themselves break ties such as 1 and 01
        elif part:
            key.append((1, 0, part))
    return tuple(key)
