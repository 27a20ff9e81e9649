"""Writing an action's milestones.

The people who may change the action may add, change or delete its milestones: a coordinator, or a
contributor of the lead organisation. For anyone else the milestone does not exist (``NotFound``).
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db import transaction

from wellboard.core import clock
from wellboard.core.access import Actor
from wellboard.core.audit import audit_record, audit_snapshot
from wellboard.core.errors import InvalidInput, NotFound
from wellboard.core.versioning import save_changes, version_check
from wellboard.strategy.models import Action, Milestone
from wellboard.strategy.services._common import (
    Errors,
    add_error,
    clean_position,
    clean_required_text,
    next_position,
    refuse_unknown_fields,
)
from wellboard.strategy.services.actions import lock_action_for_edit


def _clean_milestone(errors: Errors, values: dict[str, Any]) -> dict[str, Any]:
    cleaned: dict[str, Any] = {}
    if "title" in values:
        cleaned["title"] = clean_required_text(
            errors,
            "title",
            values["title"],
            missing="Enter the milestone",
            max_length=300,
            label="The milestone",
        )
    if "due_date" in values:
        if not isinstance(values["due_date"], dt.date):
            add_error(errors, "due_date", "Enter the date the milestone is due")
        cleaned["due_date"] = values["due_date"]
    if "completed_on" in values:
        done = values["completed_on"]
        if done is not None and not isinstance(done, dt.date):
            add_error(errors, "completed_on", "Enter a real date for when it was done")
        elif done is not None and done > clock.today():
            add_error(errors, "completed_on", "The date it was done must be today or in the past")
        cleaned["completed_on"] = done
    if "position" in values:
        cleaned["position"] = clean_position(errors, values["position"])
    return cleaned


@transaction.atomic
def milestone_create(
    *,
    by: Actor,
    action: Action,
    title: str,
    due_date: dt.date,
    completed_on: dt.date | None = None,
    position: int | None = None,
) -> Milestone:
    locked = lock_action_for_edit(by, action)
    errors: Errors = {}
    values: dict[str, Any] = {"title": title, "due_date": due_date, "completed_on": completed_on}
    if position is not None:
        values["position"] = position
    cleaned = _clean_milestone(errors, values)
    if errors:
        raise InvalidInput(errors)
    if position is None:
        cleaned["position"] = next_position(
            Milestone.objects.filter(action=locked).values_list("position", flat=True)
        )
    milestone = Milestone.objects.create(action=locked, **cleaned)
    audit_record(by=by, action="milestone.create", obj=milestone, after=audit_snapshot(milestone))
    return milestone


def _lock_milestone(by: Actor, milestone: Milestone) -> Milestone:
    locked = (
        Milestone.objects.select_for_update()
        .filter(pk=milestone.pk, action__strategy__partnership_id=by.partnership_id)
        .first()
    )
    if locked is None or not by.acts_for(locked.action.lead_organisation_id):
        raise NotFound("milestone")
    return locked


MILESTONE_FIELDS = frozenset({"title", "due_date", "completed_on", "position"})


@transaction.atomic
def milestone_update(
    *, by: Actor, milestone: Milestone, expected_version: int | None, **changes: Any
) -> Milestone:
    locked = _lock_milestone(by, milestone)
    refuse_unknown_fields(changes, MILESTONE_FIELDS, owner="A milestone")
    version_check(locked, expected_version, what="milestone")
    errors: Errors = {}
    cleaned = _clean_milestone(errors, changes)
    if errors:
        raise InvalidInput(errors)
    changed = {k: v for k, v in cleaned.items() if getattr(locked, k) != v}
    if not changed:
        return locked
    save_changes(by=by, record=locked, fields=changed, audit_action="milestone.update")
    return locked


@transaction.atomic
def milestone_delete(*, by: Actor, milestone: Milestone) -> None:
    locked = _lock_milestone(by, milestone)
    audit_record(by=by, action="milestone.delete", obj=locked, before=audit_snapshot(locked))
    locked.delete()
