"""Planning the Initiatives sheet. Links to other strategies' nodes are kept as they are."""

from __future__ import annotations

from typing import Any

from wellboard.strategy.inputs import InitiativeInput
from wellboard.strategy.workbook import format as fmt
from wellboard.strategy.workbook.checks import MAX_LIST_ITEM, check_slug, same_text, tidy_list
from wellboard.strategy.workbook.plan.base import INITIATIVE, Context, NodeTarget, Op, OrgTarget


def plan_initiatives(ctx: Context) -> None:
    db = {i.slug: i for i in ctx.state.initiatives}
    strategy_node_pks = set(ctx.node_pk_to_ref)
    kinds = fmt.INITIATIVES_SHEET.column(fmt.KIND).choices
    for row in ctx.parsed.initiatives or []:
        ok = True
        problem = check_slug(row.key)
        if problem:
            ok = ctx.reject(problem, row, column=fmt.SLUG)
        current = db.get(row.key)
        if current is None and not row.has("kind"):
            ok = ctx.reject(
                f"Enter the kind of initiative: {', '.join(fmt.choice_labels(kinds))}",  # type: ignore[arg-type]
                row,
                column=fmt.KIND,
            )
        ok = ctx.dates(row, InitiativeInput.end_after_start, current=current, column=fmt.END) and ok
        ok = ctx.long_text(row, "description", fmt.DESCRIPTION) and ok
        ok = ctx.long_text(row, "funding", fmt.FUNDING) and ok
        lead: OrgTarget | None = None
        if row.get("lead"):
            lead = ctx.organisation(row.get("lead"), row, fmt.LEAD)
            ok = lead is not None and ok
        partners = ctx.organisations(row.get("partners"), row, fmt.PARTNERS) if row.has("partners") else ()
        ok = partners is not None and ok
        lists: dict[str, list[str]] = {}
        for name, column in (("target_groups", fmt.TARGET_GROUPS), ("places", fmt.PLACES)):
            if row.has(name):
                lists[name] = tidy_list(row.get(name))
                if any(len(item) > MAX_LIST_ITEM for item in lists[name]):
                    ok = ctx.reject(
                        f"Each item must be {MAX_LIST_ITEM} characters or fewer", row, column=column
                    )
        node_refs: list[str] = []
        if row.has("node_refs"):
            for ref in tidy_list(row.get("node_refs")):
                if ctx.known_node(ref, row, fmt.NODE_REFS, what="for the initiative to contribute to"):
                    node_refs.append(ref)
                else:
                    ok = False
        if not ok:
            continue
        if current is None:
            values = {
                "slug": row.key,
                "name": row.get("name"),
                "kind": row.get("kind"),
                "description": row.get("description", ""),
                "start_date": row.get("start_date"),
                "end_date": row.get("end_date"),
                "lead_organisation": lead,
                "partners": partners or (),
                "target_groups": lists.get("target_groups", []),
                "places": lists.get("places", []),
                "funding": row.get("funding", ""),
                "nodes": tuple(NodeTarget(ref) for ref in node_refs),
            }
            ctx.plan.initiatives.append(Op(INITIATIVE, row.key, row.sheet, row.row, None, None, values))
            ctx.record(INITIATIVE, row.key, row, [], creating=True)
            continue
        changes: dict[str, Any] = {}
        for name in ("name", "description", "funding"):
            if row.has(name) and not same_text(getattr(current, name), row.get(name)):
                changes[name] = row.get(name)
        for name in ("kind", "start_date", "end_date"):
            if row.has(name) and row.get(name) != getattr(current, name):
                changes[name] = row.get(name)
        if row.has("lead") and (lead.pk if lead else None) != current.lead_pk:
            changes["lead_organisation"] = lead
        if partners is not None and row.has("partners") and {p.pk for p in partners} != set(current.partners):
            changes["partners"] = partners
        for name, items in lists.items():
            if tuple(items) != tuple(getattr(current, name)):
                changes[name] = items
        if row.has("node_refs"):
            mine = {ctx.node_pk_to_ref[pk] for pk in current.node_pks if pk in strategy_node_pks}
            if set(node_refs) != mine:
                others = sorted(pk for pk in current.node_pks if pk not in strategy_node_pks)
                changes["nodes"] = (*others, *(NodeTarget(ref) for ref in node_refs))
        if changes:
            ctx.plan.initiatives.append(
                Op(INITIATIVE, row.key, row.sheet, row.row, current.pk, current.version, changes)
            )
        ctx.record(INITIATIVE, row.key, row, changes, creating=False)
