from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.core import mail

from tests.factories import make_person
from wellboard.core.access import Actor, Role
from wellboard.core.errors import Conflict, InvalidInput, NotFound, PermissionDenied
from wellboard.core.models import AuditEvent
from wellboard.partners.models import Membership, Organisation, Partnership, RoleGrant, User
from wellboard.partners.selectors import invitation_get_by_token
from wellboard.partners.services import (
    api_token_authenticate,
    api_token_create,
    api_token_revoke,
    invitation_accept,
    invitation_create,
    membership_update,
    organisation_create,
    organisation_update,
    partnership_create,
    partnership_delete,
    partnership_update,
    role_grant,
    role_revoke,
    user_create,
)

pytestmark = pytest.mark.django_db


def test_partnership_create_validates_slug() -> None:
    with pytest.raises(InvalidInput, match="lower-case"):
        partnership_create(slug="Bad Slug", name="x", place_name="y")
    partnership, actor = partnership_create(slug="new-town", name="New Town", place_name="New Town")
    assert actor.is_coordinator
    assert actor.via_cli
    with pytest.raises(InvalidInput, match="already exists"):
        partnership_create(slug="new-town", name="x", place_name="y")
    assert AuditEvent.objects.filter(action="partnership.create", object_id=str(partnership.pk)).exists()


def test_partnership_delete_removes_it_and_only_the_people_left_without_a_role(
    partnership: Partnership, other_partnership: Partnership
) -> None:
    only_here = make_person(partnership, "only-here", Role.VIEWER)
    in_both = make_person(partnership, "in-both", Role.VIEWER)
    RoleGrant.objects.create(user=in_both, partnership=other_partnership, role=Role.VIEWER)
    not_listed = make_person(partnership, "not-listed", Role.VIEWER)

    partnership_delete(slug=partnership.slug, people=[only_here.email, in_both.email])

    assert not Partnership.objects.filter(pk=partnership.pk).exists()
    assert not User.objects.filter(pk=only_here.pk).exists()
    assert User.objects.filter(pk=in_both.pk).exists()  # still has a role elsewhere
    assert User.objects.filter(pk=not_listed.pk).exists()  # roleless now, but not asked for
    assert Partnership.objects.filter(pk=other_partnership.pk).exists()


def test_organisation_create_and_update_are_audited(cli_actor: Actor) -> None:
    org = organisation_create(
        by=cli_actor, name="Stevenage Helps", kind="vcfs", board_seat=True, seat_title="VCS rep"
    )
    assert org.slug == "stevenage-helps"
    assert org.membership.board_seat
    updated = organisation_update(
        by=cli_actor, organisation=org, expected_version=1, website="https://example.org"
    )
    assert updated.version == 2
    event = AuditEvent.objects.filter(action="organisation.update").get()
    assert event.changes() == [("version", 1, 2), ("website", "", "https://example.org")]


def test_organisation_update_refuses_stale_version(cli_actor: Actor, council: Organisation) -> None:
    organisation_update(by=cli_actor, organisation=council, expected_version=1, description="first")
    with pytest.raises(Conflict) as excinfo:
        organisation_update(by=cli_actor, organisation=council, expected_version=1, description="second")
    assert excinfo.value.current_version == 2
    council.refresh_from_db()
    assert council.description == "first"


def test_organisation_create_rejects_bad_input(cli_actor: Actor) -> None:
    with pytest.raises(InvalidInput) as excinfo:
        organisation_create(by=cli_actor, name=" ", kind="spaceship")
    assert set(excinfo.value.errors) == {"name", "kind"}
    with pytest.raises(InvalidInput, match="already a member"):
        organisation_create(by=cli_actor, name="test council", kind="local_authority")


def test_only_coordinators_manage_organisations(
    partnership: Partnership, viewer: User, actor_of: object
) -> None:
    actor = actor_of(viewer)  # type: ignore[operator]
    with pytest.raises(PermissionDenied):
        organisation_create(by=actor, name="Nope", kind="vcfs")


def test_user_create_checks_email_and_password(cli_actor: Actor) -> None:
    user_create(
        by=cli_actor,
        email="Someone@Example.org",
        first_name="Some",
        last_name="One",
        password="a long enough passphrase",
    )
    with pytest.raises(InvalidInput, match="already has an account"):
        user_create(by=cli_actor, email="someone@example.org", first_name="X", last_name="", password=None)
    with pytest.raises(InvalidInput) as excinfo:
        user_create(by=cli_actor, email="new@example.org", first_name="N", last_name="", password="short")
    assert "password" in excinfo.value.errors


