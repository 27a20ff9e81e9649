"""Writing actions.

Who may do what:
- create or delete an action: a coordinator;
- change an action: a coordinator (anything), or a contributor of the lead organisation (status,
  RAG, dates, description and SMART target only).
For anyone else another organisation's action does not exist: they get ``NotFound`` (404).
Milestones and progress updates have their own modules, ``milestones`` and ``progress``.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable
from typing import Any

from django.db import transaction

from wellboard.core.access import Actor
from wellboard.core.audit import audit_record, audit_snapshot
from wellboard.core.errors import NotFound
from wellboard.core.inputs import Errors, add_error, next_position, raise_if_any, values_in_use
from wellboard.core.locking import lock_for_edit
from wellboard.core.rag import Rag
from wellboard.core.versioning import comparable, pk_set, save_changes, version_check
from wellboard.partners.models import Organisation
from wellboard.strategy.inputs import ActionInput
from wellboard.strategy.models import Action, ActionStatus, Node
from wellboard.strategy.policy import ADD_ACTION, DELETE_ACTION, can_edit_action, require_action_fields

ACTION_REF = re.compile(r"^A(\d+)$")
IN_THIS_STRATEGY = "in this strategy"


def lock_action_for_edit(by: Actor, action: Action | int) -> Action:
    """The action, locked for writing, if the actor may change it; otherwise it is not found."""
    pk = action.pk if isinstance(action, Action) else action
    locked = lock_for_edit(Action, pk=pk, partnership_id=by.partnership_id, via="strategy", what="action")
    if not can_edit_action(by, locked):
        raise NotFound("action")
    return locked


def _auto_action_ref(strategy_id: int) -> str:
    numbers = [
        int(m.group(1))
        for ref in Action.objects.filter(strategy_id=strategy_id).values_list("ref", flat=True)
        if (m := ACTION_REF.match(ref))
    ]
    return f"A{max(numbers, default=0) + 1}"


def _action_refs(strategy_id: int, exclude_pk: int | None = None) -> set[str]:
    return values_in_use(Action.objects.filter(strategy_id=strategy_id), "ref", exclude_pk=exclude_pk)


def _check_supporting(errors: Errors, lead: Organisation | None, supporting: list[Organisation]) -> None:
    if lead is not None and any(o.pk == lead.pk for o in supporting):
        add_error(
            errors,
            "supporting_organisations",
            "The lead organisation cannot also be a supporting organisation",
        )


@transaction.atomic
def action_create(
    *,
    by: Actor,
    node: Node,
    title: str,
    lead_organisation: Organisation,
    ref: str = "",
    description: str = "",
    smart_target: str = "",
    supporting_organisations: Iterable[Organisation] = (),
    start_date: dt.date | None = None,
    due_date: dt.date | None = None,
    status: str = ActionStatus.NOT_STARTED,
    rag: str = Rag.NOT_RATED,
    position: int | None = None,
) -> Action:
    locked_node = lock_for_edit(
        Node, pk=node.pk, partnership_id=by.partnership_id, via="strategy", what="part of the strategy"
    )
    ADD_ACTION.require(by)
    errors: Errors = {}
    cleaned = ActionInput.clean(locals(), errors, by=by)  # the arguments it has rules for
    supporting = cleaned.pop("supporting_organisations")
    _check_supporting(errors, cleaned["lead_organisation"], supporting)
    ActionInput.ref.check_free(
        errors, cleaned["ref"], taken=_action_refs(locked_node.strategy_id), where=IN_THIS_STRATEGY
    )
    raise_if_any(errors)
    if cleaned["position"] is None:
        cleaned["position"] = next_position(
            Action.objects.filter(node=locked_node).values_list("position", flat=True)
        )
    cleaned["ref"] = cleaned["ref"] or _auto_action_ref(locked_node.strategy_id)
    action = Action.objects.create(strategy_id=locked_node.strategy_id, node=locked_node, **cleaned)
    if supporting:
        action.supporting_organisations.set(supporting)
    audit_record(by=by, action="action.create", obj=action, after=audit_snapshot(action))
    return action


@transaction.atomic
def action_update(*, by: Actor, action: Action, expected_version: int | None, **changes: Any) -> Action:
    locked = lock_action_for_edit(by, action)
    ActionInput.refuse_unknown(changes)
    version_check(locked, expected_version, what="action")
    current_supporting = pk_set(locked.supporting_organisations.all())
    changed = {
        key: value
        for key, value in changes.items()
        if (
            pk_set(value or ()) != current_supporting
            if key == "supporting_organisations"
            else comparable(value) != comparable(getattr(locked, key))
            and not (isinstance(value, str) and value.strip() == getattr(locked, key))
        )
    }
    if not changed:
        return locked
    require_action_fields(by, changed)
    errors: Errors = {}
    cleaned = ActionInput.clean(changed, errors, by=by, current=locked)
    if "ref" in cleaned:
        ActionInput.ref.check_free(
            errors, cleaned["ref"], taken=_action_refs(locked.strategy_id, locked.pk), where=IN_THIS_STRATEGY
        )
    if "node" in changed:
        node = changed["node"]
        if not isinstance(node, Node) or node.strategy_id != locked.strategy_id:
            add_error(errors, "node", "Choose a part of the same strategy")
        cleaned["node"] = node
    supporting: list[Organisation] | None = cleaned.pop("supporting_organisations", None)
    if supporting is None and "lead_organisation" in cleaned:
        supporting = list(locked.supporting_organisations.all())
    if supporting is not None:
        _check_supporting(errors, cleaned.get("lead_organisation", locked.lead_organisation), supporting)
    raise_if_any(errors)
    # A value written differently (a label, surrounding spaces) may clean to what is stored already.
    cleaned = {k: v for k, v in cleaned.items() if comparable(v) != comparable(getattr(locked, k))}
    many: dict[str, list[Organisation]] = {}
    if supporting is not None and pk_set(supporting) != current_supporting:
        many["supporting_organisations"] = supporting
    if not cleaned and not many:
        return locked
    save_changes(
        by=by,
        record=locked,
        fields=cleaned,
        audit_action="action.update",
        many=many,
        duplicate_errors={"ref": ["That reference is already used in this strategy"]},
    )
    return locked


@transaction.atomic
def action_delete(*, by: Actor, action: Action) -> None:
    """Delete an action with its milestones and progress updates (the audit log keeps a record)."""
    locked = lock_action_for_edit(by, action)
    DELETE_ACTION.require(by)
    audit_record(
        by=by,
        action="action.delete",
        obj=locked,
        before=audit_snapshot(locked),
        note=(
            f"Deleted with {locked.milestones.count()} milestones "
            f"and {locked.updates.count()} progress updates"
        ),
    )
    locked.delete()
