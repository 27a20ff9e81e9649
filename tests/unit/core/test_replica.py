"""Where reads go when a read replica is configured: the router's decisions and the middleware's."""

from __future__ import annotations

import time
from collections.abc import Callable

import pytest
from axes.models import AccessAttempt
from django.contrib.auth.models import Group
from django.contrib.sessions.models import Session
from django.core import signing
from django.db import transaction
from django.db.models import Model
from django.http import HttpRequest, HttpResponse
from django.test import RequestFactory
from django_otp.plugins.otp_totp.models import TOTPDevice
from django_tasks_db.models import DBTaskResult

from wellboard.core.database_settings import REPLICA
from wellboard.core.models import AuditEvent, DataVersion
from wellboard.core.replica import _MARKER_SALT, MARKER, ReplicaMiddleware, ReplicaRouter, on_primary
from wellboard.indicators.models import Indicator
from wellboard.partners.models import ApiToken, Partnership, RoleGrant, User

ROUTER = ReplicaRouter()
ORDINARY: list[type[Model]] = [DataVersion, Partnership, Indicator, AuditEvent]
ALWAYS_PRIMARY: list[type[Model]] = [
    Session,
    User,
    Group,
    RoleGrant,
    ApiToken,
    TOTPDevice,
    AccessAttempt,
    DBTaskResult,
]


@pytest.fixture(autouse=True)
def _sticky(settings: pytest.FixtureRequest) -> None:
    settings.DATABASE_REPLICA_STICKY_SECONDS = 10  # type: ignore[attr-defined]


def serve(
    request: HttpRequest, view: Callable[[HttpRequest], HttpResponse] | None = None
) -> tuple[HttpResponse, list[str]]:
    """Runs ``request`` through the middleware; the view notes where an ordinary read would go."""
    seen: list[str] = []

    def record(request: HttpRequest) -> HttpResponse:
        seen.append(ROUTER.db_for_read(Indicator))
        response = view(request) if view is not None else HttpResponse("ok")
        seen.append(ROUTER.db_for_read(Indicator))
        return response

    return ReplicaMiddleware(record)(request), seen


def marker_signed(seconds_ago: int) -> str:
    signer = signing.get_cookie_signer(salt=MARKER + _MARKER_SALT)
    stamp = signing.b62_encode(int(time.time()) - seconds_ago)
    signer.timestamp = lambda: stamp  # type: ignore[method-assign]
    return signer.sign("1")


# ---------------------------------------------------------------- the router


def test_outside_any_request_everything_uses_the_primary() -> None:
    for model in ORDINARY + ALWAYS_PRIMARY:
        assert ROUTER.db_for_read(model) == "default"
        assert ROUTER.db_for_write(model) == "default"


def test_a_read_only_request_reads_ordinary_models_from_the_replica() -> None:
    def view(request: HttpRequest) -> HttpResponse:
        assert [ROUTER.db_for_read(model) for model in ORDINARY] == [REPLICA] * len(ORDINARY)
        return HttpResponse()

    _, seen = serve(RequestFactory().get("/p/town/"), view)
    assert seen == [REPLICA, REPLICA]


def test_who_people_are_and_may_do_is_always_read_from_the_primary() -> None:
    def view(request: HttpRequest) -> HttpResponse:
        assert [ROUTER.db_for_read(model) for model in ALWAYS_PRIMARY] == ["default"] * len(ALWAYS_PRIMARY)
        return HttpResponse()

    serve(RequestFactory().get("/"), view)
    assert all(on_primary(model) for model in ALWAYS_PRIMARY)
    # The data versions are read where the data is, or a page could be keyed newer than its data.
    assert not any(on_primary(model) for model in ORDINARY)


def test_a_write_goes_to_the_primary_and_so_does_the_rest_of_the_request() -> None:
    def view(request: HttpRequest) -> HttpResponse:
        assert ROUTER.db_for_read(Indicator) == REPLICA
        assert ROUTER.db_for_write(AuditEvent) == "default"
        assert ROUTER.db_for_read(Indicator) == "default"
        return HttpResponse()

    response, seen = serve(RequestFactory().get("/p/town/hub/contacts/1/"), view)
    assert seen == [REPLICA, "default"]
    assert MARKER in response.cookies  # it wrote: its next pages read what it wrote