def test_role_grant_rules(cli_actor: Actor, council: Organisation, other_partnership: Partnership) -> None:
    user = user_create(by=cli_actor, email="p@example.org", first_name="P", last_name="", password=None)
    with pytest.raises(InvalidInput, match="organisation"):
        role_grant(by=cli_actor, user=user, role=Role.CONTRIBUTOR)
    foreign = other_partnership.organisations.first()
    with pytest.raises(InvalidInput, match="not in this partnership"):
        role_grant(by=cli_actor, user=user, role=Role.CONTRIBUTOR, organisation=foreign)
    grant = role_grant(by=cli_actor, user=user, role=Role.CONTRIBUTOR, organisation=council)
    assert role_grant(by=cli_actor, user=user, role=Role.CONTRIBUTOR, organisation=council) == grant


def test_last_coordinator_cannot_be_removed(
    coordinator: User, partnership: Partnership, actor_of: object
) -> None:
    actor = actor_of(coordinator)  # type: ignore[operator]
    grant = RoleGrant.objects.get(user=coordinator, role=Role.COORDINATOR)
    with pytest.raises(InvalidInput, match="at least one coordinator"):
        role_revoke(by=actor, grant=grant)


def test_invitation_round_trip(
    coordinator: User, charity: Organisation, actor_of: object, django_capture_on_commit_callbacks: Any
) -> None:
    actor = actor_of(coordinator)  # type: ignore[operator]
    with pytest.raises(InvalidInput):
        invitation_create(by=actor, email="new.person@example.org", role=Role.CONTRIBUTOR)
    with django_capture_on_commit_callbacks(execute=True):
        invitation, token = invitation_create(
            by=actor, email="New.Person@example.org", role=Role.CONTRIBUTOR, organisation=charity
        )
    assert len(mail.outbox) == 1
    assert token in mail.outbox[0].body
    assert token not in invitation.token_hash
    user = invitation_accept(
        token=token, user=None, first_name="New", last_name="Person", password="a long enough passphrase"
    )
    assert user.role_grants.get().organisation == charity
    with pytest.raises(Exception, match="expired or already been used"):
        invitation_get_by_token(token=token)


def test_api_tokens(coordinator: User, actor_of: object) -> None:
    actor = actor_of(coordinator)  # type: ignore[operator]
    record, token = api_token_create(by=actor, name="CRM export")
    assert token.startswith("wb_")
    assert record.prefix == token[:10]
    resolved = api_token_authenticate(token=token)
    assert resolved is not None
    assert resolved.user == coordinator
    record.refresh_from_db()
    assert record.last_used_at is not None
    api_token_revoke(by=actor, token=record)
    assert api_token_authenticate(token=token) is None
    assert api_token_authenticate(token="wb_nonsense") is None


def test_an_organisation_and_its_seat_saved_unchanged_write_nothing(
    cli_actor: Actor, council: Organisation, partnership: Partnership
) -> None:
    membership_update(
        by=cli_actor,
        organisation=council,
        expected_version=None,
        board_seat=True,
        seat_title="Chair",
        joined_on=dt.date(2020, 4, 1),
        left_on=None,
    )
    organisation_update(by=cli_actor, organisation=council, expected_version=1, description="Leads it")
    events = AuditEvent.objects.count()
    council.refresh_from_db()
    saved = organisation_update(
        by=cli_actor,
        organisation=council,
        expected_version=2,
        name=" Test Council ",  # as typed: cleaned to what is stored
        kind=council.kind,
        website=council.website,
        description="Leads it",
    )
    seat = membership_update(
        by=cli_actor,
        organisation=council,
        expected_version=2,
        board_seat=True,
        seat_title="Chair",
        joined_on=dt.date(2020, 4, 1),
        left_on=None,
    )
    settings = partnership_update(
        by=cli_actor,
        partnership=partnership,
        expected_version=partnership.version,
        name=partnership.name,
        place_name=partnership.place_name,
        is_public=partnership.is_public,
    )
    assert (saved.version, seat.version, settings.version) == (2, 2, partnership.version)
    assert AuditEvent.objects.count() == events


def test_partnership_settings_are_checked_on_every_channel(
    partnership: Partnership, cli_actor: Actor, viewer: User, actor_of: Any
) -> None:
    with pytest.raises(PermissionDenied, match=r"^Only a coordinator can change the partnership's settings$"):
        partnership_update(by=actor_of(viewer), partnership=partnership, expected_version=None, name="Mine")
    with pytest.raises(InvalidInput) as excinfo:
        partnership_update(
            by=cli_actor, partnership=partnership, expected_version=None, area_code="Stevenage", name=" "
        )
    assert excinfo.value.errors == {
        "name": ["Enter the partnership's name"],
        "area_code": ["Enter an ONS code: a letter and 8 digits, like E07000243"],
    }
    with pytest.raises(InvalidInput, match="A partnership's slug cannot be changed here"):
        partnership_update(by=cli_actor, partnership=partnership, expected_version=None, slug="elsewhere")


