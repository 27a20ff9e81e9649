"""What a custom area accepts (``CustomAreaInput``), the rules its pages ask, and a custom area's
member codes given as typed."""

from __future__ import annotations

import pytest

from tests.factories.geography import Place, make_place
from wellboard.core.access import Actor, Role
from wellboard.core.inputs import Errors
from wellboard.geography.forms import CustomAreaForm
from wellboard.geography.inputs import MAX_CUSTOM_MEMBERS, CustomAreaInput, split_codes
from wellboard.geography.policy import geography_abilities
from wellboard.geography.selectors import custom_area_members
from wellboard.geography.services import custom_area_create

BY = Actor(partnership_id=1, user=None, roles=frozenset({Role.COORDINATOR}))


def test_codes_are_read_as_typed_or_pasted() -> None:
    assert split_codes("E05004806, e01000001;E02000001\nE05004815  ") == [
        "E05004806",
        "e01000001",
        "E02000001",
        "E05004815",
    ]
    assert split_codes("") == []


def test_a_custom_area_is_cleaned_once_for_every_channel() -> None:
    errors: Errors = {}
    cleaned = CustomAreaInput.clean(
        {
            "name": "  Hub\n  catchment ",
            "member_codes": "e05004806, E05004806\nE01000001",
            "description": " For ",
        },
        errors,
        by=BY,
    )
    assert errors == {}
    assert cleaned == {
        "name": "Hub catchment",
        "member_codes": ["E05004806", "E01000001"],
        "description": "For",
    }


def test_a_custom_areas_name_and_members_are_checked() -> None:
    errors: Errors = {}
    CustomAreaInput.clean({"name": " ", "member_codes": " ,; "}, errors, by=BY)
    assert errors == {
        "name": ["Enter a name for the area"],
        "member_codes": ["Enter the codes of the LSOAs, wards or MSOAs in the area"],
    }
    errors = {}
    too_many = [f"E01{n:06d}" for n in range(MAX_CUSTOM_MEMBERS + 1)]
    CustomAreaInput.clean({"name": "n" * 201, "member_codes": too_many}, errors, by=BY)
    assert errors == {
        "name": ["The name must be 200 characters or fewer"],
        "member_codes": [f"A custom area can have at most {MAX_CUSTOM_MEMBERS} members"],
    }


def test_the_form_takes_its_limit_and_messages_from_the_schema() -> None:
    form = CustomAreaForm({"name": "n" * 201, "member_codes": ""}, new=True)
    assert not form.is_valid()
    assert form.errors == {
        "name": ["The name must be 200 characters or fewer"],
        "member_codes": ["Enter the codes of the LSOAs, wards or MSOAs in the area"],
    }
    assert CustomAreaForm({"name": "", "member_codes": "E05004806"}, new=True).errors == {
        "name": ["Enter a name for the area"]
    }


@pytest.mark.parametrize(
    ("role", "allowed"), [(Role.COORDINATOR, True), (Role.ANALYST, False), (Role.VIEWER, False)]
)
def test_only_coordinators_may_define_change_or_delete_custom_areas(role: str, allowed: bool) -> None:
    actor = Actor(partnership_id=1, user=None, roles=frozenset({role}))
    assert geography_abilities(actor) == {
        "define_custom_areas": allowed,
        "change_custom_areas": allowed,
        "delete_custom_areas": allowed,
    }


@pytest.mark.django_db
def test_member_codes_may_be_given_as_typed(cli_actor: Actor) -> None:
    place: Place = make_place()
    area = custom_area_create(by=cli_actor, name="Hub", member_codes=f"e05004806\n{place.lsoas[2].code}")
    assert sorted(a.code for a in custom_area_members(area=area)) == sorted(
        ["E05004806", place.lsoas[2].code]
    )
