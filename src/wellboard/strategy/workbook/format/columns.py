"""What every sheet is made of: the ``Column`` and ``Sheet`` definitions, the sheet names, the cell
types, the column names several sheets share, and the longest text each column takes (from the
input schemas, so a workbook refuses what the services would)."""

from __future__ import annotations

from dataclasses import dataclass

from django.db import models

from wellboard.partners.inputs import MembershipInput, NewOrganisationInput
from wellboard.strategy.inputs import (
    ActionInput,
    InitiativeInput,
    MilestoneInput,
    NodeInput,
    ProgressUpdateInput,
    StrategyInput,
)

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


def choice_labels(choices: type[models.TextChoices]) -> list[str]:
    return [str(label) for label in choices.labels]
