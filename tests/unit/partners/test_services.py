from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.core import mail

from tests.factories import make_person
from wellboard.core.access import Actor, Role
from wellboard.core.errors import Conflict, InvalidInput, PermissionDenied
from wellboard.core.models import AuditEvent
from wellboard.partners.models import Organisation, Partnership, RoleGrant, User
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
