"""The sheets of the strategy itself: the Strategy sheet (rows of Field / Value), the Tree of themes
and priorities, the Actions and their Milestones."""

from __future__ import annotations

from wellboard.core.rag import Rag
from wellboard.strategy.models import ActionStatus, StrategyStatus
from wellboard.strategy.workbook.format.columns import (
    ACTION_REF,
    ACTION_REF_LENGTH,
    ACTION_TITLE_LENGTH,
    ACTIONS,
    CHOICE,
    COMPLETED_ON,
    DATE,
    DESCRIPTION,
    DUE,
    LEAD,
    LEVEL,
    LIST,
    MILESTONE_TITLE_LENGTH,
    MILESTONES,
    NODE_REF,
    NODE_REF_LENGTH,
    NODE_TITLE_LENGTH,
    PARENT_REF,
    RAG,
    REF,
    REF_COL,
    SMART_TARGET,
    START,
    STATUS,
    STRATEGY,
    STRATEGY_SLUG_LENGTH,
    STRATEGY_TITLE_LENGTH,
    SUPPORTING,
    TAGS_COL,
    TEXT,
    TITLE,
    TREE,
    Column,
    Sheet,
)

# The Strategy sheet holds one strategy as rows of Field / Value.
FIELD = "Field"
VALUE = "Value"

S_SLUG = "Slug"
S_TITLE = "Title"
S_VISION = "Vision"
S_SUMMARY = "Summary"
S_START = "Start date"
S_END = "End date"
S_STATUS = "Status"
S_LEVELS = "Level names"

STRATEGY_FIELDS: tuple[Column, ...] = (
    Column(
        S_SLUG,
        REF,
        True,
        "The strategy's short name in web addresses: lower-case letters, numbers and hyphens. "
        "Import updates the strategy with this slug, or creates it if there is none.",
        max_length=STRATEGY_SLUG_LENGTH,
        field="slug",
    ),
    Column(S_TITLE, TEXT, True, "The strategy's title.", max_length=STRATEGY_TITLE_LENGTH, field="title"),
    Column(S_VISION, TEXT, False, "The vision statement.", wrap=True, field="vision"),
    Column(S_SUMMARY, TEXT, False, "A short summary.", wrap=True, field="summary"),
    Column(S_START, DATE, True, "The first day the strategy covers.", field="start_date"),
    Column(
        S_END, DATE, True, "The last day the strategy covers; not before the start date.", field="end_date"
    ),
    Column(
        S_STATUS,
        CHOICE,
        False,
        "Draft, Live or Archived. A new strategy is a draft.",
        choices=StrategyStatus,
        field="status",
    ),
    Column(
        S_LEVELS,
        LIST,
        True,
        "The names of the tree's levels from the top, separated by semicolons, e.g. Theme; Priority.",
        field="level_names",
    ),
)

STRATEGY_SHEET = Sheet(
    STRATEGY,
    "The strategy itself: one row per field, with the field's name in column A and its value in column B.",
    columns=(
        Column(FIELD, TEXT, True, "The name of the field, as listed below.", width=16),
        Column(VALUE, TEXT, True, "The value.", width=100, wrap=True),
    ),
    max_rows=100,
    required=True,
)
TREE_SHEET = Sheet(
    TREE,
    "The strategy's tree: its themes, priorities, pillars or recommendations, one row each. "
    "Among rows with the same parent, the order of the rows is the order shown in Wellboard.",
    columns=(
        Column(
            REF_COL,
            REF,
            True,
            "A short reference unique in this strategy, e.g. 2 or 2.1. "
            "This is how import recognises the row.",
            10,
            max_length=NODE_REF_LENGTH,
            field="ref",
        ),
        Column(
            PARENT_REF,
            REF,
            True,
            "The Ref of the row this one sits under; empty for a top-level row.",
            12,
            field="parent_ref",
            fill=False,
        ),
        Column(
            LEVEL,
            TEXT,
            False,
            "The level's name (e.g. Theme or Priority). For reading only: import works the level out "
            "from the parent.",
            14,
        ),
        Column(TITLE, TEXT, True, "The title.", 50, max_length=NODE_TITLE_LENGTH, wrap=True, field="title"),
        Column(DESCRIPTION, TEXT, False, "A longer description.", 60, wrap=True, field="description"),
        Column(
            TAGS_COL,
            LIST,
            False,
            "Tags from the Tags sheet, written scheme:tag and separated by semicolons, "
            "e.g. marmot-principles:best-start; kings-fund-population-health:wider-determinants.",
            40,
            wrap=True,
            field="tags",
        ),
    ),
    max_rows=2_000,
    required=True,
)

ACTIONS_SHEET = Sheet(
    ACTIONS,
    "SMART actions, each under one row of the Tree sheet and led by one organisation. Among the actions "
    "under the same Tree row, the order of the rows is the order shown in Wellboard.",
    columns=(
        Column(
            REF_COL,
            REF,
            True,
            "A short reference unique in this strategy, e.g. A12. This is how import recognises the row.",
            10,
            max_length=ACTION_REF_LENGTH,
            field="ref",
        ),
        Column(NODE_REF, REF, True, "The Ref of the Tree row this action sits under.", 10, field="node_ref"),
        Column(
            TITLE,
            TEXT,
            True,
            "What will be done.",
            50,
            max_length=ACTION_TITLE_LENGTH,
            wrap=True,
            field="title",
        ),
        Column(DESCRIPTION, TEXT, False, "More detail.", 50, wrap=True, field="description"),
        Column(
            SMART_TARGET,
            TEXT,
            False,
            "The specific, measurable, time-bound target.",
            50,
            wrap=True,
            field="smart_target",
        ),
        Column(
            LEAD,
            TEXT,
            True,
            "The organisation that leads it: its name or slug, as on the Organisations sheet.",
            30,
            field="lead",
        ),
        Column(
            SUPPORTING,
            LIST,
            False,
            "Other organisations that support it, by name or slug, separated by semicolons.",
            40,
            wrap=True,
            field="supporting",
        ),
        Column(START, DATE, False, "When work starts.", 13, field="start_date"),
        Column(DUE, DATE, False, "When it is due; not before the start date.", 13, field="due_date"),
        Column(
            STATUS,
            CHOICE,
            False,
            "Where it is up to. Empty means Not started for a new action and no change for an existing one.",
            14,
            choices=ActionStatus,
            field="status",
        ),
        Column(
            RAG,
            CHOICE,
            False,
            "Its red, amber or green rating. Empty means Not rated for a new action and no change for an "
            "existing one.",
            12,
            choices=Rag,
            field="rag",
        ),
    ),
    max_rows=5_000,
)

MILESTONES_SHEET = Sheet(
    MILESTONES,
    "Milestones of the actions. A milestone is recognised by its action's Ref and its title, so changing "
    "a title makes a new milestone. Wellboard shows milestones in order of due date.",
    columns=(
        Column(ACTION_REF, REF, True, "The Ref of the action on the Actions sheet.", 12, field="action_ref"),
        Column(
            TITLE,
            TEXT,
            True,
            "What will have happened.",
            60,
            max_length=MILESTONE_TITLE_LENGTH,
            wrap=True,
            field="title",
        ),
        Column(DUE, DATE, True, "When it is due.", 13, field="due_date"),
        Column(
            COMPLETED_ON,
            DATE,
            False,
            "When it was done; empty if it is not done yet.",
            14,
            field="completed_on",
        ),
    ),
    max_rows=20_000,
)
