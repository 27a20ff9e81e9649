"""Setting up and changing collections: what is returned, how often, when it is due and by whom."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from typing import Any

from django.db import transaction
from django.utils.text import slugify

from wellboard.core.access import Actor
from wellboard.core.audit import audit_record, audit_snapshot
from wellboard.core.errors import InvalidInput
from wellboard.core.inputs import Errors, add_error, raise_if_any
from wellboard.core.locking import lock_for_edit
from wellboard.core.periods import PeriodError, PeriodKind, period_containing
from wellboard.core.versioning import save_changes, version_check
from wellboard.partners.models import Organisation, Partnership
from wellboard.returns.inputs import CollectionInput
from wellboard.returns.models import Collection, DueRule, Return
from wellboard.returns.policy import CHANGE_COLLECTION, SET_UP_COLLECTION

RESERVED_SLUGS = frozenset({"new", "reach", "upload"})  # page names beside collections in URLs


CALENDAR_END = (
    "This date is too near the start or end of the calendar for periods to follow it: check the year"
)


def _check_periods(errors: Errors, by: Actor, values: dict[str, Any]) -> None:
    """The first and last periods must exist with a period either side (the pages link to them):
    a date at the ends of the calendar has none."""
    try:
        kind = PeriodKind(str(values.get("frequency", "")))
    except ValueError:
        return  # the schema has said what is wrong with the frequency
    anchor = None
    if kind == PeriodKind.FORTNIGHT:
        anchor = Partnership.objects.get(pk=by.partnership_id).fortnight_anchor
    for name in ("first_period_start", "last_period_end"):
        day = values.get(name)
        if isinstance(day, dt.date):
            try:
                period_containing(kind, day, anchor=anchor)
            except PeriodError:
                add_error(errors, name, CALENDAR_END)


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
    SET_UP_COLLECTION.require(by)
    errors: Errors = {}
    cleaned = CollectionInput.clean(locals(), errors, by=by)  # the arguments it has rules for
    slug = slug or slugify(name)[:80]
    if not slug and "name" not in errors:
        add_error(errors, "name", "Use at least one letter or number in the name")
    if slug in RESERVED_SLUGS:
        slug = f"{slug}-returns"
    if Collection.objects.filter(partnership_id=by.partnership_id, slug=slug).exists():
        add_error(errors, "name", "A collection with this name already exists")
    _check_periods(errors, by, cleaned)
    raise_if_any(errors)
    orgs = cleaned.pop("organisations")
    collection = Collection.objects.create(
        partnership_id=by.partnership_id, slug=slug, description=description.strip(), **cleaned
    )
    collection.organisations.set(orgs)
    audit_record(by=by, action="collection.create", obj=collection, after=_snapshot_collection(collection))
    return collection


@transaction.atomic
def collection_update(
    *, by: Actor, collection: Collection, expected_version: int | None, **changes: Any
) -> Collection:
    CHANGE_COLLECTION.require(by)
    unknown = set(changes) - CollectionInput.fields()
    if unknown:
        raise InvalidInput(f"Cannot change {', '.join(sorted(unknown))}")
    locked = lock_for_edit(Collection, pk=collection.pk, partnership_id=by.partnership_id, what="collection")
    version_check(locked, expected_version, what="collection")
    errors: Errors = {}
    cleaned = CollectionInput.clean(changes, errors, by=by, current=locked)
    if (
        ("frequency" in changes and changes["frequency"] != locked.frequency)
        or ("first_period_start" in changes and changes["first_period_start"] != locked.first_period_start)
    ) and Return.objects.filter(collection=locked).exists():
        add_error(
            errors,
            "frequency",
            "Returns have been made, so the periods cannot change; set up a new collection instead",
        )
    current = {name: getattr(locked, name) for name in ("frequency", "first_period_start", "last_period_end")}
    _check_periods(errors, by, {**current, **changes, **cleaned})
    raise_if_any(errors)
    orgs = cleaned.pop("organisations", None)
    save_changes(
        by=by,
        record=locked,
        fields={**{k: v for k, v in changes.items() if k in CollectionInput.related}, **cleaned},
        audit_action="collection.update",
        many={"organisations": orgs} if orgs is not None else None,
    )
    return locked