def test_partnership_settings_of_another_partnership_are_not_found(
    partnership: Partnership, other_partnership: Partnership, cli_actor: Actor
) -> None:
    with pytest.raises(NotFound):
        partnership_update(by=cli_actor, partnership=other_partnership, expected_version=None, name="Ours")
    other_partnership.refresh_from_db()
    assert other_partnership.name != "Ours"


def test_a_new_partnership_without_a_short_name_takes_one_from_its_name() -> None:
    partnership, _ = partnership_create(slug="", name="Healthy Hitchin", place_name="Hitchin")
    assert partnership.slug == "healthy-hitchin"
    with pytest.raises(InvalidInput, match="Enter an ONS code"):
        partnership_create(slug="royston", name="Royston", place_name="Royston", area_code="Royston")


def test_an_organisations_short_name_and_membership_dates_are_checked(
    cli_actor: Actor, council: Organisation
) -> None:
    with pytest.raises(InvalidInput) as excinfo:
        organisation_create(
            by=cli_actor,
            name="Hitchin Helps",
            kind="vcfs",
            slug="Hitchin Helps",
            joined_on=dt.date(2020, 4, 1),
            left_on=dt.date(2020, 3, 1),
        )
    assert excinfo.value.errors == {
        "slug": ["The short name must use only lower-case letters, numbers and hyphens"],
        "left_on": ["The date it left must be after the date it joined"],
    }
    with pytest.raises(
        InvalidInput, match=f"Another organisation already uses the short name '{council.slug}'"
    ):
        organisation_create(by=cli_actor, name="Hitchin Helps", kind="vcfs", slug=council.slug)
    created = organisation_create(
        by=cli_actor,
        name="Hitchin Helps",
        kind="vcfs",
        joined_on=dt.date(2020, 4, 1),
        left_on=dt.date(2024, 3, 31),
    )
    assert created.membership.left_on == dt.date(2024, 3, 31)
    with pytest.raises(InvalidInput, match="An organisation's slug cannot be changed here"):
        organisation_update(by=cli_actor, organisation=created, expected_version=1, slug="helps")


def test_another_partnerships_board_seat_is_not_found(
    cli_actor: Actor, other_partnership: Partnership
) -> None:
    stranger = Organisation.objects.create(partnership=other_partnership, name="Elsewhere", slug="elsewhere")
    with pytest.raises(NotFound):
        membership_update(
            by=cli_actor,
            organisation=stranger,
            expected_version=None,
            board_seat=True,
            seat_title="Chair",
            joined_on=None,
            left_on=None,
        )
    assert not Membership.objects.filter(organisation=stranger).exists()


def test_an_invitation_is_for_an_organisation_of_the_partnership(
    coordinator: User, actor_of: Any, other_partnership: Partnership
) -> None:
    stranger = Organisation.objects.create(partnership=other_partnership, name="Elsewhere", slug="elsewhere")
    with pytest.raises(InvalidInput) as excinfo:
        invitation_create(
            by=actor_of(coordinator), email="x@example.org", role=Role.CONTRIBUTOR, organisation=stranger
        )
    assert excinfo.value.errors == {"organisation": ["That organisation is not in this partnership"]}


def test_api_tokens_are_a_persons_own_to_revoke_unless_coordinating(
    coordinator: User, charity_contributor: User, actor_of: Any, cli_actor: Actor
) -> None:
    record, _ = api_token_create(by=actor_of(coordinator), name="CRM export")
    with pytest.raises(
        PermissionDenied, match="Only a coordinator can see and revoke other people's API tokens"
    ):
        api_token_revoke(by=actor_of(charity_contributor), token=record)
    own, _ = api_token_create(by=actor_of(charity_contributor), name="Case system")
    api_token_revoke(by=actor_of(coordinator), token=own)
    own.refresh_from_db()
    assert own.revoked_at is not None
    with pytest.raises(PermissionDenied, match="API tokens belong to a person"):
        api_token_create(by=cli_actor, name="Nightly job")
    with pytest.raises(InvalidInput, match="Say what will use this token"):
        api_token_create(by=actor_of(coordinator), name="  ")


def test_a_persons_name_has_the_same_limits_on_every_channel(cli_actor: Actor) -> None:
    with pytest.raises(InvalidInput) as excinfo:
        user_create(by=cli_actor, email="long@example.org", first_name="x" * 151, last_name="", password=None)
    assert excinfo.value.errors == {"first_name": ["The first name must be 150 characters or fewer"]}
