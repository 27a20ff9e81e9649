"""Planning the Updates sheet: progress updates on actions and on parts of the tree.

Updates are history, so import only adds them. A row whose action (or tree row) and period
already have an update with the same text is unchanged; a row with new text for them is a new
update beside the others, never an edit of one.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from wellboard.core.errors import InvalidInput
from wellboard.core.periods import Period
from wellboard.core.rag import Rag
from wellboard.strategy.services.progress import period_within
from wellboard.strategy.workbook import format as fmt
from wellboard.strategy.workbook.cells import choice_label
from wellboard.strategy.workbook.checks import normalise_text
from wellboard.strategy.workbook.parse import RowInput
from wellboard.strategy.workbook.plan.base import UPDATE, ActionTarget, Context, NodeTarget, Op

# What an update is about: ("action", ref) or ("node", ref).
Target = tuple[str, str]


@dataclass
class _Latest:
    """The newest period an action's updates reach, and the RAG (and row) that will set its RAG."""

    start: dt.date | None
    rag: str = ""
    row: RowInput | None = None


def _strategy_dates(ctx: Context) -> tuple[dt.date, dt.date] | None:
    """The strategy's dates once this import is applied (None if the Strategy sheet cannot say)."""
    current = ctx.state.strategy
    start = current.start_date if current else None
    end = current.end_date if current else None
    if ctx.plan.strategy is not None:
        start = ctx.plan.strategy.values.get("start_date", start)
        end = ctx.plan.strategy.values.get("end_date", end)
    if start is None or end is None:
        return None
    return start, end


def _target(ctx: Context, row: RowInput) -> Target | None:
    action_ref = str(row.get("action_ref") or "")
    node_ref = str(row.get("node_ref") or "")
    if action_ref and node_ref:
        ctx.reject(
            f"Row {row.row} names both action '{action_ref}' and tree row '{node_ref}': an update is "
            "about one of them, so clear the Action ref or the Node ref",
            row,
        )
        return None
    if not action_ref and not node_ref:
        ctx.reject(
            f"Row {row.row} names neither an action nor a tree row: fill in the Action ref or the Node ref",
            row,
        )
        return None
    if node_ref:
        return (
            ("node", node_ref) if ctx.known_node(node_ref, row, fmt.NODE_REF, what="for the update") else None
        )
    if action_ref not in ctx.action_refs:
        if not ctx.parsed.is_broken(fmt.ACTIONS, action_ref):
            ctx.reject(
                f"There is no action with Ref '{action_ref}' on the Actions sheet or in this strategy",
                row,
                column=fmt.ACTION_REF,
            )
        return None
    return ("action", action_ref)


def _period(ctx: Context, row: RowInput, dates: tuple[dt.date, dt.date] | None) -> Period | None:
    if dates is None:
        return None  # the Strategy sheet's own problems are reported there
    try:
        return period_within(row.get("period"), start=dates[0], end=dates[1], today=ctx.today)
    except InvalidInput as exc:
        ctx.reject(exc.errors["period"][0], row, column=fmt.PERIOD)
        return None


def plan_updates(ctx: Context) -> None:
    rows = ctx.parsed.updates or []
    if not rows:
        return
    dates = _strategy_dates(ctx)
    action_refs = {a.pk: a.ref for a in ctx.state.actions}
    existing: dict[tuple[Target, str], set[str]] = {}
    latest: dict[str, _Latest] = {}
    for update in ctx.state.updates:
        if update.action_pk is not None:
            target: Target = ("action", action_refs[update.action_pk])
            known = latest.setdefault(target[1], _Latest(start=None))
            if known.start is None or update.period_start > known.start:
                known.start = update.period_start
        else:
            target = ("node", ctx.node_pk_to_ref[update.node_pk or 0])
        existing.setdefault((target, update.period), set()).add(normalise_text(update.narrative))
    for row in rows:
        found = _target(ctx, row)
        parsed = _period(ctx, row, dates)
        if found is None or parsed is None or not ctx.long_text(row, "narrative", fmt.ACTION_TO_DATE):
            continue
        kind, ref = found
        key = f"{ref} {parsed.code}"
        text = normalise_text(row.get("narrative"))
        said = existing.setdefault((found, parsed.code), set())
        if text in said:
            ctx.record(UPDATE, key, row, [], creating=False)
            continue
        said.add(text)
        values = {
            kind: ActionTarget(ref) if kind == "action" else NodeTarget(ref),
            "period": parsed.code,
            "narrative": text,
            "rag": row.get("rag"),
        }
        ctx.plan.updates.append(Op(UPDATE, key, row.sheet, row.row, None, None, values))
        ctx.record(UPDATE, key, row, [], creating=True)
        if kind == "action":
            known = latest.setdefault(ref, _Latest(start=None))
            if known.start is None or parsed.start >= known.start:
                known.start, known.rag, known.row = parsed.start, row.get("rag"), row
    _check_action_rags(ctx, latest)


def _check_action_rags(ctx: Context, latest: dict[str, _Latest]) -> None:
    """A new update for an action's latest period sets the action's RAG, as on its page. Refuse a
    workbook whose Actions sheet gives that action another RAG: importing it again would flip the
    RAG back, so the two must agree."""
    for row in ctx.parsed.actions or []:
        newest = latest.get(row.key)
        if newest is None or newest.row is None or not row.has("rag") or row.get("rag") == newest.rag:
            continue
        ctx.reject(
            f"Being the latest of action {row.key}, this row would make the action's RAG "
            f"{choice_label(newest.rag, Rag)}, while the Actions sheet (row {row.row}) rates it "
            f"{choice_label(row.get('rag'), Rag)}: make them agree",
            newest.row,
            column=fmt.RAG,
        )
