"""The actions and milestones tables, each action with its rating and latest update as at the
report's period."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable

from wellboard.core.periods import Period
from wellboard.reports.calculations.common.facts import StrategyFacts, iso, latest_update, rag_at
from wellboard.reports.document import CellValue, Column, Table
from wellboard.strategy.models import Action, Milestone
from wellboard.strategy.selectors import NodeSummary

ACTION_COLUMNS = (
    Column("ref", "Ref"),
    Column("action", "Action"),
    Column("lead", "Lead organisation"),
    Column("due", "Due", kind="date"),
    Column("rag", "RAG", kind="rag"),
    Column("update_period", "Latest update for", kind="period"),
    Column("update", "Action to date"),
)


def action_row(action: Action, facts: StrategyFacts, period: Period) -> tuple[CellValue, ...]:
    updates = facts.updates.get(action.pk, [])
    update = latest_update(updates, until=period)
    return (
        action.ref,
        action.title,
        action.lead_organisation.name,
        iso(action.due_date),
        rag_at(action, updates, period),
        update.period if update is not None else "",
        update.narrative if update is not None else "No update yet",
    )


def actions_table(caption: str, actions: Iterable[Action], facts: StrategyFacts, period: Period) -> Table:
    return Table(
        caption=caption,
        columns=ACTION_COLUMNS,
        rows=tuple(action_row(a, facts, period) for a in actions),
    )


MILESTONE_COLUMNS = (
    Column("ref", "Action"),
    Column("milestone", "Milestone"),
    Column("due", "Due", kind="date"),
    Column("done", "Completed", kind="date"),
    Column("state", "State"),
)


def milestone_state(milestone: Milestone, day: dt.date) -> str:
    if milestone.completed_on is not None and milestone.completed_on <= day:
        return "Done"
    if milestone.due_date < day:
        return "Overdue"
    return "To do"


def milestones_table(caption: str, actions: Iterable[Action], facts: StrategyFacts, day: dt.date) -> Table:
    rows: list[tuple[CellValue, ...]] = []
    for action in actions:
        for milestone in facts.milestones.get(action.pk, []):
            done = (
                milestone.completed_on if milestone.completed_on and milestone.completed_on <= day else None
            )
            rows.append(
                (
                    action.ref,
                    milestone.title,
                    iso(milestone.due_date),
                    iso(done),
                    milestone_state(milestone, day),
                )
            )
    return Table(caption=caption, columns=MILESTONE_COLUMNS, rows=tuple(rows))


def node_title(summary: NodeSummary) -> str:
    return f"{summary.level_name} {summary.node.ref}: {summary.node.title}"
