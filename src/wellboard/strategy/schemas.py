"""What the strategy API reads and writes (django-ninja schemas)."""

from __future__ import annotations

import datetime as dt
from typing import Literal

from ninja import Field, Schema
from pydantic import ConfigDict

from wellboard.core.responses import JsonInteger


class OrganisationRefOut(Schema):
    id: int
    slug: str
    name: str


class RagCountsOut(Schema):
    total: int = Field(description="Actions counted")
    red: int
    amber: int
    green: int
    complete: int
    not_rated: int
    overdue_actions: int = Field(description="Open actions past their due date")
    overdue_milestones: int = Field(description="Milestones past their due date and not done")


class StrategyOut(Schema):
    slug: str
    title: str
    status: str = Field(description="draft, live or archived")
    start_date: dt.date
    end_date: dt.date
    vision: str
    summary: str
    level_names: list[str] = Field(
        description="Names of the tree's levels from the top, e.g. Theme, Priority"
    )
    version: int


class NodeOut(Schema):
    id: int
    ref: str
    title: str
    description: str
    depth: int = Field(description="0 for the top level")
    level_name: str
    parent_ref: str | None
    tags: list[str]
    counts: RagCountsOut = Field(description="Actions of this node and everything beneath it")
    action_ids: list[int] = Field(description="Actions directly under this node")


class StrategyTreeOut(StrategyOut):
    totals: RagCountsOut
    nodes: list[NodeOut] = Field(description="The tree, depth first: each node follows its parent")


class ActionOut(Schema):
    id: int
    ref: str
    title: str
    strategy: str = Field(description="The strategy's slug")
    node_ref: str
    lead_organisation: OrganisationRefOut
    status: str = Field(description="not_started, in_progress, completed, on_hold or cancelled")
    rag: str = Field(description="red, amber, green, complete or not_rated")
    start_date: dt.date | None
    due_date: dt.date | None
    smart_target: str
    description: str
    overdue: bool
    overdue_milestones: int
    version: int


class MilestoneOut(Schema):
    id: int
    title: str
    due_date: dt.date
    completed_on: dt.date | None
    overdue: bool


class ProgressUpdateOut(Schema):
    id: int
    action_id: int
    period: str = Field(description="Period code, e.g. 2024/25 Q3")
    period_start: dt.date
    narrative: str = Field(description="The action to date")
    rag: str
    author: str
    posted_at: dt.datetime
    version: int = Field(description="Send it back as expected_version to replace this update")


class NodeProgressUpdateOut(Schema):
    id: int
    strategy: str = Field(description="The strategy's slug")
    node_ref: str = Field(description="The part of the tree the update is about, e.g. 2.1")
    period: str = Field(description="Period code, e.g. 2024/25 Q3")
    period_start: dt.date
    narrative: str = Field(description="The progress and impact to date")
    rag: str
    author: str
    posted_at: dt.datetime
    version: int = Field(description="Send it back as expected_version to replace this update")


class ActionDetailOut(ActionOut):
    supporting_organisations: list[OrganisationRefOut]
    milestones: list[MilestoneOut]
    updates: list[ProgressUpdateOut] = Field(description="Newest period first")


# The period codes an update may name, each of which always reads as a period: a financial year
# (2026/27) or one of its quarters (2026/27 Q2), a calendar year (2026) or one of its quarters
# (2026 Q2), months (2026-07) and ISO weeks 1 to 52 (2026-W05), from 1900 to 2099. Digits are ASCII
# digits, as the period reader takes. Whether the strategy covers the period, and whether it has
# started, depend on the strategy and the day: a period that fails either answers 409.
_NEXT_YEAR = "|".join(f"{year:02d}/{(year + 1) % 100:02d}" for year in range(100))
PERIOD_PATTERN = (
    r"^(?:(?:19|20)[0-9]{2}(?: Q[1-4]|-(?:0[1-9]|1[0-2])|-W(?:0[1-9]|[1-4][0-9]|5[0-2]))?"
    rf"|(?:19|20)(?:{_NEXT_YEAR})(?: Q[1-4])?)$"
)
UPDATE_TEXT_LENGTH = 10_000


class ProgressUpdateIn(Schema):
    model_config = ConfigDict(extra="forbid")

    period: str = Field(
        description=(
            "A period code: a financial year (2026/27) or quarter (2026/27 Q2), a calendar year (2026) "
            "or quarter (2026 Q2), a month (2026-07) or an ISO week (2026-W05). It must be within the "
            "strategy's dates and have started, or the update is refused with 409"
        ),
        examples=["2026/27 Q2"],
        pattern=PERIOD_PATTERN,
    )
    narrative: str = Field(
        description=(
            "The action to date (for a part of the tree: its progress and impact to date): some text, "
            f"at most {UPDATE_TEXT_LENGTH:,} characters"
        ),
        min_length=1,
        max_length=UPDATE_TEXT_LENGTH,
        pattern=r"\S",
    )
    rag: Literal["red", "amber", "green", "complete", "not_rated"] = Field(
        description="red, amber, green, complete or not_rated", examples=["amber"]
    )
    mode: Literal["add", "replace"] | None = Field(
        default=None,
        description=(
            "Only when the period already has an update: 'replace' puts this one in its place, 'add' "
            "posts it beside it. Without it a second update for the period is refused (422)."
        ),
    )
    replaces: JsonInteger | None = Field(
        default=None,
        description="With mode 'replace': the id of the update to replace (default: the latest)",
    )
    expected_version: JsonInteger | None = Field(
        default=None,
        description=(
            "Required with mode 'replace': the version of the update you read; a newer one answers 409, "
            "and a replacement without it 422"
        ),
    )


class InitiativeOut(Schema):
    slug: str
    name: str
    kind: str = Field(description="programme, project, campaign, service or event")
    description: str
    start_date: dt.date | None
    end_date: dt.date | None
    lead_organisation: OrganisationRefOut | None
    partners: list[OrganisationRefOut]
    target_groups: list[str]
    places: list[str]
    funding: str
    nodes: list[str] = Field(description="Parts of strategies it serves, as 'strategy-slug/ref'")
    version: int
