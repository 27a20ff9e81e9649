"""The partnership's pages offer changing its settings, organisations and people, and seeing
everyone's API tokens, only to those the partners policy allows; the forms refuse everyone else with
the policy's message, and the people page does not exist for them."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from django.test import Client

from wellboard.partners.models import Organisation, User

pytestmark = pytest.mark.django_db

ClientFor = Callable[[User], Client]
HOME = "/p/test-town/"


def changes(council: Organisation) -> dict[str, list[str]]:
    return {
        HOME: [f'href="{HOME}people/"', f'href="{HOME}settings/"'],
        HOME + "organisations/": ["Add a member organisation"],
        f"{HOME}organisations/{council.slug}/": [f'href="{HOME}organisations/{council.slug}/edit/"'],
        HOME + "api-tokens/": ["Tokens in this partnership"],
    }


def test_a_coordinator_is_offered_each_change(
    client_for: ClientFor, coordinator: User, council: Organisation
) -> None:
    client = client_for(coordinator)
    for path, links in changes(council).items():
        html = client.get(path).content.decode()
        for link in links:
            assert link in html, (path, link)


@pytest.mark.parametrize("who", ["viewer", "council_contributor", "approver"])
def test_others_are_offered_none_and_are_refused_with_the_rules_message(
    client_for: ClientFor, council: Organisation, who: str, request: pytest.FixtureRequest
) -> None:
    client = client_for(request.getfixturevalue(who))
    for path, links in changes(council).items():
        html = client.get(path).content.decode()
        for link in links:
            assert link not in html, (who, path, link)
    assert "Your tokens" in client.get(HOME + "api-tokens/").content.decode()
    refusals = {
        HOME + "settings/": "Only a coordinator can change the partnership&#x27;s settings",
        HOME + "settings/history/": "Only a coordinator can see the settings&#x27; history",
        HOME + "organisations/new/": "Only a coordinator can add member organisations",
        f"{HOME}organisations/{council.slug}/edit/": "Only a coordinator can change member organisations",
    }
    for path, message in refusals.items():
        response = client.get(path)
        assert response.status_code == 403, path
        assert message in response.content.decode(), path
    assert client.get(HOME + "people/").status_code == 404
