"""Pages served with a read replica: a second database alias on the test database, as
``DATABASE_REPLICA_URL`` configures one, with its own connection, so each query shows where it went.

The tests commit their data (``transaction=True``): the replica's connection, like a real replica,
sees only what has committed on the primary.
"""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from django.conf import settings as django_settings
from django.db import connections
from django.db.utils import load_backend
from django.test import Client
from django.test.utils import CaptureQueriesContext

from wellboard.core.database_settings import MIDDLEWARE, REPLICA, ROUTER
from wellboard.core.replica import MARKER
from wellboard.partners.models import Organisation, Partnership, User

# With DATABASE_REPLICA_URL set for the test run, the settings' own replica alias (a mirror of the
# test database) is used; otherwise the fixture adds one.
CONFIGURED = REPLICA in django_settings.DATABASES
pytestmark = pytest.mark.django_db(
    transaction=True, databases=["default", REPLICA] if CONFIGURED else ["default"]
)


@pytest.fixture
def replica(settings: pytest.FixtureRequest, transactional_db: None) -> Iterator[None]:
    """A replica alias mirroring the test database, the router and the middleware, as the settings
    make them when ``DATABASE_REPLICA_URL`` is set."""
    # Handed to Django's connections directly rather than through DATABASES, which the test run has
    # already read; a connection of its own to the same test database.
    if not CONFIGURED:
        params = {**connections["default"].settings_dict, "TEST": {"MIRROR": "default"}}
        connections[REPLICA] = load_backend(params["ENGINE"]).DatabaseWrapper(params, REPLICA)
    settings.DATABASE_ROUTERS = [ROUTER]  # type: ignore[attr-defined]
    stack = list(settings.MIDDLEWARE)  # type: ignore[attr-defined]
    stack.insert(stack.index("django.contrib.sessions.middleware.SessionMiddleware"), MIDDLEWARE)
    settings.MIDDLEWARE = stack  # type: ignore[attr-defined]
    settings.DATABASE_REPLICA_STICKY_SECONDS = 10  # type: ignore[attr-defined]
    try:
        yield
    finally:
        if not CONFIGURED:
            connections[REPLICA].close()
            del connections[REPLICA]


def tables(queries: CaptureQueriesContext) -> str:
    return " ".join(query["sql"] for query in queries.captured_queries)


def get(client: Client, url: str) -> tuple[str, CaptureQueriesContext, CaptureQueriesContext]:
    with (
        CaptureQueriesContext(connections["default"]) as primary,
        CaptureQueriesContext(connections[REPLICA]) as standby,
    ):
        response = client.get(url)
    assert response.status_code == 200, response.status_code
    return response.content.decode(), primary, standby


def test_pages_read_the_replica_until_the_person_writes(
    replica: None, partnership: Partnership, coordinator: User
) -> None:
    client = Client()
    client.force_login(coordinator)
    url = f"/p/{partnership.slug}/organisations/"

    body, primary, standby = get(client, url)
    assert "Test Council" in body
    assert MARKER not in client.cookies  # reading writes nothing: the next page reads the replica too
    # The page's data and its data versions came from the replica ...
    assert '"core_dataversion"' in tables(standby)
    assert '"partners_organisation"' in tables(standby)
    # ... the session, the person and their roles from the primary, and nothing else.
    assert '"django_session"' in tables(primary)
    assert '"core_dataversion"' not in tables(primary)
    assert '"partners_organisation"' not in tables(primary)

    with CaptureQueriesContext(connections[REPLICA]) as standby:
        saved = client.post(
            f"/p/{partnership.slug}/organisations/new/",
            {
                "name": "Stevenage Helps",
                "kind": "vcfs",
                "description": "Volunteers",
                "joined_on": "2020-04-01",
            },
        )
    assert saved.status_code == 302, saved.content.decode()
    assert standby.captured_queries == []
    assert MARKER in saved.cookies
    assert Organisation.objects.filter(partnership=partnership, name="Stevenage Helps").exists()

    # Within the window the same browser reads the primary: it sees its own change.
    body, primary, standby = get(client, url)
    assert "Stevenage Helps" in body
    assert standby.captured_queries == []
    assert '"partners_organisation"' in tables(primary)

    # Another browser (or this one once the window has passed) reads the replica again.
    client.cookies.pop(MARKER)
    body, primary, standby = get(client, url)
    assert "Stevenage Helps" in body
    assert '"partners_organisation"' in tables(standby)
    assert '"partners_organisation"' not in tables(primary)


def test_signing_in_reads_the_session_from_the_primary(
    replica: None, partnership: Partnership, coordinator: User
) -> None:
    coordinator.set_password("a long enough password 1")
    coordinator.save()
    client = Client()
    signed_in = client.post(
        "/accounts/login/", {"username": coordinator.email, "password": "a long enough password 1"}
    )
    assert signed_in.status_code == 302
    assert MARKER in signed_in.cookies
    client.cookies.pop(MARKER)  # even without the window, the new session is found
    body, primary, standby = get(client, f"/p/{partnership.slug}/organisations/")
    assert "Test Council" in body
    assert '"django_session"' in tables(primary)
    assert '"django_session"' not in tables(standby)
    assert '"partners_user"' not in tables(standby)
