"""Initiative pages: every view with a happy path, a denied user and bad input."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from django.test import Client

from tests.factories.strategy import InitiativeFactory, StrategyWorld
from tests.integration.strategy.conftest import error_summary
from wellboard.partners.models import Organisation, Partnership, User
from wellboard.strategy.models import Initiative

pytestmark = pytest.mark.django_db

ClientFor = Callable[[User], Client]
BASE = "/p/test-town/initiatives/"


@pytest.fixture
def so_active(
    partnership: Partnership, council: Organisation, charity: Organisation, world: StrategyWorld
) -> Initiative:
    initiative = InitiativeFactory(
        partnership=partnership,
        slug="so-active",
        name="So Active",
        lead_organisation=council,
        target_groups=["Older people"],
        places=["Fairlands Valley Park"],
    )
    initiative.partners.add(charity)
    initiative.nodes.add(world.priority)
    return initiative


def _form(initiative: Initiative, **changes: object) -> dict[str, object]:
    data: dict[str, object] = {
        "name": initiative.name,
        "kind": initiative.kind,
        "description": initiative.description,
        "start_date": initiative.start_date.isoformat() if initiative.start_date else "",
        "end_date": initiative.end_date.isoformat() if initiative.end_date else "",
        "lead_organisation": initiative.lead_organisation_id or "",
        "partners": [p.pk for p in initiative.partners.all()],
        "target_groups": "\n".join(initiative.target_groups),
        "places": "\n".join(initiative.places),
        "funding": initiative.funding,
        "nodes": [n.pk for n in initiative.nodes.all()],
        "version": initiative.version,
    }
    data.update(changes)
    return data


def test_initiative_list_and_detail(
    client_for: ClientFor, so_active: Initiative, viewer: User, outsider: User
) -> None:
    client = client_for(viewer)
    listing = client.get(BASE)
    assert listing.status_code == 200
    assert "So Active" in listing.content.decode()
    assert "So Active" not in client.get(BASE + "?kind=event").content.decode()
    detail = client.get(BASE + "so-active/")
    assert detail.status_code == 200
    html = detail.content.decode()
    assert "Fairlands Valley Park" in html
    assert "Test Charity" in html
    assert "1.1 Support good mental health" in html
    assert "/edit/" not in html
    assert client_for(outsider).get(BASE).status_code == 404
    assert client_for(outsider).get(BASE + "so-active/").status_code == 404
    assert client.get(BASE + "nothing/").status_code == 404


def test_coordinator_adds_initiative(
    client_for: ClientFor, world: StrategyWorld, coordinator: User, council: Organisation
) -> None:
    client = client_for(coordinator)
    assert client.get(BASE + "new/").status_code == 200
    response = client.post(
        BASE + "new/",
        {
            "name": "Pop-up Play",
            "kind": "event",
            "start_date": "2020-08-03",
            "end_date": "2020-09-04",
            "lead_organisation": council.pk,
            "target_groups": "Families\nChildren",
            "places": "Hampson Park\nChells Park",
            "nodes": [world.priority.pk],
        },
    )
    assert response.status_code == 302
    created = Initiative.objects.get(slug="pop-up-play")
    assert created.places == ["Hampson Park", "Chells Park"]
    assert list(created.nodes.all()) == [world.priority]


def test_add_initiative_bad_input(client_for: ClientFor, partnership: Partnership, coordinator: User) -> None:
    response = client_for(coordinator).post(
        BASE + "new/",
        {
            "name": "Typed name",
            "kind": "",
            "start_date": "2021-01-01",
            "end_date": "2020-01-01",
            "places": "Here",
        },
    )
    assert response.status_code == 400
    html = response.content.decode()
    assert error_summary(html)
    assert "Choose what kind of initiative it is" in html
    assert 'value="Typed name"' in html
    assert "Here" in html
    assert not Initiative.objects.exists()
    dates = client_for(coordinator).post(
        BASE + "new/",
        {"name": "Typed name", "kind": "event", "start_date": "2021-01-01", "end_date": "2020-01-01"},
    )
    assert dates.status_code == 400
    assert "The end date must be on or after the start date" in dates.content.decode()


def test_lead_contributor_edits_initiative(
    client_for: ClientFor, so_active: Initiative, council_contributor: User
) -> None:
    client = client_for(council_contributor)
    page = client.get(BASE + "so-active/edit/")
    assert page.status_code == 200
    assert 'name="lead_organisation"' not in page.content.decode()
    response = client.post(BASE + "so-active/edit/", _form(so_active, places="Fairlands Valley Park\nOnline"))
    assert response.status_code == 302
    so_active.refresh_from_db()
    assert so_active.places == ["Fairlands Valley Park", "Online"]
    conflict = client.post(BASE + "so-active/edit/", _form(so_active, funding="x", version=1))
    assert conflict.status_code == 409
    bad = client.post(BASE + "so-active/edit/", _form(so_active, name=""))
    assert bad.status_code == 400
    assert "Enter the initiative&#x27;s name" in bad.content.decode()


@pytest.mark.parametrize("who", ["charity_contributor", "viewer", "outsider"])
def test_others_cannot_edit_initiative(
    who: str, client_for: ClientFor, so_active: Initiative, request: pytest.FixtureRequest
) -> None:
    client = client_for(request.getfixturevalue(who))
    assert client.get(BASE + "so-active/edit/").status_code == 404
    assert client.post(BASE + "so-active/edit/", _form(so_active, funding="Mine")).status_code == 404
    assert client.post(BASE + "so-active/delete/").status_code == 404
    so_active.refresh_from_db()
    assert so_active.funding == ""


def test_only_coordinators_add_or_delete(
    client_for: ClientFor, so_active: Initiative, council_contributor: User, coordinator: User
) -> None:
    assert client_for(council_contributor).get(BASE + "new/").status_code == 403
    assert client_for(council_contributor).post(BASE + "so-active/delete/").status_code == 403
    assert client_for(coordinator).get(BASE + "so-active/delete/").status_code == 200
    assert client_for(coordinator).post(BASE + "so-active/delete/").status_code == 302
    assert not Initiative.objects.exists()


def test_initiative_history(
    client_for: ClientFor, so_active: Initiative, viewer: User, outsider: User
) -> None:
    assert client_for(viewer).get(BASE + "so-active/history/").status_code == 200
    assert client_for(outsider).get(BASE + "so-active/history/").status_code == 404
