"""The Initiatives, Organisations, Tags and Updates sheets, the sheets that are not imported
(About, the hidden Lists and Versions), every sheet in the workbook's order, and the limits every
import applies."""

from __future__ import annotations

from dataclasses import dataclass, field

from wellboard.core.rag import Rag
from wellboard.partners.models import OrganisationType
from wellboard.strategy.models import InitiativeKind
from wellboard.strategy.workbook.format.columns import (
    ABOUT,
    ACTION_REF,
    ACTION_TO_DATE,
    BOARD_SEAT,
    CHOICE,
    DATE,
    DATETIME,
    DESCRIPTION,
    END,
    FUNDING,
    INITIATIVE_NAME_LENGTH,
    INITIATIVE_SLUG_LENGTH,
    INITIATIVES,
    KIND,
    LEAD,
    LIST,
    NAME,
    NODE_REF,
    NODE_REFS,
    ORG_TYPE,
    ORGANISATION_NAME_LENGTH,
    ORGANISATION_SLUG_LENGTH,
    ORGANISATIONS,
    PARTNERS,
    PERIOD,
    PLACES,
    RAG,
    REF,
    SEAT_TITLE,
    SEAT_TITLE_LENGTH,
    SLUG,
    START,
    TAGS,
    TARGET_GROUPS,
    TEXT,
    UPDATE_TEXT_LENGTH,
    UPDATES,
    VERSIONS,
    YES_NO,
    Column,
    Sheet,
)
from wellboard.strategy.workbook.format.strategy_sheets import (
    ACTIONS_SHEET,
    MILESTONES_SHEET,
    STRATEGY_SHEET,
    TREE_SHEET,
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
