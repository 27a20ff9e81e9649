"""The partnership home, member organisations and 'my actions'."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

import pytest
from django.test import Client

from tests.factories.strategy import (
    InitiativeFactory,
    MilestoneFactory,
    ProgressUpdateFactory,
    StrategyWorld,
    build_strategy_world,
)
from wellboard.partners.models import Partnership, User

pytestmark = pytest.mark.django_db

ClientFor = Callable[[User], Client]
FROZEN_NOW = dt.datetime(2026, 11, 23, 12, 0, tzinfo=dt.UTC)


@pytest.fixture(autouse=True)
def frozen_clock(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr("wellboard.core.clock.now", lambda: FROZEN_NOW)


@pytest.fixture
def world(partnership: Partnership) -> StrategyWorld:
    return build_strategy_world(partnership)


def test_home_summarises_live_strategies(client_for: ClientFor, world: StrategyWorld, viewer: User) -> None:
    MilestoneFactory(action=world.charity_action, title="Late", due_date=dt.date(2026, 1, 1))
    ProgressUpdateFactory(action=world.council_action, narrative="Parks booked")
    response = client_for(viewer).get("/p/test-town/")
    assert response.status_code == 200
    html = response.content.decode()
    assert "Community strategy" in html
    assert "2 actions: 1 amber, 1 green. 1 overdue milestone." in html
    assert "Latest progress updates" in html
    assert "Your organisation's actions" not in html  # viewers contribute for no one


def test_home_lists_a_contributors_actions(
    client_for: ClientFor, world: StrategyWorld, charity_contributor: User
) -> None:
    MilestoneFactory(action=world.charity_action, title="Late", due_date=dt.date(2026, 1, 1))
    html = client_for(charity_contributor).get("/p/test-town/").content.decode()
    assert "Your organisation's actions" in html
    assert "Befriending calls" in html
    assert "1 of your milestones is overdue." in html
    # The council's action is on the strategy, not in the charity's list.
    assert "Run pop-up play in parks" not in html


def test_home_denied(client_for: ClientFor, world: StrategyWorld, outsider: User) -> None:
    assert client_for(outsider).get("/p/test-town/").status_code == 404
    assert Client().get("/p/test-town/").status_code == 302


def test_organisation_list(client_for: ClientFor, world: StrategyWorld, viewer: User, outsider: User) -> None:
    response = client_for(viewer).get("/p/test-town/organisations/")
    assert response.status_code == 200
    html = response.content.decode()
    assert "Test Council" in html
    assert "Test Charity" in html
    assert "Local authority" in html
    assert client_for(outsider).get("/p/test-town/organisations/").status_code == 404


def test_organisation_page(
    client_for: ClientFor, world: StrategyWorld, board_member: User, outsider: User, partnership: Partnership
) -> None:
    council = world.council_action.lead_organisation
    InitiativeFactory(partnership=partnership, name="So Active", slug="so-active", lead_organisation=council)
    response = client_for(board_member).get("/p/test-town/organisations/test-council/")
    assert response.status_code == 200
    html = response.content.decode()
    assert "Run pop-up play in parks" in html  # led
    assert "Befriending calls" in html  # supported
    assert "So Active" in html
    assert "Actions led (1)" in html
    assert "Actions supported (1)" in html
    assert client_for(board_member).get("/p/test-town/organisations/nobody/").status_code == 404
    assert client_for(outsider).get("/p/test-town/organisations/test-council/").status_code == 404


def test_organisation_page_never_shows_another_partnership(
    client_for: ClientFor, world: StrategyWorld, other_partnership: Partnership, viewer: User
) -> None:
    other = build_strategy_world(other_partnership)
    other.council_action.title = "Elsewhere's secret action"
    other.council_action.save()
    html = client_for(viewer).get("/p/test-town/organisations/test-council/").content.decode()
    assert "Elsewhere&#x27;s secret action" not in html


def test_my_actions(client_for: ClientFor, world: StrategyWorld, council_contributor: User) -> None:
    MilestoneFactory(action=world.council_action, title="Order activity packs", due_date=dt.date(2026, 2, 1))
    response = client_for(council_contributor).get("/p/test-town/my-actions/")
    assert response.status_code == 200
    html = response.content.decode()
    assert "Run pop-up play in parks" in html
    assert "Befriending calls" not in html
    assert "Order activity packs" in html
    assert "Overdue: 1 February 2026" in html


def test_my_actions_for_someone_without_an_organisation(
    client_for: ClientFor, world: StrategyWorld, viewer: User, outsider: User
) -> None:
    response = client_for(viewer).get("/p/test-town/my-actions/")
    assert response.status_code == 200
    assert "You do not contribute for an organisation" in response.content.decode()
    assert client_for(outsider).get("/p/test-town/my-actions/").status_code == 404
