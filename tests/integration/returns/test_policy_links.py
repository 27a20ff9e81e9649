"""The returns pages offer setting up and changing collections only to those the returns policy
allows, and the pages themselves answer 404 to anyone else."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from django.test import Client

from wellboard.partners.models import User
from wellboard.returns.models import Collection

pytestmark = pytest.mark.django_db

ClientFor = Callable[[User], Client]
HOME = "/p/test-town/returns/"
COLLECTION = HOME + "befriending/"
CHANGES = {
    HOME: ["Set up a collection"],
    COLLECTION: [
        "Change collection",
        "Add a measure",
        'href="/p/test-town/returns/befriending/measures/calls/"',
    ],
}


def test_a_coordinator_is_offered_each_change(
    client_for: ClientFor, coordinator: User, collection: Collection
) -> None:
    client = client_for(coordinator)
    for path, links in CHANGES.items():
        html = client.get(path).content.decode()
        for link in links:
            assert link in html, (path, link)


@pytest.mark.parametrize("who", ["approver", "charity_contributor"])
def test_others_are_offered_none_and_the_forms_do_not_exist_for_them(
    client_for: ClientFor, collection: Collection, who: str, request: pytest.FixtureRequest
) -> None:
    client = client_for(request.getfixturevalue(who))
    for path, links in CHANGES.items():
        html = client.get(path).content.decode()
        for link in links:
            assert link not in html, (who, path, link)
    for form in (HOME + "new/", COLLECTION + "edit/", COLLECTION + "measures/new/"):
        assert client.get(form).status_code == 404, form
