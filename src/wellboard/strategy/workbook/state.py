"""What the database holds now, as plain values the planner can compare a workbook against.

Loading is the only part of planning that touches the database; the planner itself is pure.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field, fields
from typing import Any, TypeVar

from django.db import models
from django.db.models import Q

from wellboard.core.access import Actor
from wellboard.partners.models import Membership
from wellboard.partners.selectors import organisation_list
from wellboard.strategy.models import Action, Initiative, Milestone, Node, ProgressUpdate, Strategy
from wellboard.strategy.selectors import strategy_list, tag_list
from wellboard.strategy.workbook.format import TAG_SEPARATOR


@dataclass(frozen=True)
class OrganisationState:
    pk: int
    slug: str
    name: str
    kind: str
    board_seat: bool = False
    seat_title: str = ""
    joined_on: dt.date | None = None
    left_on: dt.date | None = None
    version: int = 1
    membership_version: int | None = None


@dataclass(frozen=True)
class StrategyState:
    pk: int
    slug: str
    title: str
    vision: str
    summary: str
    start_date: dt.date
    end_date: dt.date
    status: str
    level_names: tuple[str, ...]
    version: int = 1


@dataclass(frozen=True)
class NodeState:
    pk: int
    ref: str
    parent_pk: int | None
    depth: int
    position: int
    title: str
    description: str = ""
    tags: frozenset[int] = frozenset()
    version: int = 1


@dataclass(frozen=True)
class ActionState:
    pk: int
    ref: str
    node_pk: int
    position: int
    title: str
    lead_pk: int
    description: str = ""
    smart_target: str = ""
    supporting: frozenset[int] = frozenset()
    start_date: dt.date | None = None
    due_date: dt.date | None = None
    status: str = "not_started"
    rag: str = "not_rated"
    version: int = 1


@dataclass(frozen=True)
class MilestoneState:
    pk: int
    action_pk: int
    position: int
    title: str
    due_date: dt.date
    completed_on: dt.date | None = None
    version: int = 1


@dataclass(frozen=True)
class UpdateState:
    """A progress update on an action (``action_pk``) or a part of the tree (``node_pk``)."""

    pk: int
    action_pk: int | None
    node_pk: int | None
    period: str
    period_start: dt.date
    narrative: str
    rag: str


@dataclass(frozen=True)
class InitiativeState:
    pk: int
    slug: str
    name: str
    kind: str
    description: str = ""
    start_date: dt.date | None = None
    end_date: dt.date | None = None
    lead_pk: int | None = None
    partners: frozenset[int] = frozenset()
    target_groups: tuple[str, ...] = ()
    places: tuple[str, ...] = ()
    funding: str = ""
    node_pks: frozenset[int] = frozenset()
    version: int = 1


@dataclass
class CurrentState:
    """The partnership's organisations, tags and initiatives, and one strategy (None if it is new)."""

    organisations: list[OrganisationState] = field(default_factory=list)
    tags: dict[str, int] = field(default_factory=dict)  # "scheme:tag" (lower case) -> tag id
    strategy: StrategyState | None = None
    nodes: list[NodeState] = field(default_factory=list)  # depth, position, id
    actions: list[ActionState] = field(default_factory=list)  # position, id
    milestones: list[MilestoneState] = field(default_factory=list)  # action, due date, position, id
    initiatives: list[InitiativeState] = field(default_factory=list)
    updates: list[UpdateState] = field(default_factory=list)  # in the order they were posted


def tag_key(scheme_slug: str, tag_slug: str) -> str:
    return f"{scheme_slug}{TAG_SEPARATOR}{tag_slug}".lower()


S = TypeVar("S")


def _state_of(kind: type[S], record: models.Model, **values: Any) -> S:
    """A ``kind`` holding ``values`` and, for each of its other fields, ``record``'s field of that name."""
    given = {f.name: getattr(record, f.name) for f in fields(kind) if f.name not in values}  # type: ignore[arg-type]
    return kind(**given, **values)


def state_load(*, actor: Actor, strategy_slug: str) -> CurrentState:
    """Read what the import compares against, for the actor's partnership."""
    state = CurrentState()
    memberships = {
        m.organisation_id: m
        for m in Membership.objects.filter(organisation__partnership_id=actor.partnership_id)
    }
    for organisation in organisation_list(actor=actor).order_by("name", "pk"):
        membership = memberships.get(organisation.pk)
        state.organisations.append(
            OrganisationState(
                pk=organisation.pk,
                slug=organisation.slug,
                name=organisation.name,
                kind=organisation.kind,
                board_seat=membership.board_seat if membership else False,
                seat_title=membership.seat_title if membership else "",
                joined_on=membership.joined_on if membership else None,
                left_on=membership.left_on if membership else None,
                version=organisation.version,
                membership_version=membership.version if membership else None,
            )
        )
    # The partnership's own schemes win over a built-in scheme with the same slug.
    for tag in sorted(tag_list(actor=actor), key=lambda t: t.scheme.partnership_id is not None):
        state.tags[tag_key(tag.scheme.slug, tag.slug)] = tag.pk

    initiatives = Initiative.objects.filter(partnership_id=actor.partnership_id).prefetch_related(
        "partners", "nodes"
    )
    for initiative in initiatives.order_by("slug", "pk"):
        state.initiatives.append(
            _state_of(
                InitiativeState,
                initiative,
                lead_pk=initiative.lead_organisation_id,
                partners=frozenset(o.pk for o in initiative.partners.all()),
                target_groups=tuple(str(v) for v in initiative.target_groups or ()),
                places=tuple(str(v) for v in initiative.places or ()),
                node_pks=frozenset(n.pk for n in initiative.nodes.all()),
            )
        )

    strategy: Strategy | None = strategy_list(actor=actor).filter(slug=strategy_slug).first()
    if strategy is None:
        return state
    state.strategy = _state_of(
        StrategyState, strategy, level_names=tuple(str(n) for n in strategy.level_names or ())
    )
    for node in (
        Node.objects.filter(strategy=strategy).prefetch_related("tags").order_by("depth", "position", "pk")
    ):
        state.nodes.append(
            _state_of(
                NodeState, node, parent_pk=node.parent_id, tags=frozenset(t.pk for t in node.tags.all())
            )
        )
    actions = Action.objects.filter(strategy=strategy).prefetch_related("supporting_organisations")
    for action in actions.order_by("position", "pk"):
        supporting = frozenset(o.pk for o in action.supporting_organisations.all())
        state.actions.append(
            _state_of(
                ActionState,
                action,
                node_pk=action.node_id,
                lead_pk=action.lead_organisation_id,
                supporting=supporting,
            )
        )
    milestones = Milestone.objects.filter(action__strategy=strategy)
    for milestone in milestones.order_by("action_id", "due_date", "position", "pk"):
        state.milestones.append(_state_of(MilestoneState, milestone, action_pk=milestone.action_id))
    updates = ProgressUpdate.objects.filter(Q(action__strategy=strategy) | Q(node__strategy=strategy))
    for update in updates.order_by("posted_at", "pk"):
        state.updates.append(
            _state_of(UpdateState, update, action_pk=update.action_id, node_pk=update.node_id)
        )
    return state
