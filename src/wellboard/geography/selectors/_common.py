"""What the geography selectors share: batching long lists of codes, and how areas are named."""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from typing import TypeVar

from wellboard.geography.models import Area

CHUNK = 2000
T = TypeVar("T")
AreaRef = Area | str


def chunked(items: Sequence[T], size: int = CHUNK) -> Iterator[Sequence[T]]:
    for start in range(0, len(items), size):
        yield items[start : start + size]
