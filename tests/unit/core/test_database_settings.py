"""DATABASES, DATABASE_ROUTERS and the replica's middleware, from the environment."""

from __future__ import annotations

import pytest
from django.core.exceptions import ImproperlyConfigured

from wellboard.core.database_settings import (
    MIDDLEWARE,
    REPLICA,
    ROUTER,
    STICKY_SECONDS,
    database_settings,
    with_replica_middleware,
)

SQLITE_DEFAULT = "sqlite:////srv/wellboard/var/wellboard.sqlite3"
PRIMARY = "postgres://wellboard:secret@db-primary:5432/wellboard"
STANDBY = "postgres://wellboard:secret@db-replica:5432/wellboard"
SESSIONS = "django.contrib.sessions.middleware.SessionMiddleware"
STACK = [
    "django.middleware.security.SecurityMiddleware",
    SESSIONS,
    "wellboard.core.cache.DataVersionMiddleware",
]


def test_without_a_replica_there_is_one_database_and_no_router() -> None:
    config = database_settings({"DATABASE_URL": PRIMARY}, sqlite_default=SQLITE_DEFAULT)
    assert list(config.databases) == ["default"]
    assert config.routers == []
    assert not config.has_replica
    assert with_replica_middleware(STACK, config) == STACK
    default = config.databases["default"]
    assert default["NAME"] == "wellboard"
    assert default["HOST"] == "db-primary"
    assert default["CONN_MAX_AGE"] == 60
    assert "TEST" not in default


def test_sqlite_by_default_with_its_options() -> None:
    for environ in ({}, {"DATABASE_URL": ""}, {"DATABASE_REPLICA_URL": ""}):
        config = database_settings(environ, sqlite_default=SQLITE_DEFAULT)
        assert list(config.databases) == ["default"]
        default = config.databases["default"]
        assert default["ENGINE"] == "django.db.backends.sqlite3"
        assert default["NAME"] == "/srv/wellboard/var/wellboard.sqlite3"
        assert default["CONN_MAX_AGE"] == 0
        assert default["OPTIONS"]["transaction_mode"] == "IMMEDIATE"
        assert default["TEST"] == {"NAME": ":memory:"}
        assert config.routers == []


def test_a_replica_adds_its_alias_the_router_and_the_middleware() -> None:
    config = database_settings(
        {"DATABASE_URL": PRIMARY, "DATABASE_REPLICA_URL": STANDBY}, sqlite_default=SQLITE_DEFAULT
    )
    assert list(config.databases) == ["default", REPLICA]
    replica = config.databases[REPLICA]
    assert replica["HOST"] == "db-replica"
    assert replica["CONN_MAX_AGE"] == config.databases["default"]["CONN_MAX_AGE"]
    # The test run uses the primary's test database through this alias: no second one to create.
    assert replica["TEST"] == {"MIRROR": "default"}
    assert config.routers == [ROUTER]
    assert config.sticky_seconds == STICKY_SECONDS == 10
    # Before the sessions, so the session is read under the request's routing.
    assert with_replica_middleware(STACK, config) == [STACK[0], MIDDLEWARE, SESSIONS, STACK[2]]


def test_the_sticky_window_comes_from_the_environment() -> None:
    environ = {"DATABASE_URL": PRIMARY, "DATABASE_REPLICA_URL": STANDBY}
    config = database_settings({**environ, "DATABASE_REPLICA_STICKY_SECONDS": "30"}, sqlite_default="")
    assert config.sticky_seconds == 30
    for bad in ("0", "-5", "ten", "1.5"):
        with pytest.raises(ImproperlyConfigured, match="DATABASE_REPLICA_STICKY_SECONDS must be"):
            database_settings({**environ, "DATABASE_REPLICA_STICKY_SECONDS": bad}, sqlite_default="")


def test_a_replica_of_sqlite_is_refused_clearly() -> None:
    with pytest.raises(ImproperlyConfigured, match="needs a PostgreSQL primary in DATABASE_URL"):
        database_settings({"DATABASE_REPLICA_URL": STANDBY}, sqlite_default=SQLITE_DEFAULT)
    with pytest.raises(ImproperlyConfigured, match="DATABASE_URL is SQLite"):
        database_settings(
            {"DATABASE_URL": "sqlite:///db.sqlite3", "DATABASE_REPLICA_URL": STANDBY},
            sqlite_default=SQLITE_DEFAULT,
        )


def test_a_replica_of_another_kind_is_refused() -> None:
    with pytest.raises(ImproperlyConfigured, match="same kind of database"):
        database_settings(
            {"DATABASE_URL": PRIMARY, "DATABASE_REPLICA_URL": "sqlite:///copy.sqlite3"},
            sqlite_default=SQLITE_DEFAULT,
        )
