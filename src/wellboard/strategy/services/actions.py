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

from wellboard.core.access import Actor, require
from wellboard.core.audit import audit_record, audit_snapshot
from wellboard.core.errors import InvalidInput, NotFound, PermissionDenied
from wellboard.core.rag import Rag
from wellboard.core.versioning import comparable, pk_set, save_changes, version_check
from wellboard.partners.models import Organisation
from wellboard.strategy.models import Action, ActionStatus, Node
from wellboard.strategy.services._common import (
    Errors,
    add_error,
    clean_choice,
    clean_date_order,
    clean_optional_date,
    clean_optional_text,
    clean_organisation,
    clean_organisations,
    clean_position,
    clean_ref,
    clean_required_text,
    next_position,
    refuse_unknown_fields,
    values_in_use,
)

# What a contributor of the lead organisation may change; everything else is for coordinators.
CONTRIBUTOR_FIELDS = frozenset({"status", "rag", "start_date", "due_date", "description", "smart_target"})
ACTION_FIELDS = CONTRIBUTOR_FIELDS | {
    "title",
    "ref",
    "position",
    "node",
    "lead_organisation",
    "supporting_organisations",
}
FIELD_LABELS = {
    "title": "title",
    "ref": "reference",
    "position": "position",
    "node": "place in the strategy",
    "lead_organisation": "lead organisation",
    "supporting_organisations": "supporting organisations",
}
ACTION_REF = re.compile(r"^A(\d+)$")


def lock_action_for_edit(by: Actor, action: Action | int) -> Action:
    """The action, locked for writing, if the actor may change it; otherwise it is not found."""
    pk = action.pk if isinstance(action, Action) else action
    locked = (
        Action.objects.select_for_update().filter(pk=pk, strategy__partnership_id=by.partnership_id).first()
    )
    if locked is None or not by.acts_for(locked.lead_organisation_id):
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


def _clean_dates(errors: Errors, values: dict[str, Any]) -> None:
    for name, label in (("start_date", "start date"), ("due_date", "due date")):
        clean_optional_date(errors, name, values.get(name), label=label)


def _clean_supporting(
    errors: Errors, by: Actor, supporting: Iterable[Any], lead: Organisation | None
) -> list[Organisation]:
    cleaned = clean_organisations(errors, "supporting_organisations", supporting, by=by)
    if lead is not None and any(o.pk == lead.pk for o in cleaned):
        add_error(
            errors,
            "supporting_organisations",
            "The lead organisation cannot also be a supporting organisation",
        )
    return cleaned


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
    locked_node = (
        Node.objects.select_for_update()
        .filter(pk=node.pk, strategy__partnership_id=by.partnership_id)
        .first()
    )
    if locked_node is None:
        raise NotFound("part of the strategy")
    require(by.is_coordinator, "Only a coordinator can add actions")
    errors: Errors = {}
    title = clean_required_text(
        errors, "title", title, missing="Enter the action's title", max_length=300, label="The title"
    )
    description = clean_optional_text(errors, "description", description, label="The description")
    smart_target = clean_optional_text(errors, "smart_target", smart_target, label="The SMART target")
    lead = clean_organisation(
        errors,
        "lead_organisation",
        lead_organisation,
        by=by,
        required=True,
        missing="Choose the lead organisation",
    )
    supporting = _clean_supporting(errors, by, supporting_organisations, lead)
    _clean_dates(errors, {"start_date": start_date, "due_date": due_date})
    clean_date_order(
        errors,
        start_date,
        due_date,
        end_field="due_date",
        message="The due date must be on or after the start date",
    )
    status = clean_choice(errors, "status", status, ActionStatus, what="a status")
    rag = clean_choice(errors, "rag", rag, Rag, what="a RAG rating")
    ref = clean_ref(errors, "ref", ref, taken=_action_refs(locked_node.strategy_id))
    if position is not None and position < 0:
        add_error(errors, "position", "The position must be 0 or more")
    if errors:
        raise InvalidInput(errors)
    assert lead is not None
    if position is None:
        position = next_position(Action.objects.filter(node=locked_node).values_list("position", flat=True))
    action = Action.objects.create(
        strategy_id=locked_node.strategy_id,
        node=locked_node,
        ref=ref or _auto_action_ref(locked_node.strategy_id),
        position=position,
        title=title,
        description=description,
        smart_target=smart_target,
        lead_organisation=lead,
        start_date=start_date,
        due_date=due_date,
        status=status,
        rag=rag,
    )
    if supporting:
        action.supporting_organisations.set(supporting)
    audit_record(by=by, action="action.create", obj=action, after=audit_snapshot(action))
    return action


@transaction.atomic
def action_update(*, by: Actor, action: Action, expected_version: int | None, **changes: Any) -> Action:
    locked = lock_action_for_edit(by, action)
    refuse_unknown_fields(changes, ACTION_FIELDS, owner="An action")
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
    if not by.is_coordinator:
        restricted = sorted(set(changed) - CONTRIBUTOR_FIELDS)
        if restricted:
            names = ", ".join(FIELD_LABELS.get(f, f) for f in restricted)
            raise PermissionDenied(f"Only a coordinator can change an action's {names}")
    errors: Errors = {}
    cleaned: dict[str, Any] = {}
    if "title" in changed:
        cleaned["title"] = clean_required_text(
            errors,
            "title",
            changed["title"],
            missing="Enter the action's title",
            max_length=300,
            label="The title",
        )
    for name, label in (("description", "The description"), ("smart_target", "The SMART target")):
        if name in changed:
            cleaned[name] = clean_optional_text(errors, name, changed[name], label=label)
    if "status" in changed:
        cleaned["status"] = clean_choice(errors, "status", changed["status"], ActionStatus, what="a status")
    if "rag" in changed:
        cleaned["rag"] = clean_choice(errors, "rag", changed["rag"], Rag, what="a RAG rating")
    _clean_dates(errors, changed)
    for name in ("start_date", "due_date"):
        if name in changed:
            cleaned[name] = changed[name]
    if "ref" in changed:
        ref = clean_ref(errors, "ref", changed["ref"], taken=_action_refs(locked.strategy_id, locked.pk))
        if not ref:
            add_error(errors, "ref", "Enter a reference, like A12")
        cleaned["ref"] = ref
    if "position" in changed:
        cleaned["position"] = clean_position(errors, changed["position"])
    if "node" in changed:
        node = changed["node"]
        if not isinstance(node, Node) or node.strategy_id != locked.strategy_id:
            add_error(errors, "node", "Choose a part of the same strategy")
        cleaned["node"] = node
    lead: Organisation | None = locked.lead_organisation
    if "lead_organisation" in changed:
        lead = clean_organisation(
            errors,
            "lead_organisation",
            changed["lead_organisation"],
            by=by,
            required=True,
            missing="Choose the lead organisation",
        )
        cleaned["lead_organisation"] = lead
    supporting: list[Organisation] | None = None
    if "supporting_organisations" in changed or "lead_organisation" in changed:
        supporting = _clean_supporting(
            errors,
            by,
            changed.get("supporting_organisations", locked.supporting_organisations.all()),
            lead,
        )
    start = cleaned.get("start_date", locked.start_date)
    due = cleaned.get("due_date", locked.due_date)
    if "start_date" not in errors and "due_date" not in errors:
        clean_date_order(
            errors,
            start,
            due,
            end_field="due_date",
            message="The due date must be on or after the start date",
        )
    if errors:
        raise InvalidInput(errors)
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
    require(by.is_coordinator, "Only a coordinator can delete actions")
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
