"""The strategy pages offer a change only to those the strategy policy allows: the links a template
shows come from the same rules the views and services require."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from django.test import Client

from tests.factories.strategy import InitiativeFactory, StrategyWorld
from wellboard.partners.models import Organisation, Partnership, User

pytestmark = pytest.mark.django_db

ClientFor = Callable[[User], Client]
BASE = "/p/test-town/"


def _pages(world: StrategyWorld) -> dict[str, list[str]]:
    """Each page and the change links on it that only a coordinator is offered."""
    return {
        "strategies/": ["Create a strategy", "Import a strategy workbook"],
        "strategies/community/": ["Edit the strategy", "Add a theme", "Download as a spreadsheet"],
        "strategies/community/nodes/1.1/": ["Add an action", "/strategies/community/nodes/1.1/delete/"],
        f"actions/{world.council_action.pk}/": [f"/actions/{world.council_action.pk}/delete/"],
        "initiatives/": ["Add an initiative"],
        "initiatives/so-active/": ["/initiatives/so-active/delete/"],
    }


@pytest.fixture
def so_active(partnership: Partnership, council: Organisation) -> None:
    InitiativeFactory(partnership=partnership, slug="so-active", name="So Active", lead_organisation=council)


@pytest.mark.usefixtures("so_active")
def test_a_coordinator_is_offered_every_change(
    client_for: ClientFor, coordinator: User, world: StrategyWorld
) -> None:
    client = client_for(coordinator)
    for path, links in _pages(world).items():
        html = client.get(BASE + path).content.decode()
        for link in links:
            assert link in html, (path, link)


@pytest.mark.usefixtures("so_active")
@pytest.mark.parametrize("who", ["viewer", "council_contributor"])
def test_others_are_offered_none_of_the_coordinators_changes(
    client_for: ClientFor, world: StrategyWorld, who: str, request: pytest.FixtureRequest
) -> None:
    client = client_for(request.getfixturevalue(who))
    for path, links in _pages(world).items():
        response = client.get(BASE + path)
        assert response.status_code == 200, path
        html = response.content.decode()
        for link in links:
            assert link not in html, (who, path, link)


def test_a_lead_organisations_contributor_is_told_what_they_may_change(
    client_for: ClientFor, council_contributor: User, coordinator: User, world: StrategyWorld
) -> None:
    path = f"{BASE}actions/{world.council_action.pk}/edit/"
    note = "As a contributor for Test Council you can change"
    assert note in client_for(council_contributor).get(path).content.decode()
    assert note not in client_for(coordinator).get(path).content.decode()
