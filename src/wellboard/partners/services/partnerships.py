"""Writing partnerships (the tenants), their member organisations and board seats."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from typing import Any

from django.db import transaction

from wellboard.core.access import Actor
from wellboard.core.audit import audit_record, audit_snapshot
from wellboard.core.errors import NotFound
from wellboard.core.inputs import Errors, add_error, raise_if_any, unique_slug, values_in_use
from wellboard.core.locking import ITSELF, lock_for_edit
from wellboard.core.versioning import save_changes, version_check
from wellboard.partners.inputs import (
    MembershipInput,
    NewOrganisationInput,
    OrganisationInput,
    PartnershipInput,
    PartnershipSettingsInput,
)
from wellboard.partners.models import Membership, Organisation, Partnership, User
from wellboard.partners.policy import (
    ADD_ORGANISATION,
    CHANGE_BOARD_SEATS,
    CHANGE_ORGANISATION,
    CHANGE_SETTINGS,
)


@transaction.atomic
def partnership_create(
    *,
    slug: str,
    name: str,
    place_name: str,
    area_code: str = "",
    description: str = "",
    fortnight_anchor: dt.date | None = None,
    is_public: bool = False,
    two_factor_roles: list[str] | None = None,
) -> tuple[Partnership, Actor]:
    """Create a tenant. Run by the deployment's operator; returns the operator's actor in it. A
    partnership with no ``slug`` has one made from its name; without a ``fortnight_anchor`` its
    fortnights start on the model's default day, and without ``two_factor_roles`` coordinators (and
    hub workers) must use a second factor."""
    defaulted = {"fortnight_anchor", "two_factor_roles"}
    values = {k: v for k, v in locals().items() if not (k in defaulted and v is None)}
    errors: Errors = {}
    operator = Actor.command_line(0)  # the partnership does not exist yet; its rules need none
    cleaned = PartnershipInput.clean(values, errors, by=operator)
    taken = set(Partnership.objects.values_list("slug", flat=True))
    if "slug" not in errors and cleaned["slug"] in taken:
        add_error(errors, "slug", f"A partnership called '{cleaned['slug']}' already exists")
    raise_if_any(errors)
    cleaned["slug"] = cleaned["slug"] or unique_slug(cleaned["name"], taken, max_length=60)
    partnership = Partnership.objects.create(**cleaned)
    actor = Actor.command_line(partnership.pk)
    audit_record(by=actor, action="partnership.create", obj=partnership, after=audit_snapshot(partnership))
    return partnership, actor


@transaction.atomic
def partnership_delete(*, slug: str, people: Iterable[str] = ()) -> None:
    """Remove a partnership with everything that belongs to it, and those of ``people`` (email
    addresses) left with no role in any partnership. Run by the deployment's operator (reloading the
    demo does this); no page or endpoint offers it.

    Nothing is audited: the partnership's audit events outlive it (their partnership is cleared),
    and the operator's command is the record of the removal.
    """
    Partnership.objects.filter(slug=slug).delete()
    User.objects.filter(email__in=list(people), role_grants__isnull=True).delete()


@transaction.atomic
def partnership_update(
    *, by: Actor, partnership: Partnership, expected_version: int | None, **changes: Any
) -> Partnership:
    CHANGE_SETTINGS.require(by)
    PartnershipSettingsInput.refuse_unknown(changes)
    locked = lock_for_edit(
        Partnership, pk=partnership.pk, partnership_id=by.partnership_id, via=ITSELF, what="partnership"
    )
    version_check(locked, expected_version, what="partnership")
    errors: Errors = {}
    cleaned = PartnershipSettingsInput.clean(changes, errors, by=by, current=locked)
    raise_if_any(errors)
    save_changes(by=by, record=locked, fields=cleaned, audit_action="partnership.update")
    return locked


@transaction.atomic
def organisation_create(
    *,
    by: Actor,
    name: str,
    kind: str,
    slug: str = "",
    website: str = "",
    description: str = "",
    board_seat: bool = False,
    seat_title: str = "",
    joined_on: dt.date | None = None,
    left_on: dt.date | None = None,
) -> Organisation:
    """Add a member organisation with its membership (and seat on the board, if it has one). With
    no ``slug`` its short name is made from its name."""
    ADD_ORGANISATION.require(by)
    errors: Errors = {}
    cleaned = NewOrganisationInput.clean(locals(), errors, by=by)  # the arguments it has rules for
    seat = MembershipInput.clean(locals(), errors, by=by)
    members = Organisation.objects.filter(partnership_id=by.partnership_id)
    if "name" not in errors and members.filter(name__iexact=cleaned["name"]).exists():
        add_error(errors, "name", f"'{cleaned['name']}' is already a member organisation")
    taken = values_in_use(members, "slug")
    NewOrganisationInput.slug.check_free(errors, cleaned["slug"], taken=taken)
    raise_if_any(errors)
    cleaned["slug"] = cleaned["slug"] or unique_slug(cleaned["name"], taken)
    organisation = Organisation.objects.create(partnership_id=by.partnership_id, **cleaned)
    Membership.objects.create(organisation=organisation, **seat)
    audit_record(by=by, action="organisation.create", obj=organisation, after=audit_snapshot(organisation))
    return organisation


@transaction.atomic
def organisation_update(
    *, by: Actor, organisation: Organisation, expected_version: int | None, **changes: Any
) -> Organisation:
    CHANGE_ORGANISATION.require(by)
    OrganisationInput.refuse_unknown(changes)
    locked = lock_for_edit(
        Organisation, pk=organisation.pk, partnership_id=by.partnership_id, what="organisation"
    )
    version_check(locked, expected_version, what="organisation")
    errors: Errors = {}
    cleaned = OrganisationInput.clean(changes, errors, by=by, current=locked)
    raise_if_any(errors)
    save_changes(
        by=by,
        record=locked,
        fields=cleaned,
        audit_action="organisation.update",
        duplicate_errors={"name": ["Another organisation already has that name"]},
    )
    return locked


@transaction.atomic
def membership_update(
    *,
    by: Actor,
    organisation: Organisation,
    expected_version: int | None,
    board_seat: bool,
    seat_title: str,
    joined_on: dt.date | None,
    left_on: dt.date | None,
) -> Membership:
    CHANGE_BOARD_SEATS.require(by)
    if organisation.partnership_id != by.partnership_id:
        raise NotFound("organisation")
    membership, _ = Membership.objects.get_or_create(organisation=organisation)
    locked = lock_for_edit(
        Membership,
        pk=membership.pk,
        partnership_id=by.partnership_id,
        via="organisation",
        what="organisation",
    )
    version_check(locked, expected_version, what="membership")
    errors: Errors = {}
    fields = {"board_seat": board_seat, "seat_title": seat_title, "joined_on": joined_on, "left_on": left_on}
    cleaned = MembershipInput.clean(fields, errors, by=by, current=locked)
    raise_if_any(errors)
    save_changes(by=by, record=locked, fields=cleaned, audit_action="membership.update")
    return locked
