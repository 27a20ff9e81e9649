"""Hubs and hub workers: creating, changing, assigning; who may; what is audited."""

from __future__ import annotations

from collections.abc import Callable

import pytest

from wellboard.core.access import Actor, Role
from wellboard.core.errors import Conflict, InvalidInput, NotFound, PermissionDenied
from wellboard.core.models import AuditEvent
from wellboard.hub.models import Hub, HubAssignment
from wellboard.hub.selectors import assigned_hub_ids, hub_get, hub_list
from wellboard.hub.services import hub_create, hub_partner_add, hub_site_add, hub_update, hub_worker_assign
from wellboard.partners.models import Organisation, Partnership, RoleGrant, User, default_two_factor_roles

pytestmark = pytest.mark.django_db

ActorOf = Callable[[User], Actor]


def test_the_hub_worker_role_exists_and_needs_a_second_factor_by_default() -> None:
    assert Role.HUB_WORKER == "hub_worker"
    assert Role.HUB_WORKER.label == "Hub worker"
    assert "hub_worker" in default_two_factor_roles()


def test_a_coordinator_creates_a_hub_with_a_slug_from_its_name(
    cli_actor: Actor, council: Organisation
) -> None:
    hub = hub_create(by=cli_actor, name="Stevenage Healthy Hub", organisation=council, kind="main")
    assert hub.slug == "stevenage-healthy-hub"
    assert hub.version == 1
    assert hub.active
    event = AuditEvent.objects.get(action="hub.create", object_id=str(hub.pk))
    assert event.after is not None
    assert event.after["name"] == "Stevenage Healthy Hub"


def test_bad_input_is_refused_with_every_reason(cli_actor: Actor, other_partnership: Partnership) -> None:
    elsewhere = other_partnership.organisations.first()
    with pytest.raises(InvalidInput) as caught:
        hub_create(by=cli_actor, name="", organisation=elsewhere, kind="castle", age_from=16, age_to=11)
    assert set(caught.value.errors) == {"name", "organisation", "kind", "age_to"}
    assert not Hub.objects.exists()


def test_a_short_name_is_used_once(cli_actor: Actor, council: Organisation) -> None:
    hub_create(by=cli_actor, name="Hub", slug="hub", organisation=council)
    with pytest.raises(InvalidInput, match="already uses the short name 'hub'"):
        hub_create(by=cli_actor, name="Another", slug="hub", organisation=council)


@pytest.mark.parametrize("role", [Role.ANALYST, Role.VIEWER, Role.HUB_WORKER, Role.CONTRIBUTOR])
def test_only_coordinators_create_hubs(partnership: Partnership, council: Organisation, role: str) -> None:
    actor = Actor(partnership_id=partnership.pk, user=None, roles=frozenset({role}))
    with pytest.raises(PermissionDenied, match="Only a coordinator can add hubs"):
        hub_create(by=actor, name="Hub", organisation=council)


def test_update_changes_what_differs_and_nothing_else(cli_actor: Actor, hub: Hub) -> None:
    unchanged = hub_update(by=cli_actor, hub=hub, expected_version=1, name=hub.name, kind=hub.kind)
    assert unchanged.version == 1
    assert not AuditEvent.objects.filter(action="hub.update").exists()
    changed = hub_update(by=cli_actor, hub=hub, expected_version=1, active=False, age_from=11, age_to=16)
    assert changed.version == 2
    assert not changed.active
    assert changed.age_range == "11 to 16"
    assert AuditEvent.objects.filter(action="hub.update", object_id=str(hub.pk)).count() == 1
    with pytest.raises(Conflict):
        hub_update(by=cli_actor, hub=hub, expected_version=1, name="Stale")


def test_another_partnership_cannot_change_the_hub(hub: Hub, other_partnership: Partnership) -> None:
    with pytest.raises(NotFound):
        hub_update(by=Actor.command_line(other_partnership.pk), hub=hub, expected_version=None, name="X")


def test_assigning_a_worker_grants_the_role_once(
    cli_actor: Actor, hub: Hub, young_hub: Hub, viewer: User, actor_of: ActorOf
) -> None:
    first = hub_worker_assign(by=cli_actor, hub=hub, user=viewer)
    again = hub_worker_assign(by=cli_actor, hub=hub, user=viewer)
    assert first.pk == again.pk
    hub_worker_assign(by=cli_actor, hub=young_hub, user=viewer)
    assert RoleGrant.objects.filter(user=viewer, role=Role.HUB_WORKER).count() == 1
    assert HubAssignment.objects.filter(role_grant__user=viewer).count() == 2
    assert AuditEvent.objects.filter(action="hub_worker.assign").count() == 2
    assert AuditEvent.objects.filter(action="role.grant").count() == 1
    assert assigned_hub_ids(actor=actor_of(viewer)) == {hub.pk, young_hub.pk}


def test_hub_workers_see_only_their_hubs(
    hub: Hub, young_hub: Hub, hub_worker: User, analyst: User, viewer: User, actor_of: ActorOf
) -> None:
    assert [h.slug for h in hub_list(actor=actor_of(hub_worker))] == ["healthy-hub"]
    with pytest.raises(NotFound):
        hub_get(actor=actor_of(hub_worker), slug=young_hub.slug)
    assert hub_list(actor=actor_of(analyst)).count() == 2
    with pytest.raises(NotFound):
        hub_list(actor=actor_of(viewer))


def test_only_coordinators_assign_workers(
    hub: Hub, hub_worker: User, viewer: User, actor_of: ActorOf
) -> None:
    with pytest.raises(PermissionDenied, match="assign hub workers"):
        hub_worker_assign(by=actor_of(hub_worker), hub=hub, user=viewer)


def test_sites_and_partners(cli_actor: Actor, hub: Hub, charity: Organisation) -> None:
    site = hub_site_add(by=cli_actor, hub=hub, name="  Mariotts  School ", lsoa="e01023720")
    assert (site.name, site.lsoa) == ("Mariotts School", "E01023720")
    with pytest.raises(InvalidInput) as caught:
        hub_site_add(by=cli_actor, hub=hub, name="Mariotts School", lsoa="E05000001")
    assert set(caught.value.errors) == {"name", "lsoa"}
    member = hub_partner_add(by=cli_actor, hub=hub, organisation=charity)
    outside = hub_partner_add(by=cli_actor, hub=hub, name="Herts Young Carers")
    assert str(member) == "Test Charity"
    assert str(outside) == "Herts Young Carers"
    with pytest.raises(InvalidInput, match="already works at the hub"):
        hub_partner_add(by=cli_actor, hub=hub, organisation=charity)
    with pytest.raises(InvalidInput):
        hub_partner_add(by=cli_actor, hub=hub)
