"""Problems by field name, as ``InvalidInput`` carries them, and the limits and helpers every
schema and service shares: text and slug lengths, reserved words, unique slugs and positions."""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from typing import Any

from django.db import models

from wellboard.core.errors import InvalidInput
from wellboard.core.text import unique_slug as core_unique_slug

Errors = dict[str, list[str]]

MAX_TEXT = 20_000  # a description, a vision, a narrative: long, but not a book
MAX_SLUG = 80

# Refs and slugs appear in addresses; "new" would clash with the pages that create things.
RESERVED = frozenset({"new", "edit", "history", "delete", "dashboard"})
REF_PATTERN = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._-]*$")


def add_error(errors: Errors, field: str, message: str) -> None:
    errors.setdefault(field, []).append(message)


def raise_if_any(errors: Errors) -> None:
    if errors:
        raise InvalidInput(errors)


def refuse_unknown_fields(changes: Mapping[str, Any], allowed: Iterable[str], *, owner: str) -> None:
    """Refuse a change to a field the update does not offer: "An action's colour cannot be changed here"."""
    unknown = set(changes) - set(allowed)
    if unknown:
        raise InvalidInput(f"{owner}'s {', '.join(sorted(unknown))} cannot be changed here")


def values_in_use(queryset: models.QuerySet[Any], field: str, *, exclude_pk: int | None = None) -> set[str]:
    """The refs or slugs already taken among ``queryset``, leaving out the record being changed."""
    if exclude_pk is not None:
        queryset = queryset.exclude(pk=exclude_pk)
    return set(queryset.values_list(field, flat=True))


def next_position(existing: Iterable[int]) -> int:
    return max(existing, default=0) + 1


def unique_slug(text: str, taken: set[str], *, max_length: int = MAX_SLUG) -> str:
    return core_unique_slug(text, taken, max_length=max_length, reserved=RESERVED)
