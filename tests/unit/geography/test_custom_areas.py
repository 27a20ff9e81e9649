from __future__ import annotations

from collections.abc import Callable

import pytest

from tests.factories.geography import Place, make_place
from wellboard.core.access import Actor
from wellboard.core.errors import Conflict, InvalidInput, NotFound, PermissionDenied
from wellboard.core.models import AuditEvent
from wellboard.geography.models import Area
from wellboard.geography.selectors import area_children, custom_area_members
from wellboard.geography.services import (
    area_upsert,
    custom_area_create,
    custom_area_delete,
    custom_area_update,
)
from wellboard.partners.models import Partnership, User

pytestmark = pytest.mark.django_db


@pytest.fixture
def place(db: None) -> Place:
    return make_place()


def test_coordinator_defines_a_catchment_from_wards_and_lsoas(
    place: Place, coordinator: User, actor_of: Callable[[User], Actor]
) -> None:
    actor = actor_of(coordinator)
    area = custom_area_create(
        by=actor, name="  Healthy Hub   catchment ", member_codes=["e05004806", place.lsoas[2].code]
    )
    assert area.name == "Healthy Hub catchment"
    assert area.type == "custom"
    assert area.partnership_id == actor.partnership_id
    assert area.code.startswith(f"custom-{actor.partnership_id}-healthy-hub-catchment")
    assert [a.code for a in custom_area_members(area=area)] == [place.lsoas[2].code, "E05004806"]
    assert len(area_children(area=area, type="lsoa")) == 3  # Bedwell's two and one of Shephall's
    event = AuditEvent.objects.get(action="area.create")
    assert event.after is not None
    assert event.after["members"] == ["E05004806", place.lsoas[2].code]
    assert event.actor == coordinator


@pytest.mark.parametrize(
    ("name", "members", "message"),
    [
        ("", ["E05004806"], "Enter a name"),
        ("Hub", [], "Enter the codes"),
        ("Hub", ["E05999999"], "not known areas: E05999999"),
        ("Hub", ["E07000243"], "made of LSOAs, wards or MSOAs"),
    ],
)
def test_custom_area_validation(
    place: Place, cli_actor: Actor, name: str, members: list[str], message: str
) -> None:
    with pytest.raises(InvalidInput, match=message):
        custom_area_create(by=cli_actor, name=name, member_codes=members)
    assert not Area.objects.filter(type="custom").exists()


def test_names_are_unique_within_a_partnership_only(
    place: Place, cli_actor: Actor, other_partnership: Partnership
) -> None:
    custom_area_create(by=cli_actor, name="Hub", member_codes=["E05004806"])
    with pytest.raises(InvalidInput, match="already has an area called"):
        custom_area_create(by=cli_actor, name="hub", member_codes=["E05004815"])
    other = custom_area_create(
        by=Actor.command_line(other_partnership.pk), name="Hub", member_codes=["E05004815"]
    )
    assert other.partnership_id == other_partnership.pk


def test_only_coordinators_define_areas(
    place: Place, viewer: User, actor_of: Callable[[User], Actor]
) -> None:
    with pytest.raises(PermissionDenied):
        custom_area_create(by=actor_of(viewer), name="Hub", member_codes=["E05004806"])


def test_update_is_versioned_and_audited(place: Place, cli_actor: Actor) -> None:
    area = custom_area_create(by=cli_actor, name="Hub", member_codes=["E05004806"])
    updated = custom_area_update(
        by=cli_actor, code=area.code, expected_version=1, name="Hub area", member_codes=["E05004815"]
    )
    assert updated.version == 2
    assert [a.code for a in custom_area_members(area=updated)] == ["E05004815"]
    with pytest.raises(Conflict):
        custom_area_update(by=cli_actor, code=area.code, expected_version=1, name="Stale")
    assert Area.objects.get(pk=area.pk).name == "Hub area"
    event = AuditEvent.objects.get(action="area.update")
    assert event.before is not None
    assert event.after is not None
    assert (event.before["members"], event.after["members"]) == (["E05004806"], ["E05004815"])


def test_another_partnership_cannot_touch_the_area(
    place: Place, cli_actor: Actor, other_partnership: Partnership
) -> None:
    area = custom_area_create(by=cli_actor, name="Hub", member_codes=["E05004806"])
    outsider = Actor.command_line(other_partnership.pk)
    with pytest.raises(NotFound):
        custom_area_update(by=outsider, code=area.code, expected_version=None, name="Mine")
    with pytest.raises(NotFound):
        custom_area_delete(by=outsider, code=area.code)


def test_delete_is_audited(place: Place, cli_actor: Actor) -> None:
    area = custom_area_create(by=cli_actor, name="Hub", member_codes=["E05004806"])
    custom_area_delete(by=cli_actor, code=area.code)
    assert not Area.objects.filter(pk=area.pk).exists()
    assert AuditEvent.objects.filter(action="area.delete", object_id=str(area.pk)).exists()


def test_area_upsert_refuses_a_custom_code(place: Place, cli_actor: Actor) -> None:
    area = custom_area_create(by=cli_actor, name="Hub", member_codes=["E05004806"])
    with pytest.raises(InvalidInput):
        area_upsert(code=area.code, name="Hub", type="ward")


def test_an_area_saved_unchanged_writes_nothing(place: Place, cli_actor: Actor) -> None:
    area = custom_area_create(
        by=cli_actor, name="Hub", member_codes=["E05004806", "E05004815"], description="Where we work"
    )
    events = AuditEvent.objects.count()
    saved = custom_area_update(
        by=cli_actor,
        code=area.code,
        expected_version=1,
        name=" Hub ",
        member_codes=["e05004815", "E05004806"],  # as typed: the same members
        description="Where we work",
    )
    assert saved.version == 1
    assert AuditEvent.objects.count() == events
    moved = custom_area_update(by=cli_actor, code=area.code, expected_version=1, member_codes=["E05004806"])
    assert moved.version == 2
    event = AuditEvent.objects.get(action="area.update")
    assert event.changes() == [("members", ["E05004806", "E05004815"], ["E05004806"]), ("version", 1, 2)]
