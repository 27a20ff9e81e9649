"""Planning the Strategy sheet: create the strategy or update the fields the sheet gives."""

from __future__ import annotations

import datetime as dt
from typing import Any

from wellboard.strategy.inputs import StrategyInput
from wellboard.strategy.workbook import format as fmt
from wellboard.strategy.workbook.checks import (
    MAX_LEVEL_NAME,
    MAX_LEVELS,
    MAX_TEXT,
    check_slug,
    same_text,
    tidy_list,
)
from wellboard.strategy.workbook.parse import RowInput
from wellboard.strategy.workbook.plan.base import STRATEGY, Context, Op


def plan_strategy(ctx: Context) -> None:
    given = ctx.parsed.strategy
    current = ctx.state.strategy
    if given is None or not given.slug:
        return
    sheet = fmt.STRATEGY
    ctx.plan.strategy_slug = given.slug

    slug_row = RowInput(sheet, given.row_of("slug") or 0, given.slug, given.fields)

    def fail(name: str, message: str) -> None:
        ctx.report.reject(
            message, sheet=sheet, row=given.row_of(name), column=fmt.VALUE if given.row_of(name) else ""
        )

    ok = True
    problem = check_slug(given.slug)
    if problem:
        fail("slug", problem)
        ok = False
    fields = dict(given.fields)
    if "title" in fields and not fields["title"]:
        fail("title", "Enter the strategy's title")
        ok = False
    for name, label in (("start_date", "start date"), ("end_date", "end date")):
        if name in fields and fields[name] is None:
            fail(name, f"Enter the strategy's {label}")
            ok = False
    for name in ("vision", "summary"):
        value = fields.get(name)
        if isinstance(value, str) and len(value) > MAX_TEXT:
            fail(name, f"Enter at most {MAX_TEXT:,} characters")
            ok = False
    if "level_names" in fields:
        names = tidy_list(fields["level_names"])
        fields["level_names"] = names
        if not names:
            fail("level_names", "Enter at least one level name, like Theme; Priority")
            ok = False
        elif len(names) > MAX_LEVELS:
            fail("level_names", f"A strategy can have at most {MAX_LEVELS} levels")
            ok = False
        elif any(len(n) > MAX_LEVEL_NAME for n in names):
            fail("level_names", f"Each level name must be {MAX_LEVEL_NAME} characters or fewer")
            ok = False
        else:
            ctx.levels = tuple(names)
    if current is None:
        for column in fmt.STRATEGY_FIELDS:
            if column.required and column.field not in fields:
                ctx.report.reject(
                    f"The strategy '{given.slug}' is new, so the sheet needs a '{column.name}' row",
                    sheet=sheet,
                    column=fmt.FIELD,
                )
                ok = False
    start = fields.get("start_date", current.start_date if current else None)
    end = fields.get("end_date", current.end_date if current else None)
    if isinstance(start, dt.date) and isinstance(end, dt.date) and end < start:
        fail(
            "end_date" if "end_date" in fields else "start_date",
            StrategyInput.end_after_start.message,
        )
        ok = False
    if not ok:
        return
    if current is None:
        values = {
            "slug": given.slug,
            "title": fields["title"],
            "start_date": fields["start_date"],
            "end_date": fields["end_date"],
            "level_names": fields["level_names"],
            "vision": fields.get("vision", ""),
            "summary": fields.get("summary", ""),
            "status": fields.get("status", "draft"),
        }
        ctx.plan.strategy = Op(STRATEGY, given.slug, sheet, None, None, None, values)
        ctx.record(STRATEGY, given.slug, slug_row, [], creating=True)
        return
    changes: dict[str, Any] = {}
    for name, value in fields.items():
        if name == "slug":
            continue
        old = getattr(current, name)
        if name == "level_names":
            if tuple(value) != tuple(old):
                changes[name] = list(value)
        elif isinstance(value, str):
            if not same_text(old, value):
                changes[name] = value
        elif value != old:
            changes[name] = value
    if changes:
        ctx.plan.strategy = Op(STRATEGY, given.slug, sheet, None, current.pk, current.version, changes)
    ctx.record(STRATEGY, given.slug, slug_row, changes, creating=False)
