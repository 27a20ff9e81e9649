"""Entering a hub's monthly figures through its pages."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable

import pytest
from django.test import Client

from tests.factories.hub import make_hub, make_hub_worker
from wellboard.core import clock
from wellboard.core.models import AuditEvent
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


def test_the_months_page_lists_the_last_twelve_months_each_a_link(
    client_for: ClientFor, coordinator: User, hub: Hub
) -> None:
    client = client_for(coordinator)
    client.post(OCTOBER, FORM)
    with clock.frozen_at(dt.datetime(2026, 11, 23, 10, tzinfo=clock.LONDON)):
        body = client.get(MONTHS).content.decode()
    for month in ("2026-11", "2026-10", "2025-12"):
        assert f'href="{MONTHS}{month}/"' in body
    assert f'href="{MONTHS}2025-11/"' not in body  # thirteen months back, and never entered
    assert body.count("Not entered yet") == 11
    assert body.index(f"{MONTHS}2026-11/") < body.index(f"{MONTHS}2026-10/")


def test_a_month_never_entered_saved_empty_saves_nothing(
    client_for: ClientFor, coordinator: User, hub: Hub
) -> None:
    client = client_for(coordinator)
    empty = dict.fromkeys(FORM, "") | {"version": "0"}
    saved = client.post(OCTOBER, empty)
    assert saved.status_code == 302
    assert saved["Location"] == MONTHS
    assert not HubMonth.objects.exists()
    assert not AuditEvent.objects.filter(action__startswith="hub_month").exists()
    # half a month is still refused, with what was typed kept
    half = client.post(OCTOBER, {**empty, "room_bookings": "4"})
    assert half.status_code == 400
    assert 'value="4"' in half.content.decode()
    assert not HubMonth.objects.exists()


def test_the_hub_page_links_its_dashboard_and_months(
    client_for: ClientFor, coordinator: User, analyst: User, hub: Hub
) -> None:
    body = client_for(coordinator).get("/p/test-town/hubs/healthy-hub/").content.decode()
    assert 'href="/p/test-town/hubs/healthy-hub/dashboard/"' in body
    assert f'href="{MONTHS}"' in body
    # the partnership's navigation names the section once
    assert len(re.findall(r'service-navigation__link" href="[^"]*"[^>]*>Hubs<', body)) == 1
    seen_by_analyst = client_for(analyst).get("/p/test-town/hubs/healthy-hub/").content.decode()
    assert 'href="/p/test-town/hubs/healthy-hub/dashboard/"' in seen_by_analyst
    assert f'href="{MONTHS}"' not in seen_by_analyst
