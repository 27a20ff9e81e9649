"""The strategy page, the indicator list and the indicator page read again while their data has not
changed: the body comes from the shared page cache (fewer than 5 queries: the session, the person,
the data versions and the person's roles), the layout around it is the reader's own, and a body
is shared only between readers who must see the same thing."""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any

import pytest
from django.contrib.messages import SUCCESS
from django.contrib.messages.storage.base import Message
from django.contrib.messages.storage.cookie import CookieStorage
from django.test import Client, RequestFactory

from tests.factories import make_person
from tests.factories.indicator_pages import Scenario, build_scenario, warmed
from wellboard.core.access import Actor, Role
from wellboard.core.page_bodies import PARTS, PageBody, body_cached
from wellboard.indicators.services import ObservationInput, observations_save
from wellboard.partners.models import Partnership, RoleGrant, User
from wellboard.partners.services import role_revoke
from wellboard.strategy.services import strategy_update

pytestmark = pytest.mark.django_db


@pytest.fixture
def scenario(partnership: Partnership) -> Scenario:
    return build_scenario(partnership)


def paths(partnership: Partnership, scenario: Scenario) -> dict[str, str]:
    base = f"/p/{partnership.slug}"
    return {
        "strategy page": f"{base}/strategies/{scenario.strategy.slug}/",
        "indicator list": f"{base}/indicators/",
        "indicator page": f"{base}/indicators/smoking/",
        "indicator page, period chosen": f"{base}/indicators/smoking/?period=2020",
        "area profile": f"{base}/indicators/profile/E07000243/",
        "indicator map": f"{base}/indicators/smoking/map/",
    }


@pytest.mark.parametrize(
    "page",
    [
        "strategy page",
        "indicator list",
        "indicator page",
        "indicator page, period chosen",
        "area profile",
        "indicator map",
    ],
)
def test_a_page_read_again_costs_fewer_than_five_queries(
    client_for: Callable[[User], Client],
    partnership: Partnership,
    viewer: User,
    scenario: Scenario,
    django_assert_max_num_queries: Any,
    page: str,
) -> None:
    path = paths(partnership, scenario)[page]
    client = warmed(client_for(viewer), partnership)
    first = client.get(path)
    assert first.status_code == 200
    # The session, the person, the data versions, and the person's roles with the partnership.
    with django_assert_max_num_queries(4):
        again = client.get(path)
    assert again.status_code == 200
    assert _without_token(again.content) == _without_token(first.content)


def _without_token(html: bytes) -> bytes:
    """The page without the sign-out form's CSRF token (masked afresh for each answer)."""
    return re.sub(rb'name="csrfmiddlewaretoken" value="[^"]+"', b"", html)


def test_a_bad_choice_is_still_answered_400_from_the_cache(
    client_for: Callable[[User], Client], partnership: Partnership, viewer: User, scenario: Scenario
) -> None:
    client = warmed(client_for(viewer), partnership)
    path = f"/p/{partnership.slug}/indicators/smoking/?period=1066"
    first, again = client.get(path), client.get(path)
    assert first.status_code == again.status_code == 400
    assert "Error: " in again.content.decode()


def test_a_coordinators_edit_links_are_never_shown_to_a_board_member(
    client_for: Callable[[User], Client],
    partnership: Partnership,
    coordinator: User,
    board_member: User,
    scenario: Scenario,
) -> None:
    path = paths(partnership, scenario)["strategy page"]
    theirs = client_for(coordinator).get(path).content.decode()
    assert "Edit the strategy" in theirs
    mine = client_for(board_member).get(path).content.decode()
    assert "Edit the strategy" not in mine
    assert "Download as a spreadsheet" not in mine
    # And the other way round: the board member's body does not hide the links from the coordinator.
    assert "Edit the strategy" in client_for(coordinator).get(path).content.decode()


def test_an_analysts_import_link_is_never_shown_to_a_viewer(
    client_for: Callable[[User], Client],
    partnership: Partnership,
    analyst: User,
    viewer: User,
    scenario: Scenario,
) -> None:
    path = paths(partnership, scenario)["indicator list"]
    assert "Import a Fingertips file" in client_for(analyst).get(path).content.decode()
    assert "Import a Fingertips file" not in client_for(viewer).get(path).content.decode()


@pytest.mark.parametrize(
    "page", ["strategy page", "indicator list", "indicator page", "area profile", "indicator map"]
)
def test_the_header_is_the_readers_own(
    client_for: Callable[[User], Client],
    partnership: Partnership,
    viewer: User,
    scenario: Scenario,
    page: str,
) -> None:
    """Two readers with the same role share the body, never the header with the name and the
    sign-out form."""
    path = paths(partnership, scenario)[page]
    other = make_person(partnership, "another-viewer", Role.VIEWER)
    client_for(viewer).get(path)
    client = client_for(other)
    html = client.get(path).content.decode()
    assert f'<span class="wb-header__user">{other.get_full_name()}</span>' in html
    assert viewer.get_full_name() not in html
    # The sign-out form's token is this session's: signing out works.
    token = html.split('name="csrfmiddlewaretoken" value="')[1].split('"')[0]
    client.enforce_csrf_checks = True  # type: ignore[attr-defined]
    client.handler.enforce_csrf_checks = True  # type: ignore[attr-defined]
    assert client.post("/accounts/logout/", {"csrfmiddlewaretoken": token}).status_code == 302


