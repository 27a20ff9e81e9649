"""Setting up and changing collections: what is returned, how often, when it is due and by whom."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping
from typing import Any

from django.db import transaction
from django.utils.text import slugify

from wellboard.core.access import Actor, require
from wellboard.core.audit import audit_record, audit_snapshot
from wellboard.core.errors import InvalidInput
from wellboard.core.versioning import save_changes, version_check
from wellboard.partners.models import Organisation
from wellboard.returns.models import FREQUENCY_CHOICES, Collection, DueRule, Return

RESERVED_SLUGS = frozenset({"new", "reach", "upload"})  # page names beside collections in URLs


def _clean_collection(data: Mapping[str, Any]) -> dict[str, list[str]]:
    errors: dict[str, list[str]] = {}
    if "name" in data and not str(data["name"]).strip():
        errors["name"] = ["Enter a name for the collection"]
    if "frequency" in data and data["frequency"] not in dict(FREQUENCY_CHOICES):
        errors["frequency"] = ["Choose how often organisations return their figures"]
    if "due_rule" in data and data["due_rule"] not in DueRule.values:
        errors["due_rule"] = ["Choose how the due date is worked out"]
    if "due_days" in data and not (0 <= int(data["due_days"]) <= 120):
        errors["due_days"] = ["The due date must be between 0 and 120 days after the period ends"]
    if "reminder_days" in data and not (0 <= int(data["reminder_days"]) <= 60):
        errors["reminder_days"] = ["Reminders must go between 0 and 60 days before the due date"]
    first, last = data.get("first_period_start"), data.get("last_period_end")
    if "first_period_start" in data and first is None:
        errors["first_period_start"] = ["Enter the date the first period starts"]
    if first is not None and last is not None and last < first:
        errors["last_period_end"] = ["The last period must end after the first period starts"]
    return errors


def _snapshot_collection(collection: Collection) -> dict[str, Any]:
    return audit_snapshot(collection)


@transaction.atomic
def collection_create(
    *,
    by: Actor,
    name: str,
    frequency: str,
    first_period_start: dt.date | None,
    last_period_end: dt.date | None = None,
    description: str = "",
    due_rule: str = DueRule.WORKING_DAYS,
    due_days: int = 10,
    reminder_days: int = 3,
    organisations: Iterable[Organisation] = (),
    slug: str = "",
) -> Collection:
    require(by.is_coordinator, "Only a coordinator can set up a collection")
    data = {
        "name": name,
        "frequency": frequency,
        "first_period_start": first_period_start,
        "last_period_end": last_period_end,
        "due_rule": due_rule,
        "due_days": due_days,
        "reminder_days": reminder_days,
    }
    errors = _clean_collection(data)
    slug = slug or slugify(name)[:80]
    if not slug and "name" not in errors:
        errors["name"] = ["Use at least one letter or number in the name"]
    if slug in RESERVED_SLUGS:
        slug = f"{slug}-returns"
    if Collection.objects.filter(partnership_id=by.partnership_id, slug=slug).exists():
        errors.setdefault("name", []).append("A collection with this name already exists")
    orgs = list(organisations)
    if any(o.partnership_id != by.partnership_id for o in orgs):
        errors.setdefault("organisations", []).append("Choose organisations in this partnership")
    if errors:
        raise InvalidInput(errors)
    assert first_period_start is not None
    collection = Collection.objects.create(
        partnership_id=by.partnership_id,
        slug=slug,
        name=name.strip(),
        description=description.strip(),
        frequency=frequency,
        first_period_start=first_period_start,
        last_period_end=last_period_end,
        due_rule=due_rule,
        due_days=due_days,
        reminder_days=reminder_days,
    )
    collection.organisations.set(orgs)
    audit_record(by=by, action="collection.create", obj=collection, after=_snapshot_collection(collection))
    return collection


COLLECTION_FIELDS = frozenset(
    {
        "name",
        "description",
        "frequency",
        "first_period_start",
        "last_period_end",
        "due_rule",
        "due_days",
        "reminder_days",
        "is_open",
        "organisations",
    }
)


@transaction.atomic
def collection_update(
    *, by: Actor, collection: Collection, expected_version: int | None, **changes: Any
) -> Collection:
    require(by.is_coordinator, "Only a coordinator can change a collection")
    unknown = set(changes) - COLLECTION_FIELDS
    if unknown:
        raise InvalidInput(f"Cannot change {', '.join(sorted(unknown))}")
    locked = Collection.objects.select_for_update().get(pk=collection.pk, partnership_id=by.partnership_id)
    version_check(locked, expected_version, what="collection")
    merged = {
        "first_period_start": locked.first_period_start,
        "last_period_end": locked.last_period_end,
        **changes,
    }
    errors = _clean_collection(merged)
    if (
        ("frequency" in changes and changes["frequency"] != locked.frequency)
        or ("first_period_start" in changes and changes["first_period_start"] != locked.first_period_start)
    ) and Return.objects.filter(collection=locked).exists():
        errors.setdefault("frequency", []).append(
            "Returns have been made, so the periods cannot change; set up a new collection instead"
        )
    orgs = changes.pop("organisations", None)
    if orgs is not None and any(o.partnership_id != by.partnership_id for o in orgs):
        errors.setdefault("organisations", []).append("Choose organisations in this partnership")
    if errors:
        raise InvalidInput(errors)
    save_changes(
        by=by,
        record=locked,
        fields={
            key: value.strip() if isinstance(value, str) and key == "name" else value
            for key, value in changes.items()
        },
        audit_action="collection.update",
        many={"organisations": orgs} if orgs is not None else None,
    )
    return locked
