"""A record addressed under a parent it does not belong to is not found.

Routes that take a record's id under a parent (a hub's site, session, partner, worker, visit,
referral or assessment) declare in tests/trust/routes.py, as ``elsewhere``, the parameters that name
a record of another hub of the same partnership under the world's hub. Whoever could change that
record through its own hub's address (the coordinator, or the hub worker who works at both hubs) is
answered 404 for GET and POST, exactly as for a record that does not exist, and nothing changes;
everyone else is refused as the matrix requires. The coverage test makes every such route declare it.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from django.apps import apps
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from tests.trust.reporting import record
from tests.trust.routes import ROUTES, Route
from tests.trust.world import ACTORS, ANONYMOUS, COORDINATOR, HUB_WORKER, TrustWorld

# Parameters that name the parent a record is looked up in, besides the partnership itself.
PARENTS = frozenset({"hub"})
REFUSED = {401, 403, 404, 405}
SIGN_IN = "/accounts/login/"


def _patterns(patterns: list[URLPattern | URLResolver], prefix: str = "") -> Iterator[tuple[str, str]]:
    for pattern in patterns:
        if isinstance(pattern, URLResolver):
            yield from _patterns(pattern.url_patterns, prefix + str(pattern.pattern))
        elif pattern.name:
            yield pattern.name, prefix + str(pattern.pattern)


def _record_under_parent(route: str) -> bool:
    return "<int:" in route and any(f":{parent}>" in route for parent in PARENTS)


def test_every_route_taking_a_record_under_a_parent_declares_elsewhere() -> None:
    missing = sorted(
        name
        for name, route in _patterns(get_resolver().url_patterns)
        if _record_under_parent(route) and (name not in ROUTES or ROUTES[name].elsewhere is None)
    )
    assert not missing, (
        f"routes that take a record's id under a parent but declare no 'elsewhere': {', '.join(missing)}. "
        "Say in tests/trust/routes.py how to name another parent's record under this one."
    )


def _snapshot() -> dict[str, list[dict[str, Any]]]:
    return {
        model._meta.label: list(model._base_manager.order_by("pk").values())
        for app in ("hub", "directory")
        for model in apps.get_app_config(app).get_models()
    }


def _owner(declared: Route) -> str:
    """Who may change the record through its own hub's address."""
    return COORDINATOR if COORDINATOR in declared.get | declared.post else HUB_WORKER


def _client(world: TrustWorld, actor: str) -> Client:
    client = Client(raise_request_exception=False)
    if actor != ANONYMOUS:
        client.force_login(world.users[actor])
    return client


def _cases() -> list[object]:
    return [pytest.param(name, id=name) for name in sorted(ROUTES) if ROUTES[name].elsewhere is not None]


@pytest.mark.django_db
@pytest.mark.parametrize("name", _cases())
def test_a_record_under_another_parent_is_not_found(name: str, world: TrustWorld) -> None:
    declared = ROUTES[name]
    assert declared.elsewhere is not None
    url = reverse(name, kwargs=declared.elsewhere(world))
    owner = _owner(declared)
    before = _snapshot()
    problems: list[str] = []
    requests = 0
    for actor in (*ACTORS, HUB_WORKER):
        client = _client(world, actor)
        for method in ("GET", "POST"):
            response = client.get(url) if method == "GET" else client.post(url, data={"version": "1"})
            requests += 1
            status, where = response.status_code, response.get("Location", "")
            if actor == owner:
                # a page that only takes a POST may say so to a GET; the POST must not find the record
                expected = {404, 405} if method == "GET" else {404}
                if status not in expected:
                    problems.append(f"{method} as {actor}: {status}, not 404")
            elif status not in REFUSED and not (actor == ANONYMOUS and where.startswith(SIGN_IN)):
                problems.append(f"{method} as {actor}: {status} {where}".strip())
    record("mismatched-parents", routes=1, requests=requests, unexpected=len(problems))
    assert not problems, f"{url}:\n  " + "\n  ".join(problems)
    assert _snapshot() == before, f"{url}: a record changed"
