"""A hub's address never reaches another hub's records.

Every hub page that takes a record's id (a site, an opening session, a partner, a worker's assignment,
a visit, a referral, an assessment) looks the record up within the hub its address names. Here each
is asked, under hub A's address, for a record of hub B in the same partnership, by someone who may
change both hubs' records (the coordinator, or a worker assigned to both hubs): GET and POST answer
404, as for a record that does not exist, and nothing changes.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import Any

import pytest
from django.apps import apps
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver

from tests.factories.directory import make_service
from tests.factories.hub import cli, make_hub, make_hub_worker
from wellboard.core import clock
from wellboard.core.access import Actor
from wellboard.core.models import AuditEvent
from wellboard.hub.models import Contact, Hub, HubAssignment, Referral
from wellboard.hub.services import (
    contact_record,
    hub_partner_add,
    hub_session_add,
    hub_site_add,
    referral_send,
)
from wellboard.hub.services.assessments import assessment_record
from wellboard.partners.models import Partnership, User

pytestmark = pytest.mark.django_db

ClientFor = Callable[[User], Client]
ActorOf = Callable[[User], Actor]
BASE = "/p/test-town/hubs/healthy-hub/"


@dataclass
class HubB:
    """Hub B's records, and who may change them."""

    records: dict[str, int]
    coordinator: User
    worker: User  # works at hub A and at hub B


@pytest.fixture
def hub_b(partnership: Partnership, hub: Hub, coordinator: User, actor_of: ActorOf) -> HubB:
    other = make_hub(partnership, "pop-up", kind="pop-up", name="Pop-up hub")
    worker = make_hub_worker(partnership, "both-hubs", hub, other)
    also = make_hub_worker(partnership, "pop-up-only", other)
    by = cli(partnership)
    site = hub_site_add(by=by, hub=other, name="Barnwell School")
    session = hub_session_add(by=by, site=site, weekday=2, opens="15:30", closes="17:00")
    partner = hub_partner_add(by=by, hub=other, name="Youth counselling")
    visit: Contact = contact_record(
        by=actor_of(worker),
        hub=other,
        date=clock.today() - dt.timedelta(days=1),
        client_id="PU-7",
        sex="male",
        route="walk-in",
        age_band="16-24",
    )
    referral: Referral = referral_send(
        by=actor_of(worker), contact=visit, service=make_service(partnership, "kooth", name="Kooth")
    )
    assessment = assessment_record(
        by=actor_of(worker),
        hub=other,
        date=clock.today() - dt.timedelta(days=1),
        client_id="PU-7",
        instrument="ons4",
        stage="before",
        answers={"life_satisfaction": 5, "worthwhile": 5, "happiness": 5, "anxiety": 5},
    )
    assignment = HubAssignment.objects.get(hub=other, role_grant__user=also)
    return HubB(
        records={
            "site": site.pk,
            "session": session.pk,
            "partner": partner.pk,
            "assignment": assignment.pk,
            "contact": visit.pk,
            "referral": referral.pk,
            "assessment": assessment.pk,
            "service": referral.service_id,
        },
        coordinator=coordinator,
        worker=worker,
    )


@dataclass(frozen=True)
class Case:
    """A route, the path after hub A's address (with the record's id), who may change hub B's
    records through it, and a POST that would change the record if it reached it."""

    path: str
    who: str
    post: Callable[[dict[str, int]], dict[str, Any]]


