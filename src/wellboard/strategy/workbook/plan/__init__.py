"""Comparing a parsed workbook with what the database holds: what to create, update or leave alone.

References between sheets (a tree row's parent, an action's node and organisations, an
initiative's nodes) are checked against both the workbook and the database, so nothing half-valid
reaches ``apply``.
"""

from __future__ import annotations

import datetime as dt

from wellboard.core import clock
from wellboard.core.importing import ImportReport
from wellboard.strategy.workbook.parse import ParsedWorkbook
from wellboard.strategy.workbook.plan.actions import plan_actions, plan_milestones
from wellboard.strategy.workbook.plan.base import (
    ACTION,
    INITIATIVE,
    MILESTONE,
    NODE,
    ORGANISATION,
    STRATEGY,
    UPDATE,
    ActionTarget,
    Context,
    NodeTarget,
    Op,
    OrgTarget,
    Plan,
    field_label,
)
from wellboard.strategy.workbook.plan.initiatives import plan_initiatives
from wellboard.strategy.workbook.plan.organisations import plan_organisations
from wellboard.strategy.workbook.plan.strategy import plan_strategy
from wellboard.strategy.workbook.plan.tree import plan_tree
from wellboard.strategy.workbook.plan.updates import plan_updates
from wellboard.strategy.workbook.state import CurrentState

__all__ = [
    "ACTION",
    "INITIATIVE",
    "MILESTONE",
    "NODE",
    "ORGANISATION",
    "STRATEGY",
    "UPDATE",
    "ActionTarget",
    "NodeTarget",
    "Op",
    "OrgTarget",
    "Plan",
    "field_label",
    "workbook_plan",
]


def workbook_plan(
    parsed: ParsedWorkbook, state: CurrentState, report: ImportReport, *, today: dt.date | None = None
) -> Plan:
    """What importing ``parsed`` over ``state`` would write; every row's outcome goes to ``report``.

    Sheets are planned in the order their records depend on one another: organisations first
    (actions and initiatives name them), then the strategy, its tree, actions, milestones and
    initiatives, and last the progress updates on actions and parts of the tree.
    """
    ctx = Context(parsed, state, report, today=today or clock.today())
    plan_organisations(ctx)
    plan_strategy(ctx)
    plan_tree(ctx)
    plan_actions(ctx)
    plan_milestones(ctx)
    plan_initiatives(ctx)
    plan_updates(ctx)
    return ctx.plan
