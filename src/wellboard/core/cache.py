"""Caching what is costly to compute and the same for every reader: indicator summaries, rendered
panels. Entries are keyed on the partnership's data version, so they are never stale.

The entries live in the ``pages`` cache (``settings.CACHES``): files under ``var/cache`` that every
worker process on the machine shares, so a page one process computed serves all of them, and a
background task can compute pages ahead of their first reader (``WELLBOARD_DATA_CHANGED_HOOKS`` are
called once a change commits).

Every audited write bumps the version of its partnership (``audit_record`` calls
``data_version_bump``); imports of the shared geography bump the global version. A cached entry's
key holds both tokens and today's date (targets and overdue milestones move with the calendar), so
a change anywhere in a partnership's data means its next page view computes afresh, in every
process. Entries also expire after ``WELLBOARD_CACHE_SECONDS`` to bound memory.

An entry must never hold data older than the version in its key, or a write could be hidden behind
its own new version. A page may read data (the strategy, the indicator, the partnership's settings)
before it asks for the version; so ``DataVersionMiddleware`` reads every version once as a request
starts, before the view reads anything, and the request keys its entries on that. Whatever a build
then reads is at least as new as its key. Anything done outside a request reads the version afresh.
"""

from __future__ import annotations

import functools
import hashlib
import uuid
from collections.abc import Callable, Hashable, Iterable
from contextvars import ContextVar
from typing import Any, TypeVar, cast

from django.conf import settings
from django.contrib.messages import get_messages
from django.core.cache import BaseCache, caches
from django.db import transaction
from django.http import HttpRequest, HttpResponse, HttpResponseBase, HttpResponseNotModified
from django.utils.cache import patch_cache_control, patch_vary_headers
from django.utils.http import parse_etags, quote_etag
from django.utils.module_loading import import_string

import wellboard
from wellboard.core.clock import now, today
from wellboard.core.models import DataVersion

T = TypeVar("T")

_MISSING = object()
PAGES = "pages"  # the cache alias of the shared page cache


def page_cache() -> BaseCache:
    """The cache every process of this machine shares for page parts (``settings.CACHES``)."""
    return caches[PAGES]


class _RequestVersions:
    """The data versions as this request began, and the scopes it has changed but not yet committed."""

    def __init__(self, tokens: dict[str, str]) -> None:
        self.tokens = tokens
        self.uncommitted: set[str] = set()


_request_versions: ContextVar[_RequestVersions | None] = ContextVar("wellboard_data_versions", default=None)


def _scope(partnership_id: int | None) -> str:
    return f"partnership:{partnership_id}" if partnership_id else DataVersion.GLOBAL


def _version(tokens: dict[str, str], scope: str) -> str:
    return f"{tokens.get(scope, '-')}.{tokens.get(DataVersion.GLOBAL, '-')}"


def data_version_bump(partnership_id: int | None) -> None:
    """Mark a partnership's data (``None``: the shared geography, so everyone's) as changed.

    Call it inside the writing transaction: the new token becomes visible when the change does.
    """
    scope = _scope(partnership_id)
    token = uuid.uuid4().hex
    if not DataVersion.objects.filter(scope=scope).update(token=token, changed_at=now()):
        DataVersion.objects.bulk_create(
            [DataVersion(scope=scope, token=token, changed_at=now())], ignore_conflicts=True
        )
        # Another transaction may have created the row first: make sure ours is the token now.
        DataVersion.objects.filter(scope=scope).update(token=token, changed_at=now())
    versions = _request_versions.get()
    if versions is not None:
        # Until the change commits, this request reads data newer than its versions: it caches
        # nothing for that scope. Once committed, it keys on the new token like every later request.
        versions.uncommitted.add(scope)

        def committed() -> None:
            versions.tokens[scope] = token
            versions.uncommitted.discard(scope)

        transaction.on_commit(committed)
    if settings.WELLBOARD_CACHE_SECONDS > 0:
        # robust: the change has committed; a hook that fails (a queue that is down) is logged and
        # must not turn the writer's success into an error page.
        transaction.on_commit(lambda: _data_changed(partnership_id), robust=True)


def _data_changed(partnership_id: int | None) -> None:
    """Tell each of ``WELLBOARD_DATA_CHANGED_HOOKS`` that a change has committed (after the commit,
    so a hook that queues work never queues it for a change that was rolled back)."""
    for dotted in getattr(settings, "WELLBOARD_DATA_CHANGED_HOOKS", []):
        import_string(dotted)(partnership_id)


def data_version(partnership_id: int) -> str:
    """The partnership's data version, shared geography included: in a request, as the request
    began (or as its own committed writes left it); elsewhere, as it is now, in one query."""
    scope = _scope(partnership_id)
    versions = _request_versions.get()
    if versions is not None and not _writing(partnership_id):
        return _version(versions.tokens, scope)
    tokens = dict(
        DataVersion.objects.filter(scope__in=[scope, DataVersion.GLOBAL]).values_list("scope", "token")
    )
    return _version(tokens, scope)


def _writing(partnership_id: int) -> bool:
    """Whether this request has changed the partnership's data and not yet committed."""
    versions = _request_versions.get()
    return versions is not None and bool(versions.uncommitted & {_scope(partnership_id), DataVersion.GLOBAL})


