"""Reading page views from a PostgreSQL read replica, when ``DATABASE_REPLICA_URL`` configures one
(``wellboard.core.database_settings``; docs/adr/0019-read-replica-routing.md).

Only one thing ever reads from the replica: a read-only request (GET, HEAD or OPTIONS from a browser
that has not written in the last ``DATABASE_REPLICA_STICKY_SECONDS``), until it writes anything or
opens a transaction on the primary. Everything else uses the primary: writes, commands, migrations,
background tasks and the data-changed hooks (no request, so no routing), and the rest of any request
that has written or entered an atomic block. A request moved to the primary stays there, so its
reads never go from the primary's newer data back to the replica's older data. (The few models
always read from the primary, listed below, are read there throughout: never older than the rest.)

Read your own writes: an unsafe request, a sign-in or sign-out (the session cookie changes) or any
write during a request sets a signed cookie, ``wb_primary``, that sends the same browser's reads to
the primary for ``DATABASE_REPLICA_STICKY_SECONDS``. Its timestamp is checked on the server too: a
browser that keeps the cookie longer gains nothing. A replica lagging longer than that
window can still show a person a page from before their own change: set the window above the worst
lag you accept.

The data versions and the page cache (``wellboard.core.cache``, ADR 0009). A cached entry must never
hold data older than the version in its key. The versions are read once as a request starts, and an
entry is keyed on them; what the request reads afterwards must be at least as new. So ``DataVersion``
is read from the same database as the data: on the replica in a read-only request, where replication
applies changes in commit order and the versions row moves in the same transaction as the data, so
data read after the versions is at least as new as them; on the primary otherwise. Reading versions
on the primary and the data on a lagging replica would build a page from old data under a new key,
and that server would go on serving it until the next change: ``DataVersion`` is never pinned to the
primary. A request that moves to the primary part way reads newer data than its versions, which the
rule allows. Within one request Django keeps one connection per database, so the replica's data
never goes back in time between the versions and the data; ``DATABASE_REPLICA_URL`` must therefore
name one server (or a balancer that keeps each connection on one server).
"""

from __future__ import annotations

from collections.abc import Callable
from contextvars import ContextVar
from typing import Any

from django.conf import settings
from django.core import signing
from django.db import DEFAULT_DB_ALIAS, connections
from django.db.models import Model
from django.http import HttpRequest, HttpResponse

from wellboard.core.database_settings import REPLICA, STICKY_SECONDS

SAFE_METHODS = frozenset({"GET", "HEAD", "OPTIONS"})
MARKER = "wb_primary"  # the cookie that keeps a browser that wrote on the primary
_MARKER_SALT = "wellboard.core.replica.primary"

# Read from the primary even in a read-only request. Who a person is and what they may do, so that
# a sign-in, a sign-out, a password change, a revoked token, role or second factor and a lockout
# take effect at once on every server, and a session created by a sign-in is found by the very next
# request, whichever server gets it: sessions, accounts (auth and the partners app's user, role
# grants and API tokens), second-factor devices (otp_totp, otp_static) and sign-in attempts (axes).
# The background task queue too: it is coordination between processes, not page content.
# ``DataVersion`` is deliberately absent: see the module's notes.
PRIMARY_APPS = frozenset({"sessions", "auth", "otp_totp", "otp_static", "axes", "django_tasks_database"})
PRIMARY_MODELS = frozenset({"partners.user", "partners.rolegrant", "partners.apitoken"})


class _Route:
    """Where the current request reads: the replica while ``replica`` holds."""

    def __init__(self, *, replica: bool) -> None:
        self.replica = replica
        self.wrote = False


_route: ContextVar[_Route | None] = ContextVar("wellboard_read_route", default=None)


def on_primary(model: type[Model]) -> bool:
    """Whether ``model`` is always read from the primary."""
    meta = model._meta
    return meta.app_label in PRIMARY_APPS or meta.label_lower in PRIMARY_MODELS


class ReplicaRouter:
    """Django's database router (``DATABASE_ROUTERS``) for the primary and its read replica."""

    def db_for_read(self, model: type[Model], **hints: Any) -> str:
        route = _route.get()
        if route is None or not route.replica or on_primary(model):
            return DEFAULT_DB_ALIAS
        if connections[DEFAULT_DB_ALIAS].in_atomic_block:
            # Reads in a transaction on the primary belong with it (select_for_update, a service's
            # checks); and having read there, the request does not go back to older data.
            route.replica = False
            return DEFAULT_DB_ALIAS
        return REPLICA

    def db_for_write(self, model: type[Model], **hints: Any) -> str:
        route = _route.get()
        if route is not None:
            route.replica = False
            route.wrote = True
        return DEFAULT_DB_ALIAS

    def allow_relation(self, obj1: Model, obj2: Model, **hints: Any) -> bool | None:
        aliases = {DEFAULT_DB_ALIAS, REPLICA}
        if obj1._state.db in aliases and obj2._state.db in aliases:
            return True  # one database, two ways in
        return None

    def allow_migrate(self, db: str, app_label: str, **hints: Any) -> bool:
        return db == DEFAULT_DB_ALIAS


def sticky_seconds() -> int:
    return int(getattr(settings, "DATABASE_REPLICA_STICKY_SECONDS", STICKY_SECONDS))


def _marked(request: HttpRequest) -> bool:
    """Whether this browser wrote within the sticky window (a signed, timestamped cookie)."""
    try:
        request.get_signed_cookie(MARKER, salt=_MARKER_SALT, max_age=sticky_seconds())
    except (KeyError, signing.BadSignature):  # absent, tampered with, or older than the window
        return False
    return True


class ReplicaMiddleware:
    """Decides where a request reads (before the session is read) and keeps a browser that has
    just written on the primary for a while. In ``MIDDLEWARE`` only when a replica is configured."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        route = _Route(replica=request.method in SAFE_METHODS and not _marked(request))
        token = _route.set(route)
        try:
            response = self.get_response(request)
        finally:
            _route.reset(token)
        if (
            request.method not in SAFE_METHODS
            or route.wrote
            or settings.SESSION_COOKIE_NAME in response.cookies
        ):
            response.set_signed_cookie(
                MARKER,
                "1",
                salt=_MARKER_SALT,
                max_age=sticky_seconds(),
                secure=settings.SESSION_COOKIE_SECURE,
                httponly=True,
                samesite="Lax",
            )
        return response
