"""Hub pages: the list, adding a hub, one hub, assigning workers and adding sites."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from django.test import Client

from tests.factories.hub import make_hub
from wellboard.core.access import Role
from wellboard.hub.models import Hub, HubAssignment
from wellboard.partners.models import Organisation, Partnership, User

pytestmark = pytest.mark.django_db

ClientFor = Callable[[User], Client]
BASE = "/p/test-town/hubs/"


def test_the_list_for_a_coordinator_offers_adding(client_for: ClientFor, coordinator: User, hub: Hub) -> None:
    response = client_for(coordinator).get(BASE)
    assert response.status_code == 200
    body = response.content.decode()
    assert "Healthy Hub" in body
    assert "Add a hub" in body
    assert ">Hubs</a>" in body


def test_a_hub_worker_sees_only_their_hub(
    client_for: ClientFor, hub_worker: User, hub: Hub, partnership: Partnership
) -> None:
    other = make_hub(partnership, "pop-up", name="Pop-up at Barnwell", kind="pop-up")
    client = client_for(hub_worker)
    body = client.get(BASE).content.decode()
    assert "Healthy Hub" in body
    assert "Pop-up at Barnwell" not in body
    assert "Add a hub" not in body
    assert client.get(f"{BASE}{other.slug}/").status_code == 404
    assert client.get(f"{BASE}{hub.slug}/").status_code == 200


def test_people_without_a_hub_role_and_outsiders_get_not_found(
    client_for: ClientFor, viewer: User, outsider: User, hub: Hub
) -> None:
    for person in (viewer, outsider):
        assert client_for(person).get(BASE).status_code == 404
        assert client_for(person).get(f"{BASE}{hub.slug}/").status_code == 404
    assert "Hubs</a>" not in client_for(viewer).get("/p/test-town/").content.decode()


def test_adding_a_hub(client_for: ClientFor, coordinator: User, council: Organisation) -> None:
    client = client_for(coordinator)
    assert client.get(f"{BASE}new/").status_code == 200
    response = client.post(
        f"{BASE}new/",
        {
            "name": "Young People's Hub",
            "organisation": council.pk,
            "kind": "young-people",
            "age_from": "11",
            "age_to": "16",
        },
    )
    assert response.status_code == 302
    hub = Hub.objects.get(slug="young-peoples-hub")
    assert response["Location"] == f"{BASE}{hub.slug}/"
    assert (hub.kind, hub.age_from, hub.age_to) == ("young-people", 11, 16)


def test_adding_a_hub_with_bad_input_keeps_what_was_typed(
    client_for: ClientFor, coordinator: User, council: Organisation
) -> None:
    response = client_for(coordinator).post(
        f"{BASE}new/",
        {"name": "Kept", "organisation": council.pk, "kind": "main", "age_from": "30", "age_to": "20"},
    )
    assert response.status_code == 400
    body = response.content.decode()
    assert "The oldest age served must not be below the youngest" in body
    assert 'value="Kept"' in body
    assert not Hub.objects.exists()


def test_only_coordinators_add_hubs(client_for: ClientFor, analyst: User, council: Organisation) -> None:
    client = client_for(analyst)
    assert client.get(f"{BASE}new/").status_code == 403
    assert (
        client.post(f"{BASE}new/", {"name": "X", "organisation": council.pk, "kind": "main"}).status_code
        == 403
    )
    assert not Hub.objects.exists()


def test_assigning_a_worker_and_adding_a_site(
    client_for: ClientFor, coordinator: User, viewer: User, hub: Hub
) -> None:
    client = client_for(coordinator)
    body = client.get(f"{BASE}{hub.slug}/").content.decode()
    assert "Assign a hub worker" in body
    assert "Add a site" in body
    response = client.post(f"{BASE}{hub.slug}/workers/", {"user": viewer.pk})
    assert response.status_code == 302
    assert HubAssignment.objects.filter(
        hub=hub, role_grant__user=viewer, role_grant__role=Role.HUB_WORKER
    ).exists()
    response = client.post(f"{BASE}{hub.slug}/sites/", {"name": "Mariotts School", "lsoa": "E01023720"})
    assert response.status_code == 302
    assert hub.sites.get().name == "Mariotts School"
    bad = client.post(f"{BASE}{hub.slug}/sites/", {"name": "Other", "lsoa": "nonsense"})
    assert bad.status_code == 400
    assert "like E01023720, or leave it blank" in bad.content.decode()
    bad = client.post(f"{BASE}{hub.slug}/workers/", {"user": "999999"})
    assert bad.status_code == 400


def test_workers_and_analysts_cannot_assign_or_add_sites(
    client_for: ClientFor, hub_worker: User, analyst: User, viewer: User, hub: Hub
) -> None:
    for person in (hub_worker, analyst):
        client = client_for(person)
        assert client.post(f"{BASE}{hub.slug}/workers/", {"user": viewer.pk}).status_code == 403
        assert client.post(f"{BASE}{hub.slug}/sites/", {"name": "X"}).status_code == 403
    assert not hub.sites.exists()


def test_another_partnerships_hub_is_not_found(
    client_for: ClientFor, coordinator: User, other_partnership: Partnership
) -> None:
    elsewhere = make_hub(other_partnership, "elsewhere-hub")
    client = client_for(coordinator)
    assert client.get(f"{BASE}{elsewhere.slug}/").status_code == 404
    assert client.post(f"{BASE}{elsewhere.slug}/sites/", {"name": "X"}).status_code == 404


def test_a_hub_worker_finds_their_hub_from_the_partnership_home(
    client_for: ClientFor, hub_worker: User, hub: Hub
) -> None:
    client = client_for(hub_worker)
    home = client.get("/p/test-town/")
    assert home.status_code == 200
    assert 'href="/p/test-town/hubs/"' in home.content.decode()
    detail = client.get(f"{BASE}{hub.slug}/").content.decode()
    assert "Record a visit" in detail
    assert "Assign a hub worker" not in detail