CASES = {
    "hub-site-edit": Case(
        "sites/{site}/edit/", "coordinator", lambda r: {"name": "Renamed", "lsoa": "", "version": 1}
    ),
    "hub-site-remove": Case("sites/{site}/remove/", "coordinator", lambda r: {"version": 1}),
    "hub-session-add": Case(
        "sites/{site}/sessions/new/",
        "coordinator",
        lambda r: {"weekday": 4, "opens": "09:00", "closes": "10:00", "note": ""},
    ),
    "hub-session-edit": Case(
        "sessions/{session}/edit/",
        "coordinator",
        lambda r: {"weekday": 2, "opens": "15:00", "closes": "17:00", "note": "", "version": 1},
    ),
    "hub-session-remove": Case("sessions/{session}/remove/", "coordinator", lambda r: {"version": 1}),
    "hub-partner-remove": Case("partners/{partner}/remove/", "coordinator", lambda r: {}),
    "hub-worker-unassign": Case("workers/{assignment}/remove/", "coordinator", lambda r: {}),
    "hub-contact-correct": Case(
        "contacts/{contact}/correct/",
        "worker",
        lambda r: {
            "date": (clock.today() - dt.timedelta(days=2)).isoformat(),
            "client_id": "",
            "sex": "female",
            "age_band": "25-34",
            "route": "walk-in",
            "version": 1,
        },
    ),
    "hub-contact-referrals": Case(
        "contacts/{contact}/referrals/", "worker", lambda r: {"services": r["service"]}
    ),
    "hub-referral": Case(
        "referrals/{referral}/", "worker", lambda r: {"status": "accepted", "note": "", "version": 1}
    ),
    "hub-referral-link": Case("referrals/{referral}/send-link/", "worker", lambda r: {}),
    "hub-outcomes-correct": Case(
        "outcomes/{assessment}/correct/",
        "worker",
        lambda r: {
            "date": (clock.today() - dt.timedelta(days=1)).isoformat(),
            "life_satisfaction": 0,
            "worthwhile": 0,
            "happiness": 0,
            "anxiety": 10,
            "version": 1,
        },
    ),
}


POST_ONLY = frozenset({"hub-contact-referrals", "hub-referral-link"})


def _snapshot() -> dict[str, list[dict[str, Any]]]:
    """Every row of the hub's and the directory's tables, and the audit trail's changes."""
    tables = {
        model._meta.label: list(model._base_manager.order_by("pk").values())
        for app in ("hub", "directory")
        for model in apps.get_app_config(app).get_models()
    }
    tables["changes"] = list(
        AuditEvent.objects.order_by("pk").values("pk", "action", "object_type", "object_id")
    )
    return tables


@pytest.mark.parametrize("name", sorted(CASES))
def test_a_record_of_another_hub_is_not_found_under_this_hubs_address(
    name: str, client_for: ClientFor, hub_b: HubB
) -> None:
    case = CASES[name]
    url = BASE + case.path.format(**hub_b.records)
    client = client_for(hub_b.coordinator if case.who == "coordinator" else hub_b.worker)
    before = _snapshot()
    got = client.get(url)
    # A page that only takes a POST says so to any GET; its POST is the test.
    assert got.status_code == (405 if name in POST_ONLY else 404), got.status_code
    posted = client.post(url, case.post(hub_b.records))
    assert posted.status_code == 404, posted.status_code
    after = _snapshot()
    new_events = after.pop("changes")[len(before.pop("changes")) :]
    assert after == before
    # The refusals are in the audit trail as refusals; nothing was read or changed.
    assert {e["action"] for e in new_events} <= {"request.denied"}, new_events


def _patterns(patterns: list[URLPattern | URLResolver], prefix: str = "") -> Iterator[tuple[str, str]]:
    for pattern in patterns:
        if isinstance(pattern, URLResolver):
            yield from _patterns(pattern.url_patterns, prefix + str(pattern.pattern))
        elif pattern.name:
            yield pattern.name, prefix + str(pattern.pattern)


def test_every_hub_route_with_a_record_id_is_covered() -> None:
    """A new hub page taking a record's id must be added above."""
    taking_ids = {
        name
        for name, route in _patterns(get_resolver().url_patterns)
        if route.startswith("p/<slug:slug>/hubs/<slug:hub>/") and "<int:" in route
    }
    assert taking_ids == set(CASES), taking_ids ^ set(CASES)
