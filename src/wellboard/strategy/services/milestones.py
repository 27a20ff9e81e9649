"""Writing an action's milestones.

The people who may change the action may add, change or delete its milestones: a coordinator, or a
contributor of the lead organisation. For anyone else the milestone does not exist (``NotFound``).
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db import transaction

from wellboard.core.access import Actor
from wellboard.core.audit import audit_record, audit_snapshot
from wellboard.core.errors import NotFound
from wellboard.core.inputs import Errors, next_position, raise_if_any
from wellboard.core.locking import lock_for_edit
from wellboard.core.versioning import save_changes, version_check
from wellboard.strategy.inputs import MilestoneInput
from wellboard.strategy.models import Action, Milestone
from wellboard.strategy.policy import can_edit_action
from wellboard.strategy.services.actions import lock_action_for_edit


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
    cleaned = MilestoneInput.clean(locals(), errors, by=by)  # the arguments it has rules for
    raise_if_any(errors)
    if cleaned["position"] is None:
        cleaned["position"] = next_position(
            Milestone.objects.filter(action=locked).values_list("position", flat=True)
        )
    milestone = Milestone.objects.create(action=locked, **cleaned)
    audit_record(by=by, action="milestone.create", obj=milestone, after=audit_snapshot(milestone))
    return milestone


def _lock_milestone(by: Actor, milestone: Milestone) -> Milestone:
    locked = lock_for_edit(
        Milestone,
        pk=milestone.pk,
        partnership_id=by.partnership_id,
        via="action__strategy",
        what="milestone",
    )
    if not can_edit_action(by, locked.action):
        raise NotFound("milestone")
    return locked


@transaction.atomic
def milestone_update(
    *, by: Actor, milestone: Milestone, expected_version: int | None, **changes: Any
) -> Milestone:
    locked = _lock_milestone(by, milestone)
    MilestoneInput.refuse_unknown(changes)
    version_check(locked, expected_version, what="milestone")
    errors: Errors = {}
    cleaned = MilestoneInput.clean(changes, errors, by=by, current=locked)
    raise_if_any(errors)
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
