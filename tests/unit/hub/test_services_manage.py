"""Managing a hub: its sites and their sessions, its partners and its workers; who may, what is
refused (with nothing written), what a stale or unchanged save does, and what is audited."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from tests.factories.hub import make_hub_worker
from wellboard.core.access import Actor, Role
from wellboard.core.errors import Conflict, InvalidInput, NotFound, PermissionDenied
from wellboard.core.models import AuditEvent
from wellboard.hub.inputs import HubSessionInput
from wellboard.hub.models import Hub, HubAssignment, HubPartner, HubSession, HubSite
from wellboard.hub.selectors import assigned_hub_ids, hub_timetable
from wellboard.hub.services import (
    contact_record,
    hub_partner_add,
    hub_partner_remove,
    hub_session_add,
    hub_session_remove,
    hub_session_update,
    hub_site_add,
    hub_site_remove,
    hub_site_update,
    hub_update,
    hub_worker_unassign,
)
from wellboard.partners.models import Organisation, Partnership, RoleGrant, User

pytestmark = pytest.mark.django_db

ActorOf = Callable[[User], Actor]


@pytest.fixture
def site(cli_actor: Actor, hub: Hub) -> HubSite:
    return hub_site_add(by=cli_actor, hub=hub, name="Bedwell Community Centre", lsoa="E01023720")


def _visit(worker: Actor, hub: Hub, **links: object) -> None:
    contact_record(
        by=worker,
        hub=hub,
        date=dt.date(2026, 11, 2),
        client_id="HH-1",
        sex="female",
        route="partner-appointment" if "partner" in links else "walk-in",
        age_band="45-54",
        **links,  # type: ignore[arg-type]
    )


# ---------------------------------------------------------------- sites


def test_a_site_is_renamed_once_and_unchanged_saves_write_nothing(cli_actor: Actor, site: HubSite) -> None:
    same = hub_site_update(by=cli_actor, site=site, expected_version=1, name=site.name, lsoa=site.lsoa)
    assert same.version == 1
    assert not AuditEvent.objects.filter(action="hub_site.update").exists()
    renamed = hub_site_update(by=cli_actor, site=site, expected_version=1, name="  Bedwell   Hall ")
    assert (renamed.name, renamed.version) == ("Bedwell Hall", 2)
    event = AuditEvent.objects.get(action="hub_site.update")
    assert event.before is not None
    assert event.after is not None
    assert (event.before["name"], event.after["name"]) == ("Bedwell Community Centre", "Bedwell Hall")
    with pytest.raises(Conflict):
        hub_site_update(by=cli_actor, site=site, expected_version=1, name="Stale")
    assert HubSite.objects.get(pk=site.pk).name == "Bedwell Hall"


def test_a_site_change_is_refused_with_every_reason(cli_actor: Actor, hub: Hub, site: HubSite) -> None:
    hub_site_add(by=cli_actor, hub=hub, name="Mariotts School")
    with pytest.raises(InvalidInput) as caught:
        hub_site_update(by=cli_actor, site=site, expected_version=1, name="Mariotts School", lsoa="SG1 1AA")
    assert set(caught.value.errors) == {"name", "lsoa"}
    with pytest.raises(InvalidInput, match="postcode"):
        hub_site_update(by=cli_actor, site=site, expected_version=1, name="Flat 2, SG1 2AB")
    with pytest.raises(InvalidInput, match="cannot be changed here"):
        hub_site_update(by=cli_actor, site=site, expected_version=1, hub=None)
    assert HubSite.objects.get(pk=site.pk).version == 1


def test_a_site_goes_with_its_sessions_unless_visits_were_recorded_there(
    cli_actor: Actor, hub: Hub, site: HubSite, partnership: Partnership
) -> None:
    hub_session_add(by=cli_actor, site=site, weekday=0, opens="09:00", closes="12:00")
    with pytest.raises(Conflict):
        hub_site_remove(by=cli_actor, site=site, expected_version=2)
    hub_site_remove(by=cli_actor, site=site, expected_version=1)
    assert not HubSite.objects.exists()
    assert not HubSession.objects.exists()
    event = AuditEvent.objects.get(action="hub_site.delete")
    assert event.before is not None
    assert event.before["sessions"] == ["Monday 09:00 to 12:00"]

    used = hub_site_add(by=cli_actor, hub=hub, name="Used")
    worker = make_hub_worker(partnership, "worker", hub)
    _visit(
        Actor(partnership_id=partnership.pk, user=worker, roles=frozenset({Role.HUB_WORKER})), hub, site=used
    )
    with pytest.raises(InvalidInput, match="Used cannot be removed: 1 visit was recorded there"):
        hub_site_remove(by=cli_actor, site=used, expected_version=1)
    assert HubSite.objects.filter(pk=used.pk).exists()


def test_only_coordinators_change_sites_and_another_partnership_finds_none(
    partnership: Partnership, other_partnership: Partnership, site: HubSite, analyst: User, actor_of: ActorOf
) -> None:
    with pytest.raises(PermissionDenied, match="Only a coordinator can change a hub"):
        hub_site_update(by=actor_of(analyst), site=site, expected_version=1, name="X")
    with pytest.raises(PermissionDenied):
        hub_site_remove(by=actor_of(analyst), site=site, expected_version=1)
    elsewhere = Actor.command_line(other_partnership.pk)
    with pytest.raises(NotFound):
        hub_site_update(by=elsewhere, site=site, expected_version=1, name="X")
    with pytest.raises(NotFound):
        hub_session_add(by=elsewhere, site=site, weekday=1, opens="09:00", closes="10:00")


# ---------------------------------------------------------------- sessions


def test_sessions_make_the_timetable(cli_actor: Actor, hub: Hub, site: HubSite) -> None:
    other = hub_site_add(by=cli_actor, hub=hub, name="Arts Centre")
    hub_session_add(
        by=cli_actor, site=site, weekday="Wednesday", opens="15:30", closes="18:00", note="Term time"
    )
    hub_session_add(by=cli_actor, site=other, weekday=0, opens=dt.time(9), closes="12:30")
    hub_session_add(by=cli_actor, site=site, weekday=0, opens="9.00", closes="11:00")
    rows = [
        (s.get_weekday_display(), f"{s.opens:%H:%M}", s.site.name)
        for s in hub_timetable(actor=cli_actor, hub=hub)
    ]
    assert rows == [
        ("Monday", "09:00", "Arts Centre"),
        ("Monday", "09:00", "Bedwell Community Centre"),
        ("Wednesday", "15:30", "Bedwell Community Centre"),
    ]
    assert AuditEvent.objects.filter(action="hub_session.create").count() == 3


def test_a_session_opens_before_it_closes_and_does_not_overlap(cli_actor: Actor, site: HubSite) -> None:
    with pytest.raises(InvalidInput) as caught:
        hub_session_add(by=cli_actor, site=site, weekday=2, opens="12:00", closes="12:00")
    assert caught.value.errors == {"closes": ["The closing time must be after the opening time"]}
    with pytest.raises(InvalidInput) as caught:
        hub_session_add(
            by=cli_actor, site=site, weekday="Funday", opens="25:00", closes="noon", note="07700 900123"
        )
    assert set(caught.value.errors) == {"weekday", "opens", "closes", "note"}
    hub_session_add(by=cli_actor, site=site, weekday=2, opens="09:00", closes="12:00")
    with pytest.raises(InvalidInput, match="already has a session on Wednesday from 09:00 to 12:00"):
        hub_session_add(by=cli_actor, site=site, weekday=2, opens="11:00", closes="13:00")
    hub_session_add(by=cli_actor, site=site, weekday=2, opens="12:00", closes="13:00")  # back to back is fine
    assert HubSession.objects.count() == 2


def test_a_session_is_changed_and_removed_from_the_version_shown(cli_actor: Actor, site: HubSite) -> None:
    session = hub_session_add(by=cli_actor, site=site, weekday=4, opens="09:00", closes="12:00")
    same = hub_session_update(
        by=cli_actor, session=session, expected_version=1, weekday="4", opens="09:00", closes="12:00", note=""
    )
    assert same.version == 1
    assert not AuditEvent.objects.filter(action="hub_session.update").exists()
    moved = hub_session_update(by=cli_actor, session=session, expected_version=1, closes="13:00")
    assert (moved.closes, moved.version) == (dt.time(13), 2)
    with pytest.raises(InvalidInput, match="after the opening time"):
        hub_session_update(by=cli_actor, session=session, expected_version=2, closes="08:00")
    with pytest.raises(Conflict):
        hub_session_update(by=cli_actor, session=session, expected_version=1, note="Stale")
    with pytest.raises(Conflict):
        hub_session_remove(by=cli_actor, session=session, expected_version=1)
    hub_session_remove(by=cli_actor, session=session, expected_version=2)
    assert not HubSession.objects.exists()
    assert AuditEvent.objects.filter(action="hub_session.delete").count() == 1


@settings(deadline=None, max_examples=60)
@given(st.text(max_size=8))
def test_times_are_read_or_refused_with_a_reason(text: str) -> None:
    errors: dict[str, list[str]] = {}
    cleaned = HubSessionInput.clean(
        {"weekday": 0, "opens": text, "closes": "23:59"}, errors, by=Actor.command_line(1)
    )
    if "opens" in errors:
        assert cleaned["opens"] is None
        assert errors["opens"][0].startswith(("Enter the opening time", "The opening time must be a time"))
    else:
        assert isinstance(cleaned["opens"], dt.time)


# ---------------------------------------------------------------- partners


def test_a_partner_without_visits_is_removed(
    cli_actor: Actor, hub: Hub, charity: Organisation, partnership: Partnership
) -> None:
    member = hub_partner_add(by=cli_actor, hub=hub, organisation=charity)
    outside = hub_partner_add(by=cli_actor, hub=hub, name="County Stop Smoking Service")
    worker = make_hub_worker(partnership, "worker", hub)
    _visit(
        Actor(partnership_id=partnership.pk, user=worker, roles=frozenset({Role.HUB_WORKER})),
        hub,
        partner=member,
    )
    with pytest.raises(
        InvalidInput, match="Test Charity cannot be removed from Healthy Hub: 1 visit names it"
    ):
        hub_partner_remove(by=cli_actor, partner=member)
    hub_partner_remove(by=cli_actor, partner=outside)
    assert list(HubPartner.objects.values_list("pk", flat=True)) == [member.pk]
    event = AuditEvent.objects.get(action="hub_partner.delete")
    assert event.before is not None
    assert event.before["name"] == "County Stop Smoking Service"


def test_only_coordinators_remove_partners(
    cli_actor: Actor, hub: Hub, analyst: User, actor_of: ActorOf, other_partnership: Partnership
) -> None:
    partner = hub_partner_add(by=cli_actor, hub=hub, name="Kooth")
    with pytest.raises(PermissionDenied):
        hub_partner_remove(by=actor_of(analyst), partner=partner)
    with pytest.raises(NotFound):
        hub_partner_remove(by=Actor.command_line(other_partnership.pk), partner=partner)
    assert HubPartner.objects.filter(pk=partner.pk).exists()


# ---------------------------------------------------------------- workers


def test_taking_a_worker_off_one_hub_keeps_their_role_and_other_hubs(
    cli_actor: Actor, hub: Hub, young_hub: Hub, partnership: Partnership, actor_of: ActorOf
) -> None:
    worker = make_hub_worker(partnership, "worker", hub, young_hub)
    assignment = HubAssignment.objects.get(hub=hub, role_grant__user=worker)
    hub_worker_unassign(by=cli_actor, hub=hub, assignment=assignment)
    assert assigned_hub_ids(actor=actor_of(worker)) == {young_hub.pk}
    assert RoleGrant.objects.filter(user=worker, role=Role.HUB_WORKER).exists()
    event = AuditEvent.objects.get(action="hub_worker.unassign")
    assert event.before == {"hub": "Healthy Hub", "person": str(worker)}
    with pytest.raises(NotFound):
        hub_worker_unassign(by=cli_actor, hub=hub, assignment=assignment)


def test_only_coordinators_take_workers_off_and_only_at_that_hub(
    cli_actor: Actor, hub: Hub, young_hub: Hub, partnership: Partnership, actor_of: ActorOf
) -> None:
    worker = make_hub_worker(partnership, "worker", hub)
    assignment = HubAssignment.objects.get(hub=hub, role_grant__user=worker)
    with pytest.raises(PermissionDenied, match="assign hub workers"):
        hub_worker_unassign(by=actor_of(worker), hub=hub, assignment=assignment)
    with pytest.raises(NotFound):
        hub_worker_unassign(by=cli_actor, hub=young_hub, assignment=assignment)
    assert HubAssignment.objects.filter(pk=assignment.pk).exists()


def test_a_hub_with_visits_keeps_how_it_records_ages(
    cli_actor: Actor, hub: Hub, young_hub: Hub, partnership: Partnership
) -> None:
    hub_update(by=cli_actor, hub=young_hub, expected_version=1, kind="main")  # no visits yet: allowed
    worker = make_hub_worker(partnership, "worker", hub)
    _visit(Actor(partnership_id=partnership.pk, user=worker, roles=frozenset({Role.HUB_WORKER})), hub)
    with pytest.raises(InvalidInput, match="cannot become, or stop being, a young people's hub"):
        hub_update(by=cli_actor, hub=hub, expected_version=1, kind="young-people")
    assert hub_update(by=cli_actor, hub=hub, expected_version=1, kind="pop-up").kind == "pop-up"