def test_a_cached_page_is_not_found_for_someone_without_a_role_there(
    client_for: Callable[[User], Client],
    partnership: Partnership,
    other_partnership: Partnership,
    viewer: User,
    scenario: Scenario,
) -> None:
    outsider = make_person(other_partnership, "outsider", Role.COORDINATOR)
    for path in paths(partnership, scenario).values():
        assert client_for(viewer).get(path).status_code == 200
        assert client_for(outsider).get(path).status_code == 404, path


def test_a_revoked_role_is_never_hidden_by_the_cache(
    client_for: Callable[[User], Client],
    cli_actor: Actor,
    partnership: Partnership,
    viewer: User,
    scenario: Scenario,
) -> None:
    path = paths(partnership, scenario)["indicator page"]
    client = client_for(viewer)
    assert client.get(path).status_code == 200
    role_revoke(by=cli_actor, grant=RoleGrant.objects.get(user=viewer, role=Role.VIEWER))
    assert client.get(path).status_code == 404


def test_a_change_to_the_figures_shows_at_once(
    client_for: Callable[[User], Client],
    actor_of: Callable[[User], Actor],
    partnership: Partnership,
    analyst: User,
    viewer: User,
    scenario: Scenario,
) -> None:
    pages = paths(partnership, scenario)
    client = client_for(viewer)
    assert "Latest value 15.0% in 2022" in client.get(pages["indicator page"]).content.decode()
    assert "15.0%" in client.get(pages["indicator list"]).content.decode()
    observations_save(
        by=actor_of(analyst),
        indicator=scenario.smoking,
        rows=[ObservationInput(area_code="E07000243", period="2023", count=120, denominator=1000)],
        source="test",
    )
    assert "Latest value 12.0% in 2023" in client.get(pages["indicator page"]).content.decode()
    assert "12.0%" in client.get(pages["indicator list"]).content.decode()


def test_a_change_to_the_strategy_shows_at_once(
    client_for: Callable[[User], Client],
    actor_of: Callable[[User], Actor],
    partnership: Partnership,
    coordinator: User,
    viewer: User,
    scenario: Scenario,
) -> None:
    path = paths(partnership, scenario)["strategy page"]
    client = client_for(viewer)
    assert "A healthier town" not in client.get(path).content.decode()
    strategy = scenario.strategy
    strategy_update(
        by=actor_of(coordinator),
        strategy=strategy,
        expected_version=strategy.version,
        vision="A healthier town",
    )
    assert "A healthier town" in client.get(path).content.decode()


def test_a_message_waiting_is_shown_around_a_cached_body(
    client_for: Callable[[User], Client], partnership: Partnership, viewer: User, scenario: Scenario
) -> None:
    path = paths(partnership, scenario)["indicator page"]
    client = client_for(viewer)
    client.get(path)
    storage = CookieStorage(RequestFactory().get("/"))
    client.cookies[storage.cookie_name] = storage._encode([Message(SUCCESS, "Targets saved")])
    html = client.get(path).content.decode()
    assert "Targets saved" in html
    assert "Latest value 15.0% in 2022" in html


def test_a_body_with_a_forms_csrf_token_is_never_kept(partnership: Partnership, viewer: User) -> None:
    actor = Actor(partnership_id=partnership.pk, user=viewer, roles=frozenset({Role.VIEWER}))
    request = RequestFactory().get("/somewhere/")
    request.user = viewer
    built: list[str] = []

    def page(content: str) -> Callable[[], PageBody]:
        def build() -> PageBody:
            built.append(content)
            return PageBody(parts=dict.fromkeys(PARTS, "") | {"content": content})

        return build

    personal = page('<input type="hidden" name="csrfmiddlewaretoken" value="someone-elses">')
    for _ in range(2):
        body_cached(
            request, partnership=partnership, actor=actor, section="x", name="personal", build=personal
        )
    assert len(built) == 2, "built for each reader, never taken from the cache"

    built.clear()
    for _ in range(2):
        response = body_cached(
            request,
            partnership=partnership,
            actor=actor,
            section="x",
            name="plain",
            build=page("<p>Same</p>"),
        )
    assert len(built) == 1
    html = response.content.decode()
    assert "<p>Same</p>" in html
    assert f'<span class="wb-header__user">{viewer.get_full_name()}</span>' in html
    assert "<!--wb:" not in html, "every mark is filled in"


def test_a_name_that_looks_like_a_mark_is_shown_as_written(
    client_for: Callable[[User], Client], partnership: Partnership, viewer: User, scenario: Scenario
) -> None:
    scenario.smoking.name = "Smokers <!--wb:reader--> & <!--wb:csrf-->"
    scenario.smoking.save()
    client = client_for(viewer)
    path = paths(partnership, scenario)["indicator page"]
    for _ in range(2):
        html = client.get(path).content.decode()
        assert "Smokers &lt;!--wb:reader--&gt; &amp; &lt;!--wb:csrf--&gt;" in html
    viewer.first_name, viewer.last_name = "<b>Vi", "</b>"
    viewer.save()
    assert "&lt;b&gt;Vi &lt;/b&gt;" in client.get(path).content.decode()
