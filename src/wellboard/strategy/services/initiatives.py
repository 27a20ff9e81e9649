"""Writing initiatives: the programmes, projects, campaigns, services and events partners deliver.

A coordinator creates and deletes them and may change anything; a contributor of the lead
organisation may keep its details up to date but not hand it to another organisation.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from typing import Any

from django.db import transaction

from wellboard.core.access import Actor, require
from wellboard.core.audit import audit_record, audit_snapshot
from wellboard.core.errors import InvalidInput, NotFound, PermissionDenied
from wellboard.core.versioning import comparable, pk_set, save_changes, version_check
from wellboard.partners.models import Organisation
from wellboard.strategy.models import Initiative, InitiativeKind, Node
from wellboard.strategy.services._common import (
    Errors,
    add_error,
    clean_choice,
    clean_date_order,
    clean_optional_date,
    clean_optional_text,
    clean_organisation,
    clean_organisations,
    clean_required_text,
    clean_slug,
    clean_text_list,
    refuse_unknown_fields,
    unique_slug,
    values_in_use,
)

INITIATIVE_FIELDS = frozenset(
    {
        "name",
        "kind",
        "slug",
        "description",
        "start_date",
        "end_date",
        "lead_organisation",
        "partners",
        "target_groups",
        "places",
        "funding",
        "nodes",
    }
)
COORDINATOR_ONLY = frozenset({"slug", "lead_organisation"})
M2M_FIELDS = frozenset({"partners", "nodes"})


def _clean_nodes(errors: Errors, by: Actor, nodes: Iterable[Any]) -> list[Node]:
    wanted = pk_set(nodes or ())
    if not wanted:
        return []
    found = list(Node.objects.filter(pk__in=wanted, strategy__partnership_id=by.partnership_id))
    if len(found) != len(wanted):
        add_error(errors, "nodes", "Choose parts of this partnership's strategies")
    return found


def _clean_initiative(errors: Errors, by: Actor, values: dict[str, Any]) -> dict[str, Any]:
    cleaned: dict[str, Any] = {}
    if "name" in values:
        cleaned["name"] = clean_required_text(
            errors,
            "name",
            values["name"],
            missing="Enter the initiative's name",
            max_length=200,
            label="The name",
        )
    if "kind" in values:
        cleaned["kind"] = clean_choice(errors, "kind", values["kind"], InitiativeKind, what="what kind it is")
    for name, label in (("description", "The description"), ("funding", "The funding")):
        if name in values:
            cleaned[name] = clean_optional_text(errors, name, values[name], label=label)
    for name, label in (("start_date", "start date"), ("end_date", "end date")):
        if name in values:
            cleaned[name] = clean_optional_date(errors, name, values[name], label=label)
    if "lead_organisation" in values:
        cleaned["lead_organisation"] = clean_organisation(
            errors, "lead_organisation", values["lead_organisation"], by=by, required=False
        )
    if "partners" in values:
        cleaned["partners"] = clean_organisations(errors, "partners", values["partners"], by=by)
    if "target_groups" in values:
        cleaned["target_groups"] = clean_text_list(
            errors, "target_groups", values["target_groups"], label="target groups"
        )
    if "places" in values:
        cleaned["places"] = clean_text_list(errors, "places", values["places"], label="places")
    if "nodes" in values:
        cleaned["nodes"] = _clean_nodes(errors, by, values["nodes"])
    return cleaned


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
    require(by.is_coordinator, "Only a coordinator can add initiatives")
    errors: Errors = {}
    cleaned = _clean_initiative(
        errors,
        by,
        {
            "name": name,
            "kind": kind,
            "description": description,
            "start_date": start_date,
            "end_date": end_date,
            "lead_organisation": lead_organisation,
            "partners": partners,
            "target_groups": target_groups,
            "places": places,
            "funding": funding,
            "nodes": nodes,
        },
    )
    clean_date_order(
        errors,
        start_date,
        end_date,
        end_field="end_date",
        message="The end date must be on or after the start date",
    )
    taken = _initiative_slugs(by)
    slug = clean_slug(errors, "slug", slug, taken=taken, what="initiative")
    if errors:
        raise InvalidInput(errors)
    partner_list = cleaned.pop("partners")
    node_list = cleaned.pop("nodes")
    initiative = Initiative.objects.create(
        partnership_id=by.partnership_id, slug=slug or unique_slug(cleaned["name"], taken), **cleaned
    )
    if partner_list:
        initiative.partners.set(partner_list)
    if node_list:
        initiative.nodes.set(node_list)
    audit_record(by=by, action="initiative.create", obj=initiative, after=audit_snapshot(initiative))
    return initiative


def _lock_initiative(by: Actor, initiative: Initiative) -> Initiative:
    locked = (
        Initiative.objects.select_for_update()
        .filter(pk=initiative.pk, partnership_id=by.partnership_id)
        .first()
    )
    if locked is None or not by.acts_for(locked.lead_organisation_id):
        raise NotFound("initiative")
    return locked


@transaction.atomic
def initiative_update(
    *, by: Actor, initiative: Initiative, expected_version: int | None, **changes: Any
) -> Initiative:
    locked = _lock_initiative(by, initiative)
    refuse_unknown_fields(changes, INITIATIVE_FIELDS, owner="An initiative")
    version_check(locked, expected_version, what="initiative")
    errors: Errors = {}
    cleaned = _clean_initiative(errors, by, changes)
    if "slug" in changes:
        slug = clean_slug(
            errors, "slug", changes["slug"], taken=_initiative_slugs(by, locked.pk), what="initiative"
        )
        if not slug:
            add_error(errors, "slug", "Enter a short name")
        cleaned["slug"] = slug
    start = cleaned.get("start_date", locked.start_date)
    end = cleaned.get("end_date", locked.end_date)
    if "start_date" not in errors and "end_date" not in errors:
        clean_date_order(
            errors,
            start,
            end,
            end_field="end_date",
            message="The end date must be on or after the start date",
        )
    if errors:
        raise InvalidInput(errors)
    changed: dict[str, Any] = {}
    for key, value in cleaned.items():
        if key in M2M_FIELDS:
            if pk_set(value) != pk_set(getattr(locked, key).all()):
                changed[key] = value
        elif comparable(value) != comparable(getattr(locked, key)):
            changed[key] = value
    if not changed:
        return locked
    if not by.is_coordinator and COORDINATOR_ONLY & set(changed):
        raise PermissionDenied(
            "Only a coordinator can change an initiative's lead organisation or short name"
        )
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
    require(by.is_coordinator, "Only a coordinator can delete initiatives")
    audit_record(by=by, action="initiative.delete", obj=locked, before=audit_snapshot(locked))
    locked.delete()