class DataVersionMiddleware:
    """Reads every data version as a request starts, before the view reads any data, so that what
    the request caches is never older than the version it is cached under (see the module's notes).

    One small query a request (the table has a row per partnership); none when caching is off.
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if settings.WELLBOARD_CACHE_SECONDS <= 0:
            return self.get_response(request)
        tokens = dict(DataVersion.objects.values_list("scope", "token"))
        reset = _request_versions.set(_RequestVersions(tokens))
        try:
            return self.get_response(request)
        finally:
            _request_versions.reset(reset)


def versions_digest() -> str:
    """A short digest of every data version (every partnership's and the shared geography's): as
    the request began, or as it is now outside a request. One query outside a request, none inside.

    Conditional GET uses it: a page's ETag changes whenever any data it could show has changed."""
    versions = _request_versions.get()
    if versions is not None and not versions.uncommitted:
        tokens = versions.tokens
    else:
        tokens = dict(DataVersion.objects.values_list("scope", "token"))
    seed = "|".join(f"{scope}={token}" for scope, token in sorted(tokens.items()))
    return hashlib.sha256(seed.encode()).hexdigest()[:32]


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
    keep: Callable[[T], bool] | None = None,
) -> T:
    """``build()``'s result, from the cache when this partnership's data has not changed since.

    Only for values that are the same for every reader of the partnership: the key does not hold
    the person asking. ``parts`` must be plain values (ids, strings, dates) that say what was built.
    A ``version`` passed in must come from ``data_version`` in the same request. A request that has
    changed the partnership's data and not yet committed builds afresh and keeps nothing, and so
    does a build for which ``keep`` answers False.
    """
    seconds = settings.WELLBOARD_CACHE_SECONDS
    if seconds <= 0 or _writing(partnership_id):
        return build()
    key = cache_key(partnership_id=partnership_id, name=name, parts=parts, version=version)
    store = page_cache()
    found = store.get(key, _MISSING)
    if found is not _MISSING:
        return cast(T, found)  # what build() returned when the entry was made
    value = build()
    if keep is None or keep(value):
        store.set(key, value, seconds)
    return value


def is_cached(
    *, partnership_id: int, name: str, parts: Iterable[Hashable], version: str | None = None
) -> bool:
    """Whether ``cached`` would find an entry for these parts now (for refreshing ahead of readers)."""
    if settings.WELLBOARD_CACHE_SECONDS <= 0:
        return False
    key = cache_key(partnership_id=partnership_id, name=name, parts=parts, version=version)
    return bool(page_cache().has_key(key))


# ---------------------------------------------------------------- conditional GET

V = TypeVar("V", bound=Callable[..., HttpResponseBase])


def page_etag(request: HttpRequest) -> str:
    """The ETag of a signed-in person's page: it changes whenever anything the page could show may
    have changed. Every data version (an audited write anywhere, roles and memberships included,
    moves one), today's date (overdue milestones, targets), the release (templates), the address
    with its query, whether htmx asked for a part, and who is asking in which session: the person,
    the session (signing in again gives a new one) and its CSRF cookie (the forms on a kept page
    must still post)."""
    user = request.user
    verified = getattr(user, "is_verified", None)
    seed = "|".join(
        [
            versions_digest(),
            today().isoformat(),
            wellboard.__version__,
            request.get_full_path(),
            request.headers.get("HX-Request", ""),
            request.headers.get("HX-Target", ""),
            str(user.pk),
            str(bool(verified())) if callable(verified) else "",
            request.session.session_key or "" if hasattr(request, "session") else "",
            # The CSRF secret the page's forms use: the one the view received or set.
            str(request.META.get("CSRF_COOKIE", "")),
        ]
    )
    return quote_etag(hashlib.sha256(seed.encode()).hexdigest()[:32])


def conditional_page(view: V) -> V:
    """Conditional GET for a page or download that reads only: its answer carries an ETag
    (``page_etag``), and a browser that already holds that version is answered 304 Not Modified
    without the view running. Only a 200 gets an ETag; a page with a message waiting to be shown
    is always sent in full. Off, like the cache, when ``WELLBOARD_CACHE_SECONDS`` is 0."""

    @functools.wraps(view)
    def wrapped(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponseBase:
        if settings.WELLBOARD_CACHE_SECONDS <= 0 or request.method not in ("GET", "HEAD"):
            return view(request, *args, **kwargs)
        held = parse_etags(request.headers.get("If-None-Match", ""))
        etag = page_etag(request) if held else ""
        if etag in held and not len(get_messages(request)):
            response: HttpResponseBase = HttpResponseNotModified()
        else:
            response = view(request, *args, **kwargs)
            if response.status_code != 200 or response.has_header("ETag"):
                return response
            # After the view, which may have set the CSRF secret its forms carry.
            etag = page_etag(request)
        response["ETag"] = etag
        # The browser may keep it but must ask each time (304 is cheap); shared caches must not.
        patch_cache_control(response, private=True, no_cache=True)
        patch_vary_headers(response, ("Cookie", "HX-Request"))
        return response

    return cast(V, wrapped)
