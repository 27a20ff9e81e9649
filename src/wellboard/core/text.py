"""Small text helpers shared by services."""

from __future__ import annotations

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
