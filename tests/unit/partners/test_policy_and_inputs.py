"""The partners app's rules (who may change a partnership's records) and input schemas (what a
partnership, an organisation, a membership, a person, a role, an invitation and an API token accept)."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest

from wellboard.core.access import Actor, Role
from wellboard.core.errors import PermissionDenied
from wellboard.core.inputs import Errors, InputSchema
from wellboard.partners.inputs import (
    ApiTokenInput,
    InvitationInput,
    MembershipInput,
    NewOrganisationInput,
    OrganisationInput,
    PartnershipInput,
    PartnershipSettingsInput,
    PersonInput,
    RoleInput,
)
from wellboard.partners.models import Organisation, Partnership
from wellboard.partners.policy import (
    CHANGE_SETTINGS,
    MAKE_API_TOKEN,
    RULES,
    partners_abilities,
)

BY = Actor(partnership_id=1, user=None, roles=frozenset({Role.COORDINATOR}))


def actor(*roles: str) -> Actor:
    return Actor(partnership_id=1, user=None, roles=frozenset(roles))


def clean(
    schema: type[InputSchema], values: dict[str, Any], current: Any = None
) -> tuple[dict[str, Any], Errors]:
    errors: Errors = {}
    return schema.clean(values, errors, by=BY, current=current), errors


def test_only_coordinators_manage_the_partnership() -> None:
    assert all(partners_abilities(actor(Role.COORDINATOR)).values())
    for role in (Role.ANALYST, Role.APPROVER, Role.BOARD, Role.CONTRIBUTOR, Role.VIEWER):
        assert not any(partners_abilities(actor(role)).values()), role
    assert set(RULES) == {
        "change_settings",
        "add_organisation",
        "change_organisation",
        "see_people",
        "manage_all_api_tokens",
    }
    with pytest.raises(PermissionDenied, match=r"^Only a coordinator can change the partnership's settings$"):
        CHANGE_SETTINGS.require(actor(Role.ANALYST))


def test_an_api_token_belongs_to_a_person() -> None:
    assert not MAKE_API_TOKEN.allows(Actor.command_line(1))


def test_partnership_settings_are_cleaned() -> None:
    cleaned, errors = clean(
        PartnershipSettingsInput,
        {
            "name": " Healthy Hitchin ",
            "place_name": "",
            "area_code": "Hitchin",
            "fortnight_anchor": None,
            "disclosure_rule": "loose",
            "is_public": "on",
        },
    )
    assert errors == {
        "place_name": ["Enter the place it serves"],
        "area_code": ["Enter an ONS code: a letter and 8 digits, like E07000243"],
        "fortnight_anchor": ["Enter the first day of a fortnight"],
        "disclosure_rule": ["Choose how small numbers in published figures are shown"],
    }
    assert cleaned["name"] == "Healthy Hitchin"
    assert cleaned["is_public"] is True
    assert clean(PartnershipSettingsInput, {"area_code": " E07000099 "}) == ({"area_code": "E07000099"}, {})
    assert "slug" not in PartnershipSettingsInput.fields()  # a partnership's address stays
    assert clean(PartnershipInput, {"slug": "Healthy Hitchin"})[1] == {
        "slug": ["The short name must use only lower-case letters, numbers and hyphens"]
    }
    assert clean(PartnershipInput, {"slug": "h" * 61})[1] != {}


def test_an_organisation_is_cleaned() -> None:
    cleaned, errors = clean(
        NewOrganisationInput,
        {"name": " ", "kind": "spaceship", "website": "not a site", "slug": "new", "description": " Runs "},
    )
    assert errors == {
        "name": ["Enter the organisation's name"],
        "kind": [
            "Choose a type: Local authority, NHS, Police, Fire and rescue, Education, "
            "Voluntary, community or faith, Business, Media"
        ],
        "website": ["Enter a web address, like https://example.org"],
        "slug": ["'new' cannot be used as a short name: choose another"],
    }
    assert cleaned["description"] == "Runs"
    assert clean(OrganisationInput, {"website": "https://example.org/about", "kind": "nhs"})[1] == {}
    assert clean(OrganisationInput, {"website": "ftp://example.org"})[1] != {}
    assert "slug" not in OrganisationInput.fields()  # an organisation's address stays


def test_a_membership_cannot_end_before_it_starts() -> None:
    joined = dt.date(2020, 4, 1)
    assert clean(MembershipInput, {"joined_on": joined, "left_on": dt.date(2020, 3, 31)})[1] == {
        "left_on": ["The date it left must be after the date it joined"]
    }
    assert clean(MembershipInput, {"joined_on": joined, "left_on": joined})[1] == {}

    class Stored:
        joined_on = joined
        left_on = None

    assert clean(MembershipInput, {"left_on": dt.date(2019, 1, 1)}, current=Stored())[1] == {
        "left_on": ["The date it left must be after the date it joined"]
    }
    assert clean(MembershipInput, {"seat_title": "x" * 201})[1] == {
        "seat_title": ["The seat must be 200 characters or fewer"]
    }


def test_a_person_has_an_email_address_and_a_first_name() -> None:
    cleaned, errors = clean(
        PersonInput, {"email": " Someone@Example.ORG ", "first_name": " Sam ", "last_name": "x" * 151}
    )
    assert cleaned["email"] == "someone@example.org"
    assert cleaned["first_name"] == "Sam"
    assert errors == {"last_name": ["The last name must be 150 characters or fewer"]}
    assert clean(PersonInput, {"email": "someone", "first_name": ""})[1] == {
        "email": ["Enter an email address, like name@example.org"],
        "first_name": ["Enter a first name"],
    }


@pytest.mark.django_db
def test_a_contributor_contributes_for_an_organisation_of_the_partnership(
    partnership: Partnership, other_partnership: Partnership, charity: Organisation
) -> None:
    by = Actor(partnership_id=partnership.pk, user=None, roles=frozenset({Role.COORDINATOR}))
    stranger = other_partnership.organisations.first()

    def errors_of(schema: type[InputSchema], values: dict[str, Any]) -> Errors:
        errors: Errors = {}
        schema.clean(values, errors, by=by)
        return errors

    assert errors_of(RoleInput, {"role": Role.CONTRIBUTOR, "organisation": None}) == {
        "organisation": ["Choose the organisation they will contribute for"]
    }
    assert errors_of(RoleInput, {"role": Role.CONTRIBUTOR, "organisation": charity}) == {}
    assert errors_of(RoleInput, {"role": Role.VIEWER, "organisation": None}) == {}
    assert errors_of(RoleInput, {"role": Role.CONTRIBUTOR, "organisation": stranger}) == {
        "organisation": ["That organisation is not in this partnership"]
    }
    assert errors_of(InvitationInput, {"email": "x", "role": "emperor", "organisation": None}) == {
        "role": ["Choose a role: coordinator, analyst, approver, board, contributor, viewer, hub_worker"],
        "email": ["Enter an email address, like name@example.org"],
    }


def test_an_api_token_says_what_uses_it() -> None:
    assert clean(ApiTokenInput, {"name": " "})[1] == {"name": ["Say what will use this token"]}
    assert clean(ApiTokenInput, {"name": "x" * 101})[1] == {
        "name": ["The name must be 100 characters or fewer"]
    }
