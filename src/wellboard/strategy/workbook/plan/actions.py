"""Planning the Actions and Milestones sheets."""

from __future__ import annotations

from collections import defaultdict
from typing import Any

from wellboard.strategy.inputs import ActionInput, MilestoneInput
from wellboard.strategy.workbook import format as fmt
from wellboard.strategy.workbook.checks import check_ref, same_text
from wellboard.strategy.workbook.parse import RowInput
from wellboard.strategy.workbook.plan.base import (
    ACTION,
    MILESTONE,
    ActionTarget,
    Context,
    NodeTarget,
    Op,
    OrgTarget,
    sibling_positions,
)


def plan_actions(ctx: Context) -> None:
    rows = ctx.parsed.actions or []
    ctx.action_refs.update(row.key for row in rows)
    db_actions = {a.ref: a for a in ctx.state.actions}
    checked: list[tuple[RowInput, OrgTarget, tuple[OrgTarget, ...] | None]] = []
    for row in rows:
        ok = True
        problem = check_ref(row.key)
        if problem:
            ok = ctx.reject(problem, row, column=fmt.REF_COL)
        ok = ctx.known_node(row.get("node_ref"), row, fmt.NODE_REF, what="to put the action under") and ok
        lead = ctx.organisation(row.get("lead"), row, fmt.LEAD)
        supporting = (
            ctx.organisations(row.get("supporting"), row, fmt.SUPPORTING) if row.has("supporting") else None
        )
        current = db_actions.get(row.key)
        ok = ctx.dates(row, ActionInput.due_after_start, current=current, column=fmt.DUE) and ok
        ok = ctx.long_text(row, "description", fmt.DESCRIPTION) and ok
        ok = ctx.long_text(row, "smart_target", fmt.SMART_TARGET) and ok
        if lead is not None:
            if supporting is not None:
                others: tuple[OrgTarget, ...] = supporting
            else:
                others = tuple(OrgTarget(pk=pk) for pk in current.supporting) if current else ()
            if lead in others:
                ok = ctx.reject(
                    "The lead organisation cannot also be a supporting organisation",
                    row,
                    column=fmt.SUPPORTING,
                )
        if ok and lead is not None and (supporting is not None or not row.has("supporting")):
            checked.append((row, lead, supporting))
    node_pk_to_ref = ctx.node_pk_to_ref
    positions = sibling_positions(
        [(row.key, row.get("node_ref")) for row, _, _ in checked],
        current_parent={a.ref: node_pk_to_ref.get(a.node_pk) for a in ctx.state.actions},
        current_position={a.ref: (a.position, a.pk) for a in ctx.state.actions},
        all_positions={a.ref: a.position for a in ctx.state.actions},
    )
    for row, lead, supporting in checked:
        current = db_actions.get(row.key)
        node = NodeTarget(row.get("node_ref"))
        if current is None:
            values = {
                "ref": row.key,
                "node": node,
                "title": row.get("title"),
                "lead_organisation": lead,
                "description": row.get("description", ""),
                "smart_target": row.get("smart_target", ""),
                "supporting_organisations": supporting or (),
                "start_date": row.get("start_date"),
                "due_date": row.get("due_date"),
                "status": row.get("status", "not_started"),
                "rag": row.get("rag", "not_rated"),
                "position": positions.get(row.key),
            }
            ctx.plan.actions.append(Op(ACTION, row.key, row.sheet, row.row, None, None, values))
            ctx.record(ACTION, row.key, row, [], creating=True)
            continue
        changes: dict[str, Any] = {}
        if node_pk_to_ref.get(current.node_pk) != node.ref:
            changes["node"] = node
        for name in ("title", "description", "smart_target"):
            if row.has(name) and not same_text(getattr(current, name), row.get(name)):
                changes[name] = row.get(name)
        if lead.pk != current.lead_pk:
            changes["lead_organisation"] = lead
        if supporting is not None and {s.pk for s in supporting} != set(current.supporting):
            changes["supporting_organisations"] = supporting
        for name in ("start_date", "due_date", "status", "rag"):
            if row.has(name) and row.get(name) != getattr(current, name):
                changes[name] = row.get(name)
        position = positions.get(row.key)
        if position is not None and ("node" in changes or position != current.position):
            changes["position"] = position
        if changes:
            ctx.plan.actions.append(
                Op(ACTION, row.key, row.sheet, row.row, current.pk, current.version, changes)
            )
        ctx.record(ACTION, row.key, row, changes, creating=False)


def plan_milestones(ctx: Context) -> None:
    db_actions = {a.ref: a for a in ctx.state.actions}
    by_action: dict[int, list[Any]] = defaultdict(list)
    for milestone in ctx.state.milestones:
        by_action[milestone.action_pk].append(milestone)
    next_position = {pk: max((m.position for m in ms), default=0) for pk, ms in by_action.items()}
    new_counts: dict[str, int] = defaultdict(int)
    for row in ctx.parsed.milestones or []:
        action_ref: str = row.get("action_ref")
        title: str = row.get("title")
        key = f"{action_ref}: {title}"
        if action_ref not in ctx.action_refs:
            if not ctx.parsed.is_broken(fmt.ACTIONS, action_ref):
                ctx.reject(
                    f"There is no action with Ref '{action_ref}' on the Actions sheet or in this strategy",
                    row,
                    column=fmt.ACTION_REF,
                )
            continue
        done = row.get("completed_on")
        if done is not None and done > ctx.today:
            ctx.reject(MilestoneInput.completed_on.in_future, row, column=fmt.COMPLETED_ON)
            continue
        action = db_actions.get(action_ref)
        candidates = by_action.get(action.pk, []) if action is not None else []
        current = next((m for m in candidates if m.title.strip().lower() == title.lower()), None)
        if current is not None:
            candidates.remove(current)  # a second row with the same title pairs with the next one
        if current is None:
            if action is not None:
                next_position[action.pk] = next_position.get(action.pk, 0) + 1
                position = next_position[action.pk]
            else:
                new_counts[action_ref] += 1
                position = new_counts[action_ref]
            values = {
                "action": ActionTarget(action_ref),
                "title": title,
                "due_date": row.get("due_date"),
                "completed_on": row.get("completed_on"),
                "position": position,
            }
            ctx.plan.milestones.append(Op(MILESTONE, key, row.sheet, row.row, None, None, values))
            ctx.record(MILESTONE, key, row, [], creating=True)
            continue
        changes: dict[str, Any] = {}
        if title != current.title.strip():
            changes["title"] = title
        for name in ("due_date", "completed_on"):
            if row.has(name) and row.get(name) != getattr(current, name):
                changes[name] = row.get(name)
        if changes:
            ctx.plan.milestones.append(
                Op(MILESTONE, key, row.sheet, row.row, current.pk, current.version, changes)
            )
        ctx.record(MILESTONE, key, row, changes, creating=False)
