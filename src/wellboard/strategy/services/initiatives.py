"""Writing initiatives: the programmes, projects, campaigns, services and events partners deliver.

A coordinator creates and deletes them and may change anything; a contributor of the lead
organisation may keep its details up to date but not hand it to another organisation.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from typing import Any

from django.db import transaction

from wellboard.core.access import Actor
from wellboard.core.audit import audit_record, audit_snapshot
from wellboard.core.errors import NotFound
from wellboard.core.inputs import Errors, raise_if_any, unique_slug, values_in_use
from wellboard.core.locking import lock_for_edit
from wellboard.core.versioning import comparable, pk_set, save_changes, version_check
from wellboard.partners.models import Organisation
from wellboard.strategy.inputs import InitiativeInput
from wellboard.strategy.models import Initiative, Node
from wellboard.strategy.policy import (
    ADD_INITIATIVE,
    DELETE_INITIATIVE,
    can_edit_initiative,
    require_initiative_fields,
)

M2M_FIELDS = frozenset({"partners", "nodes"})


def _initiative_slugs(by: Actor, exclude_pk: int | None = None) -> set[str]:
    return values_in_use(
        Initiative.objects.filter(partnership_id=by.partnership_id), "slug", exclude_pk=exclude_pk
    )


@transaction.atomic
def initiative_create(
    *,
    by: Actor,
    name: str,
    kind: str,
    slug: str = "",
    description: str = "",
    start_date: dt.date | None = None,
    end_date: dt.date | None = None,
    lead_organisation: Organisation | None = None,
    partners: Iterable[Organisation] = (),
    target_groups: Iterable[str] = (),
    places: Iterable[str] = (),
    funding: str = "",
    nodes: Iterable[Node] = (),
) -> Initiative:
    ADD_INITIATIVE.require(by)
    errors: Errors = {}
    cleaned = InitiativeInput.clean(locals(), errors, by=by)  # the arguments it has rules for
    taken = _initiative_slugs(by)
    InitiativeInput.slug.check_free(errors, cleaned["slug"], taken=taken)
    raise_if_any(errors)
    cleaned["slug"] = cleaned["slug"] or unique_slug(cleaned["name"], taken)
    partner_list = cleaned.pop("partners")
    node_list = cleaned.pop("nodes")
    initiative = Initiative.objects.create(partnership_id=by.partnership_id, **cleaned)
    if partner_list:
        initiative.partners.set(partner_list)
    if node_list:
        initiative.nodes.set(node_list)
    audit_record(by=by, action="initiative.create", obj=initiative, after=audit_snapshot(initiative))
    return initiative


def _lock_initiative(by: Actor, initiative: Initiative) -> Initiative:
    locked = lock_for_edit(Initiative, pk=initiative.pk, partnership_id=by.partnership_id, what="initiative")
    if not can_edit_initiative(by, locked):
        raise NotFound("initiative")
    return locked


@transaction.atomic
def initiative_update(
    *, by: Actor, initiative: Initiative, expected_version: int | None, **changes: Any
) -> Initiative:
    locked = _lock_initiative(by, initiative)
    InitiativeInput.refuse_unknown(changes)
    version_check(locked, expected_version, what="initiative")
    errors: Errors = {}
    cleaned = InitiativeInput.clean(changes, errors, by=by, current=locked)
    if "slug" in cleaned:
        InitiativeInput.slug.check_free(errors, cleaned["slug"], taken=_initiative_slugs(by, locked.pk))
    raise_if_any(errors)
    changed: dict[str, Any] = {}
    for key, value in cleaned.items():
        if key in M2M_FIELDS:
            if pk_set(value) != pk_set(getattr(locked, key).all()):
                changed[key] = value
        elif comparable(value) != comparable(getattr(locked, key)):
            changed[key] = value
    if not changed:
        return locked
    require_initiative_fields(by, changed)
    save_changes(
        by=by,
        record=locked,
        fields={k: v for k, v in changed.items() if k not in M2M_FIELDS},
        audit_action="initiative.update",
        many={k: v for k, v in changed.items() if k in M2M_FIELDS},
    )
    return locked


@transaction.atomic
def initiative_delete(*, by: Actor, initiative: Initiative) -> None:
    locked = _lock_initiative(by, initiative)
    DELETE_INITIATIVE.require(by)
    audit_record(by=by, action="initiative.delete", obj=locked, before=audit_snapshot(locked))
    locked.delete()
