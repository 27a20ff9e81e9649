"""The bounds of a page of API results, the same for every paged list.

An offset is a row number in the database: one past what a 64-bit integer holds reaches the
database as the wrong type and fails there, so it is refused at the door (422, naming the field)
with a bound far beyond any list Wellboard keeps.
"""

from __future__ import annotations

from ninja import Field, Schema

PAGE_SIZE_DEFAULT = 1000
PAGE_SIZE_MAX = 5000
OFFSET_MAX = 1_000_000_000


class PageQuery(Schema):
    """``limit`` and ``offset`` query parameters of a paged list."""

    limit: int = Field(
        PAGE_SIZE_DEFAULT, ge=1, le=PAGE_SIZE_MAX, description=f"Results per page, 1 to {PAGE_SIZE_MAX:,}"
    )
    offset: int = Field(0, ge=0, le=OFFSET_MAX, description=f"Results to skip, 0 to {OFFSET_MAX:,}")
