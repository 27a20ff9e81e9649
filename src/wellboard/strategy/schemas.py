"""What the strategy API reads and writes (django-ninja schemas)."""

from __future__ import annotations

import datetime as dt
from typing import Literal

from ninja import Field, Schema


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


class ProgressUpdateIn(Schema):
    period: str = Field(
        description="A period code or label within the strategy's dates that has started, e.g. 2026/27 Q2",
        examples=["2026/27 Q2"],
    )
    narrative: str = Field(
        description="The action to date (for a part of the tree: its progress and impact to date)"
    )
    rag: str = Field(description="red, amber, green, complete or not_rated", examples=["amber"])
    mode: Literal["add", "replace"] | None = Field(
        default=None,
        description=(
            "Only when the period already has an update: 'replace' puts this one in its place, 'add' "
            "posts it beside it. Without it a second update for the period is refused (422)."
        ),
    )
    replaces: int | None = Field(
        default=None, description="With mode 'replace': the id of the update to replace (default: the latest)"
    )
    expected_version: int | None = Field(
        default=None,
        description="With mode 'replace': the version of the update you read; a newer one answers 409",
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
