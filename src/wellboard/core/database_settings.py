"""The databases, read from the environment: ``DATABASE_URL`` (the primary, a SQLite file by default)
and, optionally, ``DATABASE_REPLICA_URL``, a PostgreSQL streaming replica of it that serves the
reads of read-only page views (see ``wellboard.core.replica`` and docs/adr/0019).

A pure function of an environment mapping, so the settings module stays a list of choices and the
choices can be tested without starting Django again.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

import dj_database_url
from django.core.exceptions import ImproperlyConfigured

REPLICA = "replica"  # the alias of the read replica in DATABASES
ROUTER = "wellboard.core.replica.ReplicaRouter"
MIDDLEWARE = "wellboard.core.replica.ReplicaMiddleware"
STICKY_SECONDS = 10  # how long a browser reads from the primary after it wrote (the default)
SQLITE = "django.db.backends.sqlite3"
# Each thread keeps its connections open this many seconds across requests, to both databases.
CONN_MAX_AGE = 60


@dataclass(frozen=True)
class DatabaseSettings:
    databases: dict[str, dict[str, Any]]
    routers: list[str] = field(default_factory=list)
    sticky_seconds: int = STICKY_SECONDS

    @property
    def has_replica(self) -> bool:
        return REPLICA in self.databases


def database_settings(environ: Mapping[str, str], *, sqlite_default: str) -> DatabaseSettings:
    """``DATABASES`` and ``DATABASE_ROUTERS`` for this environment.

    Without ``DATABASE_REPLICA_URL`` there is one database and no router. With it, the replica is a
    second alias that tests run against the primary (``TEST: MIRROR``: no second test database) and
    that migrations never touch; a replica of a SQLite file is refused, since SQLite has none.
    """
    url = environ.get("DATABASE_URL", "") or sqlite_default
    default = dj_database_url.parse(url, conn_max_age=CONN_MAX_AGE)
    if default["ENGINE"] == SQLITE:
        # WAL lets the demo server read while a command writes; IMMEDIATE avoids lock upgrades failing.
        default["OPTIONS"] = {
            "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; PRAGMA foreign_keys=ON;",
            "transaction_mode": "IMMEDIATE",
            "timeout": 20,
        }
        default["CONN_MAX_AGE"] = 0
        default["TEST"] = {"NAME": ":memory:"}
    databases: dict[str, dict[str, Any]] = {"default": dict(default)}

    replica_url = environ.get("DATABASE_REPLICA_URL", "").strip()
    if not replica_url:
        return DatabaseSettings(databases=databases)
    if default["ENGINE"] == SQLITE:
        raise ImproperlyConfigured(
            "DATABASE_REPLICA_URL is set but DATABASE_URL is SQLite: a read replica needs a PostgreSQL "
            "primary in DATABASE_URL (unset DATABASE_REPLICA_URL to run on SQLite)"
        )
    replica = dj_database_url.parse(replica_url, conn_max_age=CONN_MAX_AGE)
    if replica["ENGINE"] != default["ENGINE"]:
        raise ImproperlyConfigured(
            "DATABASE_REPLICA_URL must name the same kind of database as DATABASE_URL "
            f"(a streaming replica of it), not {replica['ENGINE'].rsplit('.', 1)[-1]}"
        )
    replica["TEST"] = {"MIRROR": "default"}
    databases[REPLICA] = dict(replica)
    return DatabaseSettings(databases=databases, routers=[ROUTER], sticky_seconds=_sticky_seconds(environ))


def _sticky_seconds(environ: Mapping[str, str]) -> int:
    raw = environ.get("DATABASE_REPLICA_STICKY_SECONDS", "").strip()
    if not raw:
        return STICKY_SECONDS
    try:
        seconds = int(raw)
    except ValueError:
        seconds = 0
    if seconds < 1:
        raise ImproperlyConfigured(
            f"DATABASE_REPLICA_STICKY_SECONDS must be a whole number of seconds above 0, not {raw!r}"
        )
    return seconds


def with_replica_middleware(middleware: list[str], config: DatabaseSettings) -> list[str]:
    """``middleware`` with the replica's in place when there is a replica: before the sessions',
    so the session, and everything after it, is read under the request's routing."""
    if not config.has_replica:
        return middleware
    session = middleware.index("django.contrib.sessions.middleware.SessionMiddleware")
    return [*middleware[:session], MIDDLEWARE, *middleware[session:]]
