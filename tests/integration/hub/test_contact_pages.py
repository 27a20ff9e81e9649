"""Recording and correcting visits: hub workers only, their own hub only, bad input kept."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

import pytest
from django.test import Client

from tests.factories.hub import make_hub, make_hub_worker
from wellboard.core import clock
from wellboard.core.models import AuditEvent
from wellboard.hub.models import Contact, Hub
from wellboard.partners.models import Partnership, User

pytestmark = pytest.mark.django_db

ClientFor = Callable[[User], Client]
BASE = "/p/test-town/hubs/healthy-hub/contacts/"


def _visit(**changes: object) -> dict[str, object]:
    data: dict[str, object] = {
        "date": (clock.today() - dt.timedelta(days=1)).isoformat(),
        "client_id": "HH-0001",
        "sex": "female",
        "age_band": "45-54",
        "lsoa": "",
        "route": "walk-in",
        "needs": ["mental-health"],
        "exercise_reason": "",
    }
    data.update(changes)
    return data


def test_a_hub_worker_records_a_visit(client_for: ClientFor, hub_worker: User, hub: Hub) -> None:
    client = client_for(hub_worker)
    page = client.get(BASE)
    assert page.status_code == 200
    assert "Record a visit" in page.content.decode()
    response = client.post(BASE, _visit())
    assert response.status_code == 302
    contact = Contact.objects.get()
    assert contact.needs == ["mental-health"]
    assert contact.recorded_by == hub_worker
    listing = client.get(BASE).content.decode()
    assert contact.client_key[:8] in listing
    assert "HH-0001" not in listing
    assert "Mental health" in listing  # the need as people read it, never its code
    assert "mental-health" not in listing.split("Recent visits", 1)[-1]
    assert "LSOA code (optional) (optional)" not in listing
    assert AuditEvent.objects.filter(action="contact.read", object_id=str(hub.pk)).exists()


def test_with_htmx_the_form_comes_back_ready_for_the_next_visit(
    client_for: ClientFor, hub_worker: User, hub: Hub
) -> None:
    day = (clock.today() - dt.timedelta(days=2)).isoformat()
    response = client_for(hub_worker).post(BASE, _visit(date=day), HTTP_HX_REQUEST="true")
    assert response.status_code == 200
    body = response.content.decode()
    assert body.startswith('<div id="recording">')
    assert "Visit recorded" in body
    assert f'value="{day}"' in body
    assert 'value="HH-0001"' not in body


def test_bad_input_is_shown_and_nothing_saved(client_for: ClientFor, hub_worker: User, hub: Hub) -> None:
    response = client_for(hub_worker).post(
        BASE, _visit(lsoa="SG1 1AA", route="exercise-referral", date="2999-01-01")
    )
    assert response.status_code == 400
    body = response.content.decode()
    assert "Enter the LSOA" in body
    assert "reason for the exercise referral" in body
    assert "future" in body
    assert not Contact.objects.exists()


def test_a_coordinator_and_an_analyst_see_figures_not_rows(
    client_for: ClientFor, hub_worker: User, coordinator: User, analyst: User, hub: Hub
) -> None:
    client_for(hub_worker).post(BASE, _visit())
    for person in (coordinator, analyst):
        client = client_for(person)
        assert client.get(BASE).status_code == 404
        assert client.post(BASE, _visit(client_id="X")).status_code == 404
        detail = client.get("/p/test-town/hubs/healthy-hub/").content.decode()
        assert "1 visit by 1 person" in detail
        assert "Record a visit" not in detail
    assert Contact.objects.count() == 1


def test_a_worker_of_another_hub_and_another_partnership_get_not_found(
    client_for: ClientFor, partnership: Partnership, other_partnership: Partnership, hub: Hub, outsider: User
) -> None:
    other = make_hub(partnership, "pop-up", kind="pop-up")
    stranger = make_hub_worker(partnership, "pop-up-worker", other)
    assert client_for(stranger).get(BASE).status_code == 404
    assert client_for(stranger).post(BASE, _visit()).status_code == 404
    assert client_for(outsider).get(BASE).status_code == 404
    elsewhere = make_hub(other_partnership, "healthy-hub")
    make_hub_worker(other_partnership, "far-worker", elsewhere)
    assert not Contact.objects.exists()


def test_correcting_a_visit(client_for: ClientFor, hub_worker: User, hub: Hub) -> None:
    client = client_for(hub_worker)
    client.post(BASE, _visit())
    contact = Contact.objects.get()
    url = f"{BASE}{contact.pk}/correct/"
    assert client.get(url).status_code == 200
    response = client.post(url, _visit(client_id="", sex="male", version=contact.version))
    assert response.status_code == 302
    contact.refresh_from_db()
    assert contact.sex == "male"
    assert contact.version == 2
    stale = client.post(url, _visit(client_id="", sex="other", version=1))
    assert stale.status_code == 409
    bad = client.post(url, _visit(client_id="", sex="nonsense", version=2))
    assert bad.status_code == 400


def test_a_visit_at_another_hub_cannot_be_corrected(
    client_for: ClientFor, hub_worker: User, partnership: Partnership, hub: Hub
) -> None:
    other = make_hub(partnership, "pop-up", kind="pop-up")
    worker = make_hub_worker(partnership, "pop-up-worker", other)
    client_for(worker).post("/p/test-town/hubs/pop-up/contacts/", _visit())
    contact = Contact.objects.get()
    assert client_for(hub_worker).get(f"{BASE}{contact.pk}/correct/").status_code == 404
    assert (
        client_for(hub_worker).get(f"/p/test-town/hubs/pop-up/contacts/{contact.pk}/correct/").status_code
        == 404
    )


def test_without_a_key_in_production_hub_pages_say_why(
    client_for: ClientFor, hub_worker: User, coordinator: User, hub: Hub, settings: pytest.FixtureRequest
) -> None:
    settings.WELLBOARD_PSEUDONYM_KEY = ""  # type: ignore[attr-defined]
    settings.WELLBOARD_PSEUDONYM_KEY_LOCAL = False  # type: ignore[attr-defined]
    for person, url in ((hub_worker, BASE), (coordinator, "/p/test-town/hubs/")):
        response = client_for(person).get(url)
        assert response.status_code == 503
        assert "WELLBOARD_PSEUDONYM_KEY is not set" in response.content.decode()


def test_a_correction_form_saved_unchanged_changes_nothing(
    client_for: ClientFor, hub_worker: User, hub: Hub
) -> None:
    client = client_for(hub_worker)
    client.post(BASE, _visit(needs=["loneliness", "mental-health", "money"]))
    contact = Contact.objects.get()
    assert contact.needs == ["mental-health", "money", "loneliness"]
    data = _visit(client_id="", needs=["mental-health", "money", "loneliness"], version=1)
    response = client.post(f"{BASE}{contact.pk}/correct/", data)
    assert response.status_code == 302
    contact.refresh_from_db()
    assert contact.version == 1
    assert not AuditEvent.objects.filter(action="contact.update").exists()
