"""Writing hubs and who works at them (their sites and sessions are in ``sites``, the partners that
work there in ``hub_partners``).

Coordinators do all of it. Assigning a hub worker gives the person the hub worker role in the
partnership if they do not hold it yet, then scopes it to the hub; taking them off a hub leaves
their role and their other hubs as they were.
"""

from __future__ import annotations

from typing import Any

from django.db import transaction

from wellboard.core.access import Actor, Role
from wellboard.core.audit import audit_record, audit_snapshot
from wellboard.core.errors import InvalidInput, NotFound
from wellboard.core.inputs import Errors, add_error, raise_if_any, unique_slug, values_in_use
from wellboard.core.locking import lock_for_edit
from wellboard.core.versioning import comparable, save_changes, version_check
from wellboard.hub.codes import refusal_for_personal_details
from wellboard.hub.inputs import HubInput
from wellboard.hub.models import Hub, HubAssignment, HubKind
from wellboard.hub.policy import ADD_HUB, ASSIGN_HUB_WORKER, CHANGE_HUB
from wellboard.partners.models import Organisation, RoleGrant, User


def _hub_slugs(by: Actor, exclude_pk: int | None = None) -> set[str]:
    return values_in_use(Hub.objects.filter(partnership_id=by.partnership_id), "slug", exclude_pk=exclude_pk)


def refuse_personal(errors: Errors, field: str, label: str, text: str) -> None:
    """Free text in hub records is checked for personal details and refused if it seems to hold any."""
    refusal = refusal_for_personal_details(label, text)
    if refusal and field not in errors:
        errors[field] = [refusal]


@transaction.atomic
def hub_create(
    *,
    by: Actor,
    name: str,
    organisation: Organisation | None,
    slug: str = "",
    kind: str = HubKind.MAIN,
    age_from: int | None = None,
    age_to: int | None = None,
    active: bool = True,
) -> Hub:
    ADD_HUB.require(by)
    errors: Errors = {}
    cleaned = HubInput.clean(locals(), errors, by=by)
    taken = _hub_slugs(by)
    HubInput.slug.check_free(errors, cleaned["slug"], taken=taken)
    refuse_personal(errors, "name", "The name", cleaned["name"])
    raise_if_any(errors)
    cleaned["slug"] = cleaned["slug"] or unique_slug(cleaned["name"], taken)
    hub = Hub.objects.create(partnership_id=by.partnership_id, **cleaned)
    audit_record(by=by, action="hub.create", obj=hub, after=audit_snapshot(hub))
    return hub


def _keep_ages_readable(errors: Errors, hub: Hub, kind: str) -> None:
    """A young people's hub records single years of age and other hubs record bands: a hub with
    visits cannot move between the two, or its visits' ages would no longer mean what they say."""
    young = HubKind.YOUNG_PEOPLE
    if "kind" not in errors and (kind == young) != (hub.kind == young) and hub.contacts.exists():
        add_error(
            errors,
            "kind",
            "A hub with visits cannot become, or stop being, a young people's hub: its visits' ages are "
            "recorded as single years there and in bands elsewhere. Add a new hub instead",
        )


@transaction.atomic
def hub_update(*, by: Actor, hub: Hub, expected_version: int | None, **changes: Any) -> Hub:
    locked = lock_for_edit(Hub, pk=hub.pk, partnership_id=by.partnership_id, what="hub")
    CHANGE_HUB.require(by)
    HubInput.refuse_unknown(changes)
    version_check(locked, expected_version, what="hub")
    errors: Errors = {}
    cleaned = HubInput.clean(changes, errors, by=by, current=locked)
    if "slug" in cleaned:
        HubInput.slug.check_free(errors, cleaned["slug"], taken=_hub_slugs(by, locked.pk))
    if "name" in cleaned:
        refuse_personal(errors, "name", "The name", cleaned["name"])
    _keep_ages_readable(errors, locked, cleaned.get("kind", locked.kind))
    raise_if_any(errors)
    changed = {k: v for k, v in cleaned.items() if comparable(v) != comparable(getattr(locked, k))}
    if changed:
        save_changes(by=by, record=locked, fields=changed, audit_action="hub.update")
    return locked


@transaction.atomic
def hub_worker_assign(*, by: Actor, hub: Hub, user: User) -> HubAssignment:
    """Let ``user`` record and see ``hub``'s contacts, giving them the hub worker role if need be.
    Assigning someone already assigned changes nothing."""
    locked = lock_for_edit(Hub, pk=hub.pk, partnership_id=by.partnership_id, what="hub")
    ASSIGN_HUB_WORKER.require(by)
    if not user.is_active:
        raise InvalidInput({"user": ["That person's account is closed"]})
    grant = RoleGrant.objects.filter(
        user=user, partnership_id=by.partnership_id, role=Role.HUB_WORKER, organisation__isnull=True
    ).first()
    if grant is None:
        grant = RoleGrant.objects.create(user=user, partnership_id=by.partnership_id, role=Role.HUB_WORKER)
        audit_record(by=by, action="role.grant", obj=grant, after=audit_snapshot(grant))
    assignment = HubAssignment.objects.filter(role_grant=grant, hub=locked).first()
    if assignment is not None:
        return assignment
    assignment = HubAssignment.objects.create(role_grant=grant, hub=locked)
    audit_record(
        by=by,
        action="hub_worker.assign",
        obj=assignment,
        after={"hub": locked.name, "person": str(user)},
    )
    return assignment


@transaction.atomic
def hub_worker_unassign(*, by: Actor, hub: Hub, assignment: HubAssignment) -> None:
    """Take a hub worker off ``hub``: they no longer record or see its contacts. Their hub worker role
    and their other hubs stay as they were, and the visits they recorded stay with the hub."""
    locked = lock_for_edit(Hub, pk=hub.pk, partnership_id=by.partnership_id, what="hub")
    ASSIGN_HUB_WORKER.require(by)
    found = (
        HubAssignment.objects.select_related("role_grant__user")
        .filter(pk=assignment.pk, hub=locked, role_grant__partnership_id=by.partnership_id)
        .first()
    )
    if found is None:
        raise NotFound("hub worker")
    person = str(found.role_grant.user)
    audit_record(
        by=by,
        action="hub_worker.unassign",
        obj=found,
        before={"hub": locked.name, "person": person},
    )
    found.delete()
