"""Entering a hub's monthly figures through its pages."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from django.test import Client

from tests.factories.hub import make_hub, make_hub_worker
from wellboard.hub.models import Hub, HubMonth
from wellboard.partners.models import Partnership, User

pytestmark = pytest.mark.django_db

ClientFor = Callable[[User], Client]
MONTHS = "/p/test-town/hubs/healthy-hub/months/"
OCTOBER = MONTHS + "2026-10/"
FORM = {
    "room_bookings": "42",
    "room_hire_income": "1,250.50",
    "memberships": "31",
    "membership_income": "775",
    "other_income": "0",
    "running_cost": "2100",
    "version": "0",
}


def test_a_hub_worker_enters_and_corrects_a_month(client_for: ClientFor, hub_worker: User, hub: Hub) -> None:
    client = client_for(hub_worker)
    assert client.get(MONTHS).status_code == 200
    opened = client.get(MONTHS + "?month=2026-10")
    assert opened.status_code == 302
    assert opened["Location"] == OCTOBER
    assert client.get(OCTOBER).status_code == 200
    saved = client.post(OCTOBER, FORM)
    assert saved.status_code == 302
    month = HubMonth.objects.get()
    assert str(month.room_hire_income) == "1250.50"
    body = client.get(OCTOBER).content.decode()
    assert 'value="1250.50"' in body
    assert client.post(OCTOBER, {**FORM, "running_cost": "2200", "version": "1"}).status_code == 302
    month.refresh_from_db()
    assert month.version == 2
    assert "October 2026" in client.get(MONTHS).content.decode()


def test_a_coordinator_may_enter_them_too(client_for: ClientFor, coordinator: User, hub: Hub) -> None:
    assert client_for(coordinator).post(OCTOBER, FORM).status_code == 302
    assert HubMonth.objects.count() == 1


def test_others_may_not(
    client_for: ClientFor, partnership: Partnership, analyst: User, charity_contributor: User, hub: Hub
) -> None:
    assert client_for(analyst).post(OCTOBER, FORM).status_code == 403
    assert client_for(charity_contributor).post(OCTOBER, FORM).status_code == 404
    elsewhere = make_hub_worker(partnership, "pop-up-worker", make_hub(partnership, "pop-up", kind="pop-up"))
    assert client_for(elsewhere).get(OCTOBER).status_code == 404
    assert client_for(elsewhere).post(OCTOBER, FORM).status_code == 404
    assert not HubMonth.objects.exists()


def test_bad_input_says_why_and_saves_nothing(client_for: ClientFor, hub_worker: User, hub: Hub) -> None:
    client = client_for(hub_worker)
    response = client.post(OCTOBER, {**FORM, "running_cost": "-3", "memberships": "2.5"})
    assert response.status_code == 400
    body = response.content.decode()
    assert "Running cost must not be negative" in body
    assert "Memberships sold must be a whole number" in body
    future = client.post(MONTHS + "2999-01/", FORM)
    assert future.status_code == 400
    assert "once the month has begun" in future.content.decode()
    assert client.get(MONTHS + "not-a-month/").status_code == 404
    bad = client.get(MONTHS + "?month=Octember")
    assert bad.status_code == 400
    assert "is not a month" in bad.content.decode()
    assert not HubMonth.objects.exists()


def test_a_stale_save_shows_the_conflict(client_for: ClientFor, hub_worker: User, hub: Hub) -> None:
    client = client_for(hub_worker)
    client.post(OCTOBER, FORM)
    client.post(OCTOBER, {**FORM, "room_bookings": "50", "version": "1"})
    stale = client.post(OCTOBER, {**FORM, "room_bookings": "60", "version": "1"})
    assert stale.status_code == 409
    assert HubMonth.objects.get().room_bookings == 50
