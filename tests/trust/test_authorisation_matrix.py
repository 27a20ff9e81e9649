"""Every route Django serves, requested by every kind of actor with GET and POST.

The routes come from the URL resolver itself, so a new page or endpoint is covered the moment it
exists; tests/trust/routes.py says who may reach it. An actor who may not must be refused (sent to
sign in when signed out, or 401/403/404/405), never served and never sent elsewhere; an actor who
may must not be refused on GET; no request may fail with a server error. A route that refuses POST
to everyone only reads: whoever may read it gets 405 Method Not Allowed for POST (and on the web
pages for PUT, PATCH and DELETE too), so a read-only page never answers a write as if it were a read.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass

import pytest
from django.http import HttpResponse
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from tests.trust.reporting import record
from tests.trust.routes import MEMBERS, ROUTES
from tests.trust.world import ACTORS, ANONYMOUS, COORDINATOR, TrustWorld

API_NAMESPACE = "api-v1"
SIGN_IN = "/accounts/login/"
REFUSED = {401, 403, 404, 405}
BODY_REFUSED = {400, 422}


def _walk(patterns: list[URLPattern | URLResolver], namespace: str | None = None) -> Iterator[str]:
    for pattern in patterns:
        if isinstance(pattern, URLResolver):
            yield from _walk(pattern.url_patterns, pattern.namespace or namespace)
        elif pattern.name is not None:
            yield f"{namespace}:{pattern.name}" if namespace else pattern.name


def resolver_routes() -> list[str]:
    """Every named route, the API's included (each operation of django-ninja has its own name)."""
    return sorted(set(_walk(get_resolver().url_patterns)))


def test_every_route_is_declared() -> None:
    missing = [name for name in resolver_routes() if name not in ROUTES]
    assert not missing, (
        f"routes with no access declaration: {', '.join(missing)}. "
        "Declare who may GET and POST each in tests/trust/routes.py."
    )


def test_every_declaration_is_a_route() -> None:
    stale = sorted(set(ROUTES) - set(resolver_routes()))
    assert not stale, f"tests/trust/routes.py declares routes that no longer exist: {', '.join(stale)}"


def test_unnamed_routes_do_not_escape_the_matrix() -> None:
    def unnamed(patterns: list[URLPattern | URLResolver]) -> Iterator[str]:
        for pattern in patterns:
            if isinstance(pattern, URLResolver):
                yield from unnamed(pattern.url_patterns)
            elif pattern.name is None:
                yield str(pattern.pattern)

    assert list(unnamed(get_resolver().url_patterns)) == [], "give every route a name so it can be declared"


@dataclass(frozen=True)
class Outcome:
    method: str
    actor: str
    status: int
    location: str

    def __str__(self) -> str:
        where = f" -> {self.location}" if self.location else ""
        return f"{self.method} as {self.actor}: {self.status}{where}"


def _order(allowed: frozenset[str]) -> list[str]:
    """Refused actors first, then those allowed, the coordinator last: a coordinator's POST to a
    delete route succeeds, and nobody after it could find the object."""
    refused = [a for a in ACTORS if a not in allowed]
    permitted = [a for a in ACTORS if a in allowed and a != COORDINATOR]
    return refused + permitted + ([COORDINATOR] if COORDINATOR in allowed else [])


def _request(world: TrustWorld, method: str, actor: str, url: str, api: bool) -> HttpResponse:
    if api:
        client = world.client(ANONYMOUS)
        headers = {} if actor == ANONYMOUS else {"Authorization": f"Bearer {world.tokens[actor]}"}
        if method == "GET":
            return client.get(url, headers=headers)
        return client.post(url, data="{}", content_type="application/json", headers=headers)
    client = world.client(actor)
    if method == "GET":
        return client.get(url)
    if method == "POST":
        return client.post(url, data={})
    return client.generic(method, url)


# Methods a read-only web page must refuse besides POST (the API's paths carry several operations).
OTHER_WRITES = ("PUT", "PATCH", "DELETE")


def _read_only_answer(outcome: Outcome) -> str | None:
    """A route that refuses POST to everyone only reads: its readers must be told 405."""
    if outcome.status == 405:
        return None
    return f"{outcome}: a read-only route must answer 405 Method Not Allowed to whoever may read it"


def _unexpected(outcome: Outcome, allowed: bool, api: bool) -> str | None:
    if outcome.status >= 500:
        return f"{outcome}: a server error"
    if allowed:
        if outcome.method == "GET" and outcome.status in {403, 404}:
            return f"{outcome}: refused to an actor who may"
        return None
    if outcome.status in REFUSED:
        return None
    body_checked_first = (outcome.actor != ANONYMOUS) if api else (outcome.actor in MEMBERS)
    if outcome.method == "POST" and body_checked_first and outcome.status in BODY_REFUSED:
        # An empty body is refused before the permission check: django-ninja reads the body before
        # the operation runs, whatever the path names, and an upload form checks its file first
        # (only members, for a return they can already see, get that far on the web).
        return None
    if (
        not api
        and outcome.actor == ANONYMOUS
        and outcome.status == 302
        and outcome.location.startswith(SIGN_IN)
    ):
        return None
    return f"{outcome}: served to an actor who may not"


def _cases() -> list[object]:
    cases: list[object] = []
    for name in sorted(ROUTES):
        finding = ROUTES[name].finding
        marks = [pytest.mark.xfail(strict=True, reason=finding)] if finding else []
        cases.append(pytest.param(name, marks=marks, id=name))
    return cases


@pytest.mark.django_db
@pytest.mark.parametrize("name", _cases())
def test_route_answers_each_actor_as_declared(name: str, world: TrustWorld) -> None:
    if name not in resolver_routes():
        pytest.skip("not a route any more (test_every_declaration_is_a_route names it)")
    declared = ROUTES[name]
    url = reverse(name, kwargs=declared.params(world) or None)
    api = name.startswith(f"{API_NAMESPACE}:")
    problems: list[str] = []
    requests = 0
    for method, allowed in (("GET", declared.get), ("POST", declared.post)):
        for actor in _order(allowed):
            response = _request(world, method, actor, url, api)
            requests += 1
            outcome = Outcome(method, actor, response.status_code, response.get("Location", ""))
            problem = _unexpected(outcome, actor in allowed, api)
            if problem is None and method == "POST" and not declared.post and actor in declared.get:
                problem = _read_only_answer(outcome)
            if problem is not None:
                problems.append(problem)
    if not declared.post and declared.get and not api:
        reader = next(a for a in reversed(ACTORS) if a in declared.get)
        for method in OTHER_WRITES:
            response = _request(world, method, reader, url, api)
            requests += 1
            outcome = Outcome(method, reader, response.status_code, response.get("Location", ""))
            problem = _read_only_answer(outcome)
            if problem is not None:
                problems.append(problem)
    record("authorisation-matrix", routes=1, requests=requests, unexpected=len(problems))
    assert not problems, f"{url}:\n  " + "\n  ".join(problems)
