"""Writing partnerships (the tenants), their member organisations and board seats."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from typing import Any

from django.db import transaction
from django.utils.text import slugify

from wellboard.core.access import Actor, require
from wellboard.core.audit import audit_record, audit_snapshot
from wellboard.core.errors import InvalidInput
from wellboard.core.text import unique_slug
from wellboard.core.versioning import save_changes, version_check
from wellboard.partners.models import Membership, Organisation, OrganisationType, Partnership, User

# Organisation slugs appear in addresses beside pages such as ".../organisations/new/".
RESERVED_SLUGS = frozenset({"new", "edit", "history"})


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
) -> tuple[Partnership, Actor]:
    """Create a tenant. Run by the deployment's operator; returns the operator's actor in it."""
    if slug != slugify(slug) or not slug:
        raise InvalidInput({"slug": ["Use lower-case letters, numbers and hyphens only"]})
    if Partnership.objects.filter(slug=slug).exists():
        raise InvalidInput({"slug": [f"A partnership called '{slug}' already exists"]})
    partnership = Partnership(
        slug=slug,
        name=name,
        place_name=place_name,
        area_code=area_code,
        description=description,
        is_public=is_public,
    )
    if fortnight_anchor is not None:
        partnership.fortnight_anchor = fortnight_anchor
    partnership.save()
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
    require(by.is_coordinator, "Only a coordinator can change the partnership's settings")
    locked = Partnership.objects.select_for_update().get(pk=partnership.pk)
    version_check(locked, expected_version, what="partnership")
    allowed = {
        "name",
        "place_name",
        "description",
        "area_code",
        "fortnight_anchor",
        "disclosure_rule",
        "is_public",
    }
    unknown = set(changes) - allowed
    if unknown:
        raise InvalidInput(f"Cannot change {', '.join(sorted(unknown))}")
    save_changes(by=by, record=locked, fields=changes, audit_action="partnership.update")
    return locked


def _clean_organisation(name: str, kind: str) -> dict[str, list[str]]:
    errors: dict[str, list[str]] = {}
    if not name.strip():
        errors["name"] = ["Enter the organisation's name"]
    if kind not in OrganisationType.values:
        errors["kind"] = [f"Choose a type: {', '.join(OrganisationType.labels)}"]
    return errors


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
) -> Organisation:
    require(by.is_coordinator, "Only a coordinator can add organisations")
    errors = _clean_organisation(name, kind)
    if Organisation.objects.filter(partnership_id=by.partnership_id, name__iexact=name.strip()).exists():
        errors.setdefault("name", []).append(f"'{name.strip()}' is already a member organisation")
    if errors:
        raise InvalidInput(errors)
    taken = set(Organisation.objects.filter(partnership_id=by.partnership_id).values_list("slug", flat=True))
    if slug and slug in taken:
        raise InvalidInput({"slug": [f"'{slug}' is already used by another organisation"]})
    if slug and slug in RESERVED_SLUGS:
        raise InvalidInput(
            {"slug": [f"'{slug}' cannot be used as an organisation's short name: choose another"]}
        )
    organisation = Organisation.objects.create(
        partnership_id=by.partnership_id,
        name=name.strip(),
        kind=kind,
        slug=slug or unique_slug(name, taken, reserved=RESERVED_SLUGS),
        website=website,
        description=description,
    )
    Membership.objects.create(
        organisation=organisation, board_seat=board_seat, seat_title=seat_title, joined_on=joined_on
    )
    audit_record(by=by, action="organisation.create", obj=organisation, after=audit_snapshot(organisation))
    return organisation


@transaction.atomic
def organisation_update(
    *, by: Actor, organisation: Organisation, expected_version: int | None, **changes: Any
) -> Organisation:
    require(by.is_coordinator, "Only a coordinator can change an organisation")
    locked = Organisation.objects.select_for_update().get(
        pk=organisation.pk, partnership_id=by.partnership_id
    )
    version_check(locked, expected_version, what="organisation")
    allowed = {"name", "kind", "website", "description"}
    if set(changes) - allowed:
        raise InvalidInput(f"Cannot change {', '.join(sorted(set(changes) - allowed))}")
    errors = _clean_organisation(changes.get("name", locked.name), changes.get("kind", locked.kind))
    if errors:
        raise InvalidInput(errors)
    cleaned = {key: value.strip() if isinstance(value, str) else value for key, value in changes.items()}
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
    require(by.is_coordinator, "Only a coordinator can change board seats")
    membership, _ = Membership.objects.get_or_create(organisation=organisation)
    locked = Membership.objects.select_for_update().get(pk=membership.pk)
    version_check(locked, expected_version, what="membership")
    if joined_on and left_on and left_on < joined_on:
        raise InvalidInput({"left_on": ["The date it left must be after the date it joined"]})
    fields = {"board_seat": board_seat, "seat_title": seat_title, "joined_on": joined_on, "left_on": left_on}
    save_changes(by=by, record=locked, fields=fields, audit_action="membership.update")
    return locked
