"""Writing a hub's figures for a month: room bookings, memberships sold, income and running cost.

The hub's own workers and the partnership's coordinators enter them. Each save carries the version
it started from (0 for a month not yet entered), so two people entering the same month cannot
overwrite each other unknowingly.
"""

from __future__ import annotations

import datetime as dt
import re
from typing import Any

from django.db import IntegrityError, transaction

from wellboard.core import clock
from wellboard.core.access import Actor
from wellboard.core.audit import audit_record, audit_snapshot
from wellboard.core.errors import Conflict, NotFound
from wellboard.core.inputs import Errors, raise_if_any
from wellboard.core.locking import lock_for_edit
from wellboard.core.versioning import NOT_STARTED, save_changes, version_check
from wellboard.hub.inputs import HubMonthInput
from wellboard.hub.models import Hub, HubMonth
from wellboard.hub.policy import RECORD_HUB_MONTHS
from wellboard.hub.selectors import assigned_hub_ids

FIRST_MONTH = dt.date(2000, 1, 1)
MONTH_TEXT = re.compile(r"(\d{4})-(\d{1,2})")


def month_from(value: object) -> dt.date | None:
    """The first day of the month ``value`` names: a date (any day of it) or text like 2026-10."""
    if isinstance(value, dt.date):
        return value.replace(day=1)
    match = MONTH_TEXT.fullmatch(str(value or "").strip())
    if match is None:
        return None
    year, month = (int(part) for part in match.groups())
    if not 1 <= month <= 12:
        return None
    return dt.date(year, month, 1)


def hub_month_check(*, by: Actor, hub: Hub) -> None:
    """May ``by`` enter ``hub``'s monthly figures? A hub worker of another hub finds no such hub."""
    if hub.partnership_id != by.partnership_id:
        raise NotFound("hub")
    RECORD_HUB_MONTHS.require(by)
    if not (by.is_coordinator or hub.pk in assigned_hub_ids(actor=by)):
        raise NotFound("hub")


@transaction.atomic
def hub_month_save(
    *,
    by: Actor,
    hub: Hub,
    month: dt.date | str,
    expected_version: int | None,
    **figures: Any,
) -> HubMonth:
    """Enter or correct the figures of ``hub`` for ``month``. ``figures`` are the HubMonth fields
    (room_bookings, room_hire_income, memberships, membership_income, other_income, running_cost):
    all of them for a month not yet entered, any of them for a correction. A save that changes
    nothing writes nothing."""
    locked = lock_for_edit(Hub, pk=hub.pk, partnership_id=by.partnership_id, what="hub")
    hub_month_check(by=by, hub=locked)
    HubMonthInput.refuse_unknown(figures)
    errors: Errors = {}
    first = month_from(month)
    this_month = clock.today().replace(day=1)
    if first is None:
        errors["month"] = ["Enter the month as a year and month, like 2026-10"]
    elif first < FIRST_MONTH:
        errors["month"] = ["Enter a month from January 2000"]
    elif first > this_month:
        errors["month"] = ["A month's figures can be entered once the month has begun"]
    existing = HubMonth.objects.select_for_update().filter(hub=locked, month=first).first() if first else None
    if existing is not None:
        version_check(existing, expected_version, what="month's figures")
    elif expected_version not in (None, NOT_STARTED):
        # The form saw figures that are no longer there: refuse rather than guess.
        raise Conflict(what="month's figures", expected_version=expected_version or 0, current_version=0)
    cleaned = HubMonthInput.clean(figures, errors, by=by, current=existing)
    if existing is None and not errors:
        missing = sorted(set(HubMonthInput.rules) - set(cleaned))
        for name in missing:
            errors[name] = [f"Enter the {name.replace('_', ' ')} (0 if none)"]
    raise_if_any(errors)
    if first is None:  # reported above; raise_if_any has raised
        raise NotFound("month")
    if existing is not None:
        save_changes(by=by, record=existing, fields=cleaned, audit_action="hub_month.update")
        return existing
    try:
        with transaction.atomic():
            created = HubMonth.objects.create(hub=locked, month=first, **cleaned)
    except IntegrityError as exc:  # entered by someone else a moment ago
        raise Conflict(what="month's figures", expected_version=0, current_version=1) from exc
    audit_record(by=by, action="hub_month.create", obj=created, after=audit_snapshot(created))
    return created


def hub_month_for_editing(*, by: Actor, hub: Hub, month: dt.date) -> HubMonth | None:
    """The month's figures as entered (None if not yet), for someone who may enter them."""
    hub_month_check(by=by, hub=hub)
    return HubMonth.objects.filter(hub=hub, month=month.replace(day=1)).first()


def hub_months(*, by: Actor, hub: Hub) -> list[HubMonth]:
    """Every month entered for the hub, latest first, for someone who may enter them."""
    hub_month_check(by=by, hub=hub)
    return list(HubMonth.objects.filter(hub=hub).order_by("-month"))
