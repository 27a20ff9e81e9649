"""Managing a hub on the web: its details, sites, opening sessions, partners and workers. For each
page: the coordinator's way through, who is refused, bad input shown with nothing saved, and a save
that started from an older version answered with the conflict page."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

import pytest
from django.test import Client

from tests.factories.hub import cli, make_hub, make_hub_worker
from wellboard.core.access import Actor, Role
from wellboard.core.models import AuditEvent
from wellboard.hub.models import Hub, HubAssignment, HubPartner, HubSession, HubSite
from wellboard.hub.services import contact_record, hub_partner_add, hub_session_add, hub_site_add
from wellboard.partners.models import Organisation, Partnership, RoleGrant, User

pytestmark = pytest.mark.django_db

ClientFor = Callable[[User], Client]
BASE = "/p/test-town/hubs/healthy-hub/"


@pytest.fixture
def site(partnership: Partnership, hub: Hub) -> HubSite:
    return hub_site_add(by=cli(partnership), hub=hub, name="Bedwell Community Centre")


@pytest.fixture
def session(partnership: Partnership, site: HubSite) -> HubSession:
    return hub_session_add(by=cli(partnership), site=site, weekday=0, opens="09:00", closes="12:00")


def _record_visit(partnership: Partnership, hub: Hub, worker: User, **links: object) -> None:
    contact_record(
        by=Actor(partnership_id=partnership.pk, user=worker, roles=frozenset({Role.HUB_WORKER})),
        hub=hub,
        date=dt.date(2026, 11, 2),
        client_id="HH-1",
        sex="female",
        route="partner-appointment" if "partner" in links else "walk-in",
        age_band="45-54",
        **links,  # type: ignore[arg-type]
    )


# ---------------------------------------------------------------- the hub page


def test_the_hub_page_shows_the_timetable_and_the_coordinators_links(
    client_for: ClientFor, coordinator: User, hub: Hub, site: HubSite, session: HubSession, hub_worker: User
) -> None:
    hub_session_add(
        by=cli(hub.partnership), site=site, weekday=2, opens="15:30", closes="18:00", note="Term time only"
    )
    body = client_for(coordinator).get(BASE).content.decode()
    assert "data-timetable" in body
    assert body.index("Monday") < body.index("Wednesday")
    assert "15:30 to 18:00" in body
    assert "Term time only" in body
    for link in (
        "edit/",
        f"sites/{site.pk}/edit/",
        f"sites/{site.pk}/remove/",
        f"sites/{site.pk}/sessions/new/",
        f"sessions/{session.pk}/edit/",
        "partners/new/",
        f"workers/{HubAssignment.objects.get(hub=hub).pk}/remove/",
    ):
        assert f'href="{BASE}{link}"' in body, link
    assert "contacts/import/" not in body  # the coordinator does not see visits


def test_the_hub_worker_sees_the_timetable_and_import_and_export_but_no_changes(
    client_for: ClientFor, hub_worker: User, session: HubSession
) -> None:
    body = client_for(hub_worker).get(BASE).content.decode()
    assert "09:00 to 12:00" in body
    assert f'href="{BASE}contacts/import/"' in body
    assert f'href="{BASE}contacts.csv"' in body
    assert f"{BASE}edit/" not in body
    assert "/remove/" not in body


# ---------------------------------------------------------------- changing the hub


def test_a_coordinator_changes_the_hub(
    client_for: ClientFor, coordinator: User, hub: Hub, charity: Organisation
) -> None:
    client = client_for(coordinator)
    page = client.get(f"{BASE}edit/")
    assert page.status_code == 200
    assert 'name="version" value="1"' in page.content.decode()
    form = {
        "name": "Stevenage Healthy Hub",
        "organisation": charity.pk,
        "kind": "main",
        "age_from": "16",
        "age_to": "",
        "version": "1",
    }
    response = client.post(f"{BASE}edit/", form)
    assert response.status_code == 302
    hub.refresh_from_db()
    assert (hub.name, hub.organisation, hub.age_from, hub.active, hub.version) == (
        "Stevenage Healthy Hub",
        charity,
        16,
        False,  # the box was not ticked: the hub has closed
        2,
    )
    again = client.post(f"{BASE}edit/", {**form, "version": "2"})  # the same again changes nothing
    assert again.status_code == 302
    hub.refresh_from_db()
    assert hub.version == 2


def test_changing_the_hub_with_bad_input_keeps_what_was_typed(
    client_for: ClientFor, coordinator: User, hub: Hub, council: Organisation
) -> None:
    response = client_for(coordinator).post(
        f"{BASE}edit/",
        {
            "name": "Kept name",
            "organisation": council.pk,
            "kind": "main",
            "age_from": "30",
            "age_to": "20",
            "version": "1",
        },
    )
    assert response.status_code == 400
    body = response.content.decode()
    assert "The oldest age served must not be below the youngest" in body
    assert 'value="Kept name"' in body
    hub.refresh_from_db()
    assert (hub.name, hub.version) == ("Healthy Hub", 1)


def test_changing_the_hub_from_an_old_version_shows_the_conflict(
    client_for: ClientFor, coordinator: User, hub: Hub, council: Organisation
) -> None:
    hub.version = 3
    hub.save()
    response = client_for(coordinator).post(
        f"{BASE}edit/",
        {"name": "Mine", "organisation": council.pk, "kind": "main", "active": "on", "version": "2"},
    )
    assert response.status_code == 409
    assert "Someone else changed this" in response.content.decode()
    hub.refresh_from_db()
    assert hub.name == "Healthy Hub"


def test_only_coordinators_change_hubs(
    client_for: ClientFor, analyst: User, hub_worker: User, hub: Hub
) -> None:
    for person in (analyst, hub_worker):
        client = client_for(person)
        assert client.get(f"{BASE}edit/").status_code == 403
        assert client.post(f"{BASE}edit/", {"name": "X", "version": "1"}).status_code == 403
    hub.refresh_from_db()
    assert hub.name == "Healthy Hub"


# ---------------------------------------------------------------- sites


def test_a_coordinator_renames_a_site(client_for: ClientFor, coordinator: User, site: HubSite) -> None:
    client = client_for(coordinator)
    assert client.get(f"{BASE}sites/{site.pk}/edit/").status_code == 200
    response = client.post(
        f"{BASE}sites/{site.pk}/edit/", {"name": "Bedwell Hall", "lsoa": "", "version": "1"}
    )
    assert response["Location"] == f"{BASE}#sites"
    site.refresh_from_db()
    assert (site.name, site.version) == ("Bedwell Hall", 2)


def test_a_site_with_bad_input_or_an_old_version_is_not_changed(
    client_for: ClientFor, coordinator: User, site: HubSite
) -> None:
    client = client_for(coordinator)
    bad = client.post(f"{BASE}sites/{site.pk}/edit/", {"name": "", "lsoa": "E0", "version": "1"})
    assert bad.status_code == 400
    assert "Enter the site" in bad.content.decode()
    stale = client.post(f"{BASE}sites/{site.pk}/edit/", {"name": "Mine", "lsoa": "", "version": "7"})
    assert stale.status_code == 409
    missing = client.post(f"{BASE}sites/{site.pk}/edit/", {"name": "Mine", "lsoa": ""})
    assert missing.status_code == 400
    site.refresh_from_db()
    assert (site.name, site.version) == ("Bedwell Community Centre", 1)


def test_removing_a_site_asks_first_and_refuses_one_with_visits(
    client_for: ClientFor, coordinator: User, hub: Hub, site: HubSite, session: HubSession, hub_worker: User
) -> None:
    client = client_for(coordinator)
    question = client.get(f"{BASE}sites/{site.pk}/remove/")
    assert question.status_code == 200
    assert "Its 1 opening session goes with it" in question.content.decode()
    assert client.post(f"{BASE}sites/{site.pk}/remove/", {"version": "9"}).status_code == 409
    used = hub_site_add(by=cli(hub.partnership), hub=hub, name="Used")
    _record_visit(hub.partnership, hub, hub_worker, site=used)
    refused = client.post(f"{BASE}sites/{used.pk}/remove/", {"version": "1"})
    assert refused.status_code == 400
    assert "Used cannot be removed: 1 visit was recorded there" in refused.content.decode()
    assert HubSite.objects.count() == 2
    done = client.post(f"{BASE}sites/{site.pk}/remove/", {"version": "1"})
    assert done.status_code == 302
    assert list(HubSite.objects.values_list("name", flat=True)) == ["Used"]
    assert not HubSession.objects.exists()


def test_only_coordinators_change_or_remove_sites(
    client_for: ClientFor, analyst: User, hub_worker: User, site: HubSite
) -> None:
    for person in (analyst, hub_worker):
        client = client_for(person)
        for path in (f"sites/{site.pk}/edit/", f"sites/{site.pk}/remove/", f"sites/{site.pk}/sessions/new/"):
            assert client.get(BASE + path).status_code == 403
            assert client.post(BASE + path, {"name": "X", "version": "1"}).status_code == 403
    assert HubSite.objects.get(pk=site.pk).name == "Bedwell Community Centre"


def test_another_hubs_site_is_not_found(
    client_for: ClientFor, coordinator: User, partnership: Partnership, hub: Hub
) -> None:
    other = make_hub(partnership, "pop-up", kind="pop-up")
    elsewhere = hub_site_add(by=cli(partnership), hub=other, name="Barnwell School")
    client = client_for(coordinator)
    assert client.get(f"{BASE}sites/{elsewhere.pk}/edit/").status_code == 404
    assert client.post(f"{BASE}sites/{elsewhere.pk}/remove/", {"version": "1"}).status_code == 404
    assert HubSite.objects.filter(pk=elsewhere.pk).exists()


# ---------------------------------------------------------------- sessions


def test_a_coordinator_adds_changes_and_removes_a_session(
    client_for: ClientFor, coordinator: User, hub: Hub, site: HubSite
) -> None:
    client = client_for(coordinator)
    assert client.get(f"{BASE}sites/{site.pk}/sessions/new/").status_code == 200
    added = client.post(
        f"{BASE}sites/{site.pk}/sessions/new/",
        {"weekday": "1", "opens": "13:00", "closes": "16:00", "note": "Drop-in"},
    )
    assert added.status_code == 302
    session = HubSession.objects.get()
    assert (session.weekday, session.opens, session.closes, session.note) == (
        1,
        dt.time(13),
        dt.time(16),
        "Drop-in",
    )
    page = client.get(f"{BASE}sessions/{session.pk}/edit/").content.decode()
    assert 'value="13:00"' in page
    unchanged = client.post(
        f"{BASE}sessions/{session.pk}/edit/",
        {"weekday": "1", "opens": "13:00", "closes": "16:00", "note": "Drop-in", "version": "1"},
    )
    assert unchanged.status_code == 302
    session.refresh_from_db()
    assert session.version == 1
    client.post(
        f"{BASE}sessions/{session.pk}/edit/",
        {"weekday": "3", "opens": "13:00", "closes": "16:00", "note": "", "version": "1"},
    )
    session.refresh_from_db()
    assert (session.weekday, session.version) == (3, 2)
    assert client.get(f"{BASE}sessions/{session.pk}/remove/").status_code == 200
    assert client.post(f"{BASE}sessions/{session.pk}/remove/", {"version": "2"}).status_code == 302
    assert not HubSession.objects.exists()
    assert AuditEvent.objects.filter(action__startswith="hub_session.").count() == 3


def test_a_session_with_bad_times_is_refused_with_what_was_typed_kept(
    client_for: ClientFor, coordinator: User, site: HubSite, session: HubSession
) -> None:
    client = client_for(coordinator)
    backwards = client.post(
        f"{BASE}sites/{site.pk}/sessions/new/",
        {"weekday": "4", "opens": "17:00", "closes": "09:00", "note": "Kept note"},
    )
    assert backwards.status_code == 400
    body = backwards.content.decode()
    assert "The closing time must be after the opening time" in body
    assert 'value="Kept note"' in body
    nonsense = client.post(
        f"{BASE}sites/{site.pk}/sessions/new/", {"weekday": "9", "opens": "noon", "closes": ""}
    )
    assert nonsense.status_code == 400
    body = nonsense.content.decode()
    assert "Choose the day of the week" in body
    assert "Opening time must be a time like 09:30" in body
    assert "Enter closing time" in body
    overlapping = client.post(
        f"{BASE}sites/{site.pk}/sessions/new/", {"weekday": "0", "opens": "11:00", "closes": "13:00"}
    )
    assert overlapping.status_code == 400
    assert "already has a session on Monday from 09:00 to 12:00" in overlapping.content.decode()
    assert HubSession.objects.count() == 1


def test_a_stale_session_save_or_removal_shows_the_conflict(
    client_for: ClientFor, coordinator: User, session: HubSession
) -> None:
    client = client_for(coordinator)
    stale = client.post(
        f"{BASE}sessions/{session.pk}/edit/",
        {"weekday": "0", "opens": "09:00", "closes": "13:00", "version": "5"},
    )
    assert stale.status_code == 409
    assert client.post(f"{BASE}sessions/{session.pk}/remove/", {"version": "5"}).status_code == 409
    assert client.post(f"{BASE}sessions/{session.pk}/remove/", {}).status_code == 400
    session.refresh_from_db()
    assert (session.closes, session.version) == (dt.time(12), 1)


def test_only_coordinators_change_sessions(
    client_for: ClientFor, analyst: User, hub_worker: User, session: HubSession
) -> None:
    for person in (analyst, hub_worker):
        client = client_for(person)
        for path in (f"sessions/{session.pk}/edit/", f"sessions/{session.pk}/remove/"):
            assert client.get(BASE + path).status_code == 403
            assert client.post(BASE + path, {"version": "1"}).status_code == 403
    assert HubSession.objects.filter(pk=session.pk).exists()


# ---------------------------------------------------------------- partners


def test_a_coordinator_adds_a_member_or_an_outside_body_as_a_partner(
    client_for: ClientFor, coordinator: User, hub: Hub, charity: Organisation
) -> None:
    client = client_for(coordinator)
    page = client.get(f"{BASE}partners/new/").content.decode()
    assert f'<option value="{charity.pk}"' in page
    assert client.post(f"{BASE}partners/new/", {"organisation": charity.pk, "name": ""}).status_code == 302
    assert client.post(f"{BASE}partners/new/", {"organisation": "", "name": "Kooth"}).status_code == 302
    assert sorted(str(p) for p in hub.partners.all()) == ["Kooth", "Test Charity"]
    offered = client.get(f"{BASE}partners/new/").content.decode()
    assert f'<option value="{charity.pk}"' not in offered  # it works there already


def test_a_partner_with_bad_input_is_refused(
    client_for: ClientFor, coordinator: User, hub: Hub, charity: Organisation
) -> None:
    client = client_for(coordinator)
    neither = client.post(f"{BASE}partners/new/", {"organisation": "", "name": "  "})
    assert neither.status_code == 400
    assert "Choose a member organisation or name one" in neither.content.decode()
    both = client.post(f"{BASE}partners/new/", {"organisation": charity.pk, "name": "Kooth"})
    assert both.status_code == 400
    personal = client.post(f"{BASE}partners/new/", {"organisation": "", "name": "Call 07700 900123"})
    assert personal.status_code == 400
    assert "phone number" in personal.content.decode()
    assert not hub.partners.exists()


def test_removing_a_partner_asks_first_and_refuses_one_with_visits(
    client_for: ClientFor, coordinator: User, hub: Hub, hub_worker: User
) -> None:
    used = hub_partner_add(by=cli(hub.partnership), hub=hub, name="Mind")
    spare = hub_partner_add(by=cli(hub.partnership), hub=hub, name="Kooth")
    _record_visit(hub.partnership, hub, hub_worker, partner=used)
    client = client_for(coordinator)
    assert client.get(f"{BASE}partners/{spare.pk}/remove/").status_code == 200
    refused = client.post(f"{BASE}partners/{used.pk}/remove/")
    assert refused.status_code == 400
    assert "1 visit names it as the partner" in refused.content.decode()
    assert client.post(f"{BASE}partners/{spare.pk}/remove/").status_code == 302
    assert list(HubPartner.objects.values_list("name", flat=True)) == ["Mind"]


def test_only_coordinators_add_or_remove_partners(
    client_for: ClientFor, analyst: User, hub_worker: User, hub: Hub
) -> None:
    partner = hub_partner_add(by=cli(hub.partnership), hub=hub, name="Kooth")
    for person in (analyst, hub_worker):
        client = client_for(person)
        assert client.get(f"{BASE}partners/new/").status_code == 403
        assert client.post(f"{BASE}partners/new/", {"name": "X"}).status_code == 403
        assert client.post(f"{BASE}partners/{partner.pk}/remove/").status_code == 403
    assert list(HubPartner.objects.values_list("name", flat=True)) == ["Kooth"]


# ---------------------------------------------------------------- workers


def test_a_coordinator_takes_a_worker_off_one_hub(
    client_for: ClientFor, coordinator: User, hub: Hub, partnership: Partnership
) -> None:
    other = make_hub(partnership, "young-peoples-hub", kind="young-people")
    worker = make_hub_worker(partnership, "worker", hub, other)
    assignment = HubAssignment.objects.get(hub=hub, role_grant__user=worker)
    client = client_for(coordinator)
    question = client.get(f"{BASE}workers/{assignment.pk}/remove/")
    assert question.status_code == 200
    assert "any other hubs they work at" in question.content.decode()
    done = client.post(f"{BASE}workers/{assignment.pk}/remove/")
    assert done["Location"] == f"{BASE}#workers"
    assert list(
        HubAssignment.objects.filter(role_grant__user=worker).values_list("hub__slug", flat=True)
    ) == ["young-peoples-hub"]
    assert RoleGrant.objects.filter(user=worker, role=Role.HUB_WORKER).exists()
    assert AuditEvent.objects.filter(action="hub_worker.unassign").count() == 1
    assert client.post(f"{BASE}workers/{assignment.pk}/remove/").status_code == 404


def test_only_coordinators_take_workers_off(
    client_for: ClientFor, analyst: User, hub_worker: User, hub: Hub
) -> None:
    assignment = HubAssignment.objects.get(hub=hub, role_grant__user=hub_worker)
    for person in (analyst, hub_worker):
        assert client_for(person).post(f"{BASE}workers/{assignment.pk}/remove/").status_code == 403
    assert HubAssignment.objects.filter(pk=assignment.pk).exists()
