"""Conditional GET on the indicator and strategy pages and the chart downloads: an ETag made from
every data version and the person asking, and 304 Not Modified when the browser holds that version."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from django.contrib.messages import INFO
from django.contrib.messages.storage.base import Message
from django.contrib.messages.storage.cookie import CookieStorage
from django.test import Client, RequestFactory

from tests.factories.indicator_pages import Scenario, build_scenario, warmed
from wellboard.core.access import Actor, Role
from wellboard.indicators.services import ObservationInput, observations_save
from wellboard.partners.models import Partnership, RoleGrant, User
from wellboard.partners.services import role_revoke

pytestmark = pytest.mark.django_db


@pytest.fixture
def scenario(partnership: Partnership) -> Scenario:
    return build_scenario(partnership)


def pages(partnership: Partnership, scenario: Scenario) -> list[str]:
    base = f"/p/{partnership.slug}"
    return [
        f"{base}/indicators/",
        f"{base}/indicators/smoking/",
        f"{base}/indicators/smoking/data/trend.csv",
        f"{base}/indicators/smoking/data/trend.json",
        f"{base}/strategies/{scenario.strategy.slug}/",
    ]


def again(client: Client, path: str, etag: str) -> Any:
    return client.get(path, headers={"If-None-Match": etag})


def test_each_page_answers_304_while_nothing_has_changed(
    client_for: Callable[[User], Client],
    partnership: Partnership,
    viewer: User,
    scenario: Scenario,
    django_assert_max_num_queries: Any,
) -> None:
    client = warmed(client_for(viewer), partnership)
    for path in pages(partnership, scenario):
        first = client.get(path)
        assert first.status_code == 200, path
        etag = first["ETag"]
        assert "private" in first["Cache-Control"]
        assert "no-cache" in first["Cache-Control"]
        # The session, the person and the data versions: nothing of the page itself is read.
        with django_assert_max_num_queries(4):
            second = again(client, path, etag)
        assert second.status_code == 304, path
        assert second["ETag"] == etag
        assert second.content == b""


def test_a_write_changes_the_etag_and_the_writer_sees_their_change(
    client_for: Callable[[User], Client],
    actor_of: Callable[[User], Actor],
    partnership: Partnership,
    analyst: User,
    scenario: Scenario,
) -> None:
    client = warmed(client_for(analyst), partnership)
    path = f"/p/{partnership.slug}/indicators/smoking/"
    download = f"/p/{partnership.slug}/indicators/smoking/data/trend.csv"
    first, csv_first = client.get(path), client.get(download)
    assert "Latest value 15.0% in 2022" in first.content.decode()
    observations_save(
        by=actor_of(analyst),
        indicator=scenario.smoking,
        rows=[ObservationInput(area_code="E07000243", period="2023", count=120, denominator=1000)],
        source="test",
    )
    after = again(client, path, first["ETag"])
    assert after.status_code == 200, "a 304 must never hide the person's own change"
    assert after["ETag"] != first["ETag"]
    assert "Latest value 12.0% in 2023" in after.content.decode()
    csv_after = again(client, download, csv_first["ETag"])
    assert csv_after.status_code == 200
    assert "2023" in csv_after.content.decode()


def test_the_etag_differs_per_person(
    client_for: Callable[[User], Client],
    partnership: Partnership,
    viewer: User,
    analyst: User,
    scenario: Scenario,
) -> None:
    path = f"/p/{partnership.slug}/indicators/smoking/"
    viewers = warmed(client_for(viewer), partnership).get(path)
    analysts = warmed(client_for(analyst), partnership)
    own = analysts.get(path)
    assert own["ETag"] != viewers["ETag"]
    assert again(analysts, path, viewers["ETag"]).status_code == 200, "another person's version"


def test_a_removed_role_is_never_hidden_by_304(
    client_for: Callable[[User], Client],
    cli_actor: Actor,
    partnership: Partnership,
    viewer: User,
    scenario: Scenario,
) -> None:
    client = warmed(client_for(viewer), partnership)
    path = f"/p/{partnership.slug}/indicators/smoking/"
    etag = client.get(path)["ETag"]
    role_revoke(by=cli_actor, grant=RoleGrant.objects.get(user=viewer, role=Role.VIEWER))
    assert again(client, path, etag).status_code == 404


def test_an_outsider_with_an_etag_is_still_refused(
    client_for: Callable[[User], Client],
    partnership: Partnership,
    viewer: User,
    outsider: User,
    scenario: Scenario,
) -> None:
    path = f"/p/{partnership.slug}/indicators/smoking/"
    etag = warmed(client_for(viewer), partnership).get(path)["ETag"]
    assert again(client_for(outsider), path, etag).status_code == 404
    assert again(Client(), path, etag).status_code == 302, "signed out: to the sign-in page"


def test_a_bad_choice_gets_no_etag(
    client_for: Callable[[User], Client], partnership: Partnership, viewer: User, scenario: Scenario
) -> None:
    response = client_for(viewer).get(f"/p/{partnership.slug}/indicators/smoking/", {"area": "nowhere"})
    assert response.status_code == 400
    assert not response.has_header("ETag")


def test_a_waiting_message_is_always_shown(
    client_for: Callable[[User], Client], partnership: Partnership, viewer: User, scenario: Scenario
) -> None:
    client = warmed(client_for(viewer), partnership)
    path = f"/p/{partnership.slug}/indicators/"
    etag = client.get(path)["ETag"]
    # As a redirect after a save leaves it: a message in the cookie, to be shown on the next page.
    storage = CookieStorage(RequestFactory().get(path))
    client.cookies[storage.cookie_name] = storage._encode([Message(INFO, "Something to say")])
    shown = again(client, path, etag)
    assert shown.status_code == 200, "a message waits: the page is sent in full"
    assert "Something to say" in shown.content.decode()


def test_no_etag_when_caching_is_off(
    client_for: Callable[[User], Client],
    partnership: Partnership,
    viewer: User,
    scenario: Scenario,
    no_cache: None,
) -> None:
    response = client_for(viewer).get(f"/p/{partnership.slug}/indicators/smoking/")
    assert response.status_code == 200
    assert not response.has_header("ETag")
