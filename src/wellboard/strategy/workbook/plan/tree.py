"""Planning the Tree sheet: parents that exist, no loops, no deeper than the strategy's levels, tags
that exist, and the order of rows under each parent."""

from __future__ import annotations

from typing import Any

from wellboard.strategy.workbook import format as fmt
from wellboard.strategy.workbook.checks import check_ref, same_text
from wellboard.strategy.workbook.parse import RowInput
from wellboard.strategy.workbook.plan.base import NODE, Context, NodeTarget, Op, sibling_positions
from wellboard.strategy.workbook.state import NodeState, tag_key


def _tags(ctx: Context, row: RowInput) -> tuple[int, ...] | None:
    found: list[int] = []
    ok = True
    for text in row.get("tags", []):
        scheme, sep, tag = text.partition(fmt.TAG_SEPARATOR)
        if not sep or not scheme.strip() or not tag.strip():
            ok = ctx.reject(
                f"Write the tag '{text}' as scheme:tag, e.g. marmot-principles:best-start "
                "(see the Tags sheet)",
                row,
                column=fmt.TAGS_COL,
            )
            continue
        pk = ctx.state.tags.get(tag_key(scheme.strip(), tag.strip()))
        if pk is None:
            ok = ctx.reject(
                f"There is no tag '{text}': use one from the Tags sheet", row, column=fmt.TAGS_COL
            )
        elif pk not in found:
            found.append(pk)
    return tuple(sorted(found)) if ok else None


def _final_tree(ctx: Context, rows: list[RowInput], bad: set[str]) -> dict[str, str | None]:
    """Each ref's parent ref after the import: the workbook's word for its rows, the database's
    for the rest. Rows with an impossible parent are added to ``bad``."""
    parents: dict[str, str | None] = {
        n.ref: ctx.node_pk_to_ref.get(n.parent_pk or -1) for n in ctx.state.nodes
    }
    for row in rows:
        parent = row.get("parent_ref") or None
        if parent == row.key:
            ctx.reject("A row cannot be its own parent", row, column=fmt.PARENT_REF)
            bad.add(row.key)
        elif parent is not None and parent not in ctx.final_refs:
            if not ctx.parsed.is_broken(fmt.TREE, parent):
                ctx.reject(
                    f"There is no row with Ref '{parent}' on the Tree sheet or in this strategy "
                    "to be its parent",
                    row,
                    column=fmt.PARENT_REF,
                )
            bad.add(row.key)
        else:
            parents[row.key] = parent
    return parents


def _depths(
    ctx: Context, parents: dict[str, str | None], rows: list[RowInput], bad: set[str]
) -> dict[str, int]:
    """Depth of every ref (0 at the top). Rows caught in a loop of parents are rejected, added to
    ``bad`` and, with everything beneath them, left without a depth."""
    depths: dict[str, int | None] = {}
    in_loop: set[str] = set()
    for ref in parents:
        chain: list[str] = []
        current: str | None = ref
        looped = False
        while current is not None and current not in depths:
            if current in chain:
                in_loop.update(chain[chain.index(current) :])
                looped = True
                break
            chain.append(current)
            current = parents.get(current)
        base = None if looped else (-1 if current is None else depths[current])
        for item in reversed(chain):
            base = None if base is None else base + 1
            depths[item] = base
    for row in rows:
        if row.key in in_loop:
            ctx.reject(
                f"The rows {', '.join(sorted(in_loop))} are each other's parents: "
                "a row cannot sit beneath itself",
                row,
                column=fmt.PARENT_REF,
            )
            bad.add(row.key)
    return {ref: depth for ref, depth in depths.items() if depth is not None}


def plan_tree(ctx: Context) -> None:
    rows = ctx.parsed.nodes or []
    bad: set[str] = set()
    for row in rows:
        problem = check_ref(row.key)
        if problem:
            ctx.reject(problem, row, column=fmt.REF_COL)
            bad.add(row.key)
    ctx.final_refs.update(row.key for row in rows)
    parents = _final_tree(ctx, rows, bad)
    depths = _depths(ctx, parents, rows, bad)
    if ctx.levels:
        too_deep = [ref for ref, d in depths.items() if d >= len(ctx.levels)]
        in_sheet = {row.key: row for row in rows}
        for ref in too_deep:
            deep_row = in_sheet.get(ref)
            message = (
                f"'{ref}' would be at level {depths[ref] + 1}, but the strategy has {len(ctx.levels)} "
                f"level{'s' if len(ctx.levels) != 1 else ''} ({', '.join(ctx.levels)}): "
                "add a level name on the Strategy sheet or give it another parent"
            )
            if deep_row is not None:
                ctx.reject(message, deep_row, column=fmt.PARENT_REF)
                bad.add(ref)
            else:
                given = ctx.parsed.strategy
                ctx.report.reject(
                    message,
                    sheet=fmt.STRATEGY,
                    row=given.row_of("level_names") if given else None,
                    column=fmt.VALUE,
                )
    tags = {row.key: _tags(ctx, row) for row in rows if row.has("tags")}
    checked = [
        row
        for row in rows
        if row.key not in bad
        and tags.get(row.key, ()) is not None
        and ctx.long_text(row, "description", fmt.DESCRIPTION)
    ]
    positions = sibling_positions(
        [(row.key, parents.get(row.key)) for row in checked],
        current_parent={n.ref: ctx.node_pk_to_ref.get(n.parent_pk or -1) for n in ctx.state.nodes},
        current_position={n.ref: (n.position, n.pk) for n in ctx.state.nodes},
        all_positions={n.ref: n.position for n in ctx.state.nodes},
    )
    for row in sorted(checked, key=lambda r: (depths.get(r.key, 0), r.row)):
        _node_op(ctx, row, parents.get(row.key), tags.get(row.key), positions.get(row.key))


def _node_op(
    ctx: Context, row: RowInput, parent: str | None, tags: tuple[int, ...] | None, position: int | None
) -> None:
    current: NodeState | None = ctx.db_nodes.get(row.key)
    parent_target = NodeTarget(parent) if parent else None
    if current is None:
        values = {
            "ref": row.key,
            "title": row.get("title"),
            "description": row.get("description", ""),
            "parent": parent_target,
            "position": position,
            "tags": tags or (),
        }
        ctx.plan.nodes.append(Op(NODE, row.key, row.sheet, row.row, None, None, values))
        ctx.record(NODE, row.key, row, [], creating=True)
        return
    changes: dict[str, Any] = {}
    for name in ("title", "description"):
        if row.has(name) and not same_text(getattr(current, name), row.get(name)):
            changes[name] = row.get(name)
    moved = parent != ctx.node_pk_to_ref.get(current.parent_pk or -1)
    if moved:
        changes["parent"] = parent_target
    if position is not None and (moved or position != current.position):
        changes["position"] = position  # a row that moves takes its place among its new siblings
    if tags is not None and frozenset(tags) != current.tags:
        changes["tags"] = tags
    if changes:
        ctx.plan.nodes.append(Op(NODE, row.key, row.sheet, row.row, current.pk, current.version, changes))
    ctx.record(NODE, row.key, row, changes, creating=False)
