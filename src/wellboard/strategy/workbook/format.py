"""The strategy workbook format: its sheets, their columns and the words people may type.

One definition serves the exporter (headers, widths, drop-down lists), the importer (required and
optional columns, row limits), the About sheet inside every workbook and ``docs/strategy-workbook.md``.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from django.db import models

from wellboard.core.rag import Rag
from wellboard.partners.inputs import MembershipInput, NewOrganisationInput
from wellboard.partners.models import OrganisationType
from wellboard.strategy.inputs import (
    ActionInput,
    InitiativeInput,
    MilestoneInput,
    NodeInput,
    ProgressUpdateInput,
    StrategyInput,
)
from wellboard.strategy.models import ActionStatus, InitiativeKind, StrategyStatus

# The longest text each column takes, from the input schemas: a workbook refuses what the services would.
STRATEGY_SLUG_LENGTH = StrategyInput.slug.max_length
STRATEGY_TITLE_LENGTH = StrategyInput.title.max_length
NODE_REF_LENGTH = NodeInput.ref.max_length
NODE_TITLE_LENGTH = NodeInput.title.max_length
ACTION_REF_LENGTH = ActionInput.ref.max_length
ACTION_TITLE_LENGTH = ActionInput.title.max_length
MILESTONE_TITLE_LENGTH = MilestoneInput.title.max_length
INITIATIVE_SLUG_LENGTH = InitiativeInput.slug.max_length
INITIATIVE_NAME_LENGTH = InitiativeInput.name.max_length
ORGANISATION_NAME_LENGTH = NewOrganisationInput.name.max_length
ORGANISATION_SLUG_LENGTH = NewOrganisationInput.slug.max_length
SEAT_TITLE_LENGTH = MembershipInput.seat_title.max_length
UPDATE_TEXT_LENGTH = ProgressUpdateInput.narrative.max_length

FORMAT_NAME = "Wellboard strategy workbook"
FORMAT_VERSION = 1

LIST_SEPARATOR = ";"
TAG_SEPARATOR = ":"

ABOUT = "About"
STRATEGY = "Strategy"
TREE = "Tree"
ACTIONS = "Actions"
MILESTONES = "Milestones"
INITIATIVES = "Initiatives"
ORGANISATIONS = "Organisations"
TAGS = "Tags"
UPDATES = "Updates"
VERSIONS = "Versions"

# Text cell types, checked by ``cells``; the names also appear in the About sheet.
TEXT = "text"
REF = "reference"
DATE = "date"
CHOICE = "choice"
LIST = "list"
YES_NO = "yes or no"
DATETIME = "date and time"


@dataclass(frozen=True)
class Column:
    name: str
    kind: str
    required: bool
    help: str
    width: int = 20
    choices: type[models.TextChoices] | None = None
    max_length: int | None = None
    wrap: bool = False
    field: str = ""  # the model field (or reference) the importer fills from this column
    fill: bool | None = None  # must every row fill the cell? (default: when the column is required)

    @property
    def must_fill(self) -> bool:
        return self.required if self.fill is None else self.fill


@dataclass(frozen=True)
class Sheet:
    name: str
    purpose: str
    columns: tuple[Column, ...] = ()
    imported: bool = True
    max_rows: int = 0
    required: bool = False

    def column(self, name: str) -> Column:
        return next(c for c in self.columns if c.name == name)

    @property
    def required_columns(self) -> list[str]:
        return [c.name for c in self.columns if c.required]

    @property
    def optional_columns(self) -> list[str]:
        return [c.name for c in self.columns if not c.required]


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

# Column names shared by several sheets.
REF_COL = "Ref"
PARENT_REF = "Parent ref"
LEVEL = "Level"
TITLE = "Title"
DESCRIPTION = "Description"
TAGS_COL = "Tags"
NODE_REF = "Node ref"
SMART_TARGET = "SMART target"
LEAD = "Lead organisation"
SUPPORTING = "Supporting organisations"
START = "Start date"
DUE = "Due date"
STATUS = "Status"
RAG = "RAG"
ACTION_REF = "Action ref"
COMPLETED_ON = "Completed on"
PERIOD = "Period"
ACTION_TO_DATE = "Action to date"
SLUG = "Slug"
NAME = "Name"
KIND = "Kind"
END = "End date"
PARTNERS = "Partners"
TARGET_GROUPS = "Target groups"
PLACES = "Places"
FUNDING = "Funding"
NODE_REFS = "Node refs"
ORG_TYPE = "Type"
BOARD_SEAT = "Board seat"
SEAT_TITLE = "Seat title"

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

INITIATIVES_SHEET = Sheet(
    INITIATIVES,
    "Programmes, projects, campaigns, services and events the partners deliver. Initiatives belong to the "
    "partnership rather than to one strategy, so this sheet lists all of them; Node refs link them to rows "
    "of this strategy's tree.",
    columns=(
        Column(
            SLUG,
            REF,
            True,
            "A short name unique in the partnership (lower-case letters, numbers and hyphens). This is how "
            "import recognises the row.",
            20,
            max_length=INITIATIVE_SLUG_LENGTH,
            field="slug",
        ),
        Column(NAME, TEXT, True, "Its name.", 30, max_length=INITIATIVE_NAME_LENGTH, field="name"),
        Column(
            KIND,
            CHOICE,
            True,
            "Programme, Project, Campaign, Service or Event. Needed for a new initiative.",
            12,
            choices=InitiativeKind,
            field="kind",
            fill=False,
        ),
        Column(DESCRIPTION, TEXT, False, "What it is.", 50, wrap=True, field="description"),
        Column(START, DATE, False, "When it starts.", 13, field="start_date"),
        Column(END, DATE, False, "When it ends; not before the start date.", 13, field="end_date"),
        Column(
            LEAD,
            TEXT,
            False,
            "The organisation that leads it, by name or slug; may be empty.",
            30,
            field="lead",
        ),
        Column(
            PARTNERS,
            LIST,
            False,
            "Partner organisations by name or slug, separated by semicolons.",
            40,
            wrap=True,
            field="partners",
        ),
        Column(
            TARGET_GROUPS,
            LIST,
            False,
            "Who it is for, separated by semicolons, e.g. Older people; Families.",
            30,
            wrap=True,
            field="target_groups",
        ),
        Column(
            PLACES, LIST, False, "Where it happens, separated by semicolons.", 30, wrap=True, field="places"
        ),
        Column(FUNDING, TEXT, False, "Who funds it and how much.", 30, wrap=True, field="funding"),
        Column(
            NODE_REFS,
            LIST,
            False,
            "Refs of the Tree rows it contributes to, separated by semicolons. Links to other strategies' "
            "trees are kept.",
            20,
            field="node_refs",
        ),
    ),
    max_rows=2_000,
)

ORGANISATIONS_SHEET = Sheet(
    ORGANISATIONS,
    "The partnership's member organisations. Other sheets name organisations from this list or ones that "
    "already exist. A row for an organisation that does not exist yet creates it.",
    columns=(
        Column(
            NAME,
            TEXT,
            True,
            "The organisation's name.",
            40,
            max_length=ORGANISATION_NAME_LENGTH,
            field="name",
        ),
        Column(
            SLUG,
            REF,
            False,
            "Its short name. Import recognises an organisation by its slug, or by its exact name "
            "if the slug is empty; a new organisation without one gets a slug made from its name.",
            24,
            max_length=ORGANISATION_SLUG_LENGTH,
            field="slug",
            fill=False,
        ),
        Column(
            ORG_TYPE,
            CHOICE,
            True,
            "The type of organisation. Needed for a new organisation.",
            28,
            choices=OrganisationType,
            field="kind",
            fill=False,
        ),
        Column(
            BOARD_SEAT,
            YES_NO,
            False,
            "Yes if it has a seat on the partnership board.",
            12,
            field="board_seat",
        ),
        Column(
            SEAT_TITLE,
            TEXT,
            False,
            "The board seat's title, e.g. Voluntary sector representative.",
            36,
            max_length=SEAT_TITLE_LENGTH,
            field="seat_title",
        ),
    ),
    max_rows=1_000,
)

TAGS_SHEET = Sheet(
    TAGS,
    "For information, not imported: the tags the Tree sheet may use, written scheme:tag.",
    columns=(
        Column("Tag", TEXT, False, "What to write in the Tree sheet's Tags column.", 44),
        Column("Scheme", TEXT, False, "The model the tag belongs to.", 40),
        Column(NAME, TEXT, False, "The tag's name.", 70, wrap=True),
    ),
    imported=False,
)

UPDATES_SHEET = Sheet(
    UPDATES,
    "Progress updates, newest first: on an action (Action ref) or on a part of the tree such as a "
    "priority or recommendation (Node ref); each row names exactly one of them. Updates are history: "
    "import adds a row whose text is new for its action or tree row and period, as another update, "
    "and never changes or removes an update.",
    columns=(
        Column(
            ACTION_REF,
            REF,
            False,
            "The Ref of the action the update is about; empty for an update on a part of the tree.",
            12,
            field="action_ref",
        ),
        Column(
            NODE_REF,
            REF,
            False,
            "The Ref of the Tree row (a priority, a recommendation) the update is about; empty for an "
            "update on an action.",
            10,
            field="node_ref",
        ),
        Column(
            PERIOD,
            TEXT,
            True,
            "The reporting period, e.g. 2025/26 Q3: within the strategy's dates, and started.",
            12,
            field="period",
        ),
        Column(
            RAG,
            CHOICE,
            True,
            "The rating given with the update: Red, Amber, Green, Complete or Not rated.",
            12,
            choices=Rag,
            field="rag",
        ),
        Column(
            ACTION_TO_DATE,
            TEXT,
            True,
            "What had been done (on a part of the tree: its progress and impact to date).",
            80,
            max_length=UPDATE_TEXT_LENGTH,
            wrap=True,
            field="narrative",
        ),
        Column("Posted by", TEXT, False, "Who posted it. For reading only.", 24),
        Column("Posted at", DATETIME, False, "When it was posted (UK time). For reading only.", 18),
    ),
    max_rows=20_000,
)

ABOUT_SHEET = Sheet(ABOUT, "For information, not imported: what each sheet and column means.", imported=False)

LISTS = "Lists"
LISTS_SHEET = Sheet(
    LISTS,
    "Hidden, not imported: the words the drop-down lists offer in the Status, RAG, Kind and Type columns.",
    imported=False,
)

# The hidden Versions sheet: each record's version when the workbook was exported, by the record's id
# (so sorting, inserting or deleting rows on the other sheets cannot detach a version from its row).
# Import compares them with the database so that a workbook never undoes a change made in Wellboard
# after it was exported.
V_RECORD = "Record"
V_KEY = "Key"
V_ID = "Id"
V_VERSION = "Version"
BOARD_SEAT_RECORD = "board seat"
VERSIONS_SHEET = Sheet(
    VERSIONS,
    "Hidden, read by import, do not change: the version of every record when the workbook was exported, "
    "so that import refuses a row that would undo a change made in Wellboard since.",
    columns=(
        Column(V_RECORD, TEXT, True, "The kind of record.", 14),
        Column(V_KEY, TEXT, True, "Its Ref, slug or title, for reading.", 30),
        Column(V_ID, TEXT, True, "Its number in Wellboard.", 10),
        Column(V_VERSION, TEXT, True, "Its version when exported.", 10),
    ),
    imported=False,
    max_rows=60_000,
)

SHEETS: tuple[Sheet, ...] = (
    ABOUT_SHEET,
    STRATEGY_SHEET,
    TREE_SHEET,
    ACTIONS_SHEET,
    MILESTONES_SHEET,
    INITIATIVES_SHEET,
    ORGANISATIONS_SHEET,
    TAGS_SHEET,
    UPDATES_SHEET,
    LISTS_SHEET,
    VERSIONS_SHEET,
)

IMPORTED_SHEETS = tuple(s for s in SHEETS if s.imported)


@dataclass(frozen=True)
class Rules:
    """Limits every import applies; tests shrink them to exercise the limits cheaply."""

    max_bytes: int = 10 * 1024 * 1024
    max_uncompressed: int = 60 * 1024 * 1024
    max_rows: dict[str, int] = field(default_factory=lambda: {s.name: s.max_rows for s in IMPORTED_SHEETS})


def choice_labels(choices: type[models.TextChoices]) -> list[str]:
    return [str(label) for label in choices.labels]