@pytest.mark.django_db
def test_inside_a_transaction_on_the_primary_reads_stay_there() -> None:
    # The test itself runs in a transaction on the primary, as a service's work does.
    _, seen = serve(RequestFactory().get("/"))
    assert seen == ["default", "default"]


@pytest.mark.django_db(transaction=True)
def test_a_request_that_entered_a_transaction_does_not_go_back_to_the_replica() -> None:
    def view(request: HttpRequest) -> HttpResponse:
        assert ROUTER.db_for_read(Indicator) == REPLICA
        with transaction.atomic():
            assert ROUTER.db_for_read(Indicator) == "default"
        return HttpResponse()

    _, seen = serve(RequestFactory().get("/"), view)
    assert seen == [REPLICA, "default"]


def test_relations_and_migrations() -> None:
    one, two = Partnership(), Partnership()
    one._state.db, two._state.db = "default", REPLICA
    assert ROUTER.allow_relation(one, two) is True
    two._state.db = "elsewhere"
    assert ROUTER.allow_relation(one, two) is None
    assert ROUTER.allow_migrate("default", "indicators") is True
    assert ROUTER.allow_migrate(REPLICA, "indicators") is False
    assert ROUTER.allow_migrate(REPLICA, "sessions") is False


# ---------------------------------------------------------------- the middleware


@pytest.mark.parametrize("method", ["get", "head", "options"])
def test_a_safe_request_without_the_marker_reads_the_replica_and_sets_nothing(method: str) -> None:
    response, seen = serve(getattr(RequestFactory(), method)("/p/town/indicators/"))
    assert seen == [REPLICA, REPLICA]
    assert MARKER not in response.cookies


@pytest.mark.parametrize("method", ["post", "put", "patch", "delete"])
def test_an_unsafe_request_reads_the_primary_and_sets_the_marker(method: str) -> None:
    response, seen = serve(getattr(RequestFactory(), method)("/p/town/organisations/new/"))
    assert seen == ["default", "default"]
    cookie = response.cookies[MARKER]
    assert cookie["max-age"] == 10
    assert cookie["httponly"]
    assert cookie["samesite"] == "Lax"


def test_the_window_follows_the_setting(settings: pytest.FixtureRequest) -> None:
    settings.DATABASE_REPLICA_STICKY_SECONDS = 45  # type: ignore[attr-defined]
    response, _ = serve(RequestFactory().post("/"))
    assert response.cookies[MARKER]["max-age"] == 45


def test_a_safe_request_with_the_marker_reads_the_primary() -> None:
    written, _ = serve(RequestFactory().post("/p/town/organisations/new/"))
    request = RequestFactory().get("/p/town/organisations/")
    request.COOKIES[MARKER] = written.cookies[MARKER].value
    response, seen = serve(request)
    assert seen == ["default", "default"]
    assert MARKER not in response.cookies  # the window runs from the write, not from each read


def test_a_marker_older_than_the_window_is_ignored() -> None:
    fresh = RequestFactory().get("/")
    fresh.COOKIES[MARKER] = marker_signed(seconds_ago=0)
    assert serve(fresh)[1] == ["default", "default"]
    stale = RequestFactory().get("/")
    stale.COOKIES[MARKER] = marker_signed(seconds_ago=600)
    assert serve(stale)[1] == [REPLICA, REPLICA]


def test_a_forged_marker_is_ignored() -> None:
    request = RequestFactory().get("/")
    request.COOKIES[MARKER] = "1"
    assert serve(request)[1] == [REPLICA, REPLICA]


def test_signing_in_or_out_sets_the_marker(settings: pytest.FixtureRequest) -> None:
    # A sign-in through single sign-on ends on a GET; the new session cookie marks it.
    def new_session(request: HttpRequest) -> HttpResponse:
        response = HttpResponse()
        response.set_cookie(settings.SESSION_COOKIE_NAME, "new-session-key")  # type: ignore[attr-defined]
        return response

    response, _ = serve(RequestFactory().get("/accounts/sso/callback/"), new_session)
    assert MARKER in response.cookies
