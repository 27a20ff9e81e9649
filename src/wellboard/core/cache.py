"""Caching what is costly to compute and the same for every reader: indicator summaries, rendered
panels. Entries are keyed on the partnership's data version, so they are never stale.

Every audited write bumps the version of its partnership (``audit_record`` calls
``data_version_bump``); imports of the shared geography bump the global version. A cached entry's
key holds both tokens and today's date (targets and overdue milestones move with the calendar), so
a change anywhere in a partnership's data means its next page view computes afresh, in every
process. Entries also expire after ``WELLBOARD_CACHE_SECONDS`` to bound memory.
"""

from __future__ import annotations

import hashlib
import uuid
from collections.abc import Callable, Hashable, Iterable
from typing import TypeVar, cast

from django.conf import settings
from django.core.cache import cache

from wellboard.core.clock import now, today
from wellboard.core.models import DataVersion

T = TypeVar("T")

_MISSING = object()


def _scope(partnership_id: int | None) -> str:
    return f"partnership:{partnership_id}" if partnership_id else DataVersion.GLOBAL


def data_version_bump(partnership_id: int | None) -> None:
    """Mark a partnership's data (``None``: the shared geography, so everyone's) as changed.

    Call it inside the writing transaction: the new token becomes visible when the change does.
    """
    scope = _scope(partnership_id)
    token = uuid.uuid4().hex
    if DataVersion.objects.filter(scope=scope).update(token=token, changed_at=now()):
        return
    DataVersion.objects.bulk_create(
        [DataVersion(scope=scope, token=token, changed_at=now())], ignore_conflicts=True
    )
    # Another transaction may have created the row first: make sure ours is the token now.
    DataVersion.objects.filter(scope=scope).update(token=token, changed_at=now())


def data_version(partnership_id: int) -> str:
    """The partnership's current data version, shared geography included, in one query."""
    scope = _scope(partnership_id)
    tokens = dict(
        DataVersion.objects.filter(scope__in=[scope, DataVersion.GLOBAL]).values_list("scope", "token")
    )
    return f"{tokens.get(scope, '-')}.{tokens.get(DataVersion.GLOBAL, '-')}"


def cache_key(
    *, partnership_id: int, name: str, parts: Iterable[Hashable], version: str | None = None
) -> str:
    """The key of ``name`` for ``parts`` at the partnership's data version (current unless given)
    and today."""
    digest = hashlib.sha256(repr(tuple(parts)).encode()).hexdigest()[:32]
    version = version if version is not None else data_version(partnership_id)
    return f"wb:{name}:{partnership_id}:{version}:{today().isoformat()}:{digest}"


def cached(
    *,
    partnership_id: int,
    name: str,
    parts: Iterable[Hashable],
    build: Callable[[], T],
    version: str | None = None,
) -> T:
    """``build()``'s result, from the cache when this partnership's data has not changed since.

    Only for values that are the same for every reader of the partnership: the key does not hold
    the person asking. ``parts`` must be plain values (ids, strings, dates) that say what was built.
    A page that caches several things reads ``data_version`` once and passes it as ``version``.
    """
    seconds = settings.WELLBOARD_CACHE_SECONDS
    if seconds <= 0:
        return build()
    key = cache_key(partnership_id=partnership_id, name=name, parts=parts, version=version)
    found = cache.get(key, _MISSING)
    if found is not _MISSING:
        return cast(T, found)  # what build() returned when the entry was made
    value = build()
    cache.set(key, value, seconds)
    return value
