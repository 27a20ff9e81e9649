"""Planning the Organisations sheet: which organisations to create or update, and the lookup other
sheets use to name organisations."""

from __future__ import annotations

from typing import Any

from wellboard.strategy.workbook import format as fmt
from wellboard.strategy.workbook.checks import same_text
from wellboard.strategy.workbook.plan.base import ORGANISATION, Context, Op, OrgTarget


def plan_organisations(ctx: Context) -> None:
    existing = ctx.state.organisations
    by_slug = {o.slug.lower(): o for o in existing}
    by_name = {o.name.lower(): o for o in existing}
    for o in existing:
        ctx.org_lookup[o.slug.lower()] = OrgTarget(pk=o.pk)
        ctx.org_lookup[o.name.lower()] = OrgTarget(pk=o.pk)
    names_seen: dict[str, int] = {}
    for row in ctx.parsed.organisations or []:
        name: str = row.get("name", "")
        slug: str = row.get("slug", "") or ""
        ok = True
        if name.lower() in names_seen:
            ok = ctx.reject(f"'{name}' is already on row {names_seen[name.lower()]}", row, column=fmt.NAME)
        names_seen.setdefault(name.lower(), row.row)
        match = by_slug.get(slug) if slug else by_name.get(name.lower())
        namesake = by_name.get(name.lower())
        if slug and match is None and namesake is not None:
            ok = ctx.reject(
                f"An organisation called '{namesake.name}' already exists with the slug '{namesake.slug}': "
                "use that slug, or leave Slug empty",
                row,
                column=fmt.SLUG,
            )
        elif match is not None and namesake is not None and namesake.pk != match.pk:
            ok = ctx.reject(f"Another organisation is already called '{namesake.name}'", row, column=fmt.NAME)
        if match is None and not row.has("kind"):
            ok = ctx.reject(
                f"Enter the type of organisation for '{name}', which is new: "
                f"{', '.join(fmt.choice_labels(fmt.ORGANISATIONS_SHEET.column(fmt.ORG_TYPE).choices))}",  # type: ignore[arg-type]
                row,
                column=fmt.ORG_TYPE,
            )
        if not ok:
            continue
        if match is None:
            target = OrgTarget(new_key=name.lower())
            values = {
                "name": name,
                "kind": row.get("kind"),
                "slug": slug,
                "board_seat": bool(row.get("board_seat", False)),
                "seat_title": row.get("seat_title", ""),
            }
            ctx.plan.organisations.append(Op(ORGANISATION, name, row.sheet, row.row, None, None, values))
            ctx.record(ORGANISATION, name, row, [], creating=True)
        else:
            target = OrgTarget(pk=match.pk)
            changes: dict[str, Any] = {}
            if name != match.name:
                changes["name"] = name
            if row.has("kind") and row.get("kind") != match.kind:
                changes["kind"] = row.get("kind")
            seat: dict[str, Any] = {}
            if row.has("board_seat") and row.get("board_seat") != match.board_seat:
                seat["board_seat"] = row.get("board_seat")
            if row.has("seat_title") and not same_text(match.seat_title, row.get("seat_title")):
                seat["seat_title"] = row.get("seat_title")
            if changes or seat:
                extra = {"membership": seat, "membership_version": match.membership_version} if seat else {}
                ctx.plan.organisations.append(
                    Op(
                        ORGANISATION,
                        match.slug,
                        row.sheet,
                        row.row,
                        match.pk,
                        match.version,
                        changes,
                        extra,
                    )
                )
            ctx.record(ORGANISATION, match.slug, row, [*changes, *seat], creating=False)
        ctx.org_lookup[name.lower()] = target
        if slug:
            ctx.org_lookup[slug.lower()] = target
