"""Reads of strategies, their tags and their trees of themes and priorities."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass, field

from django.db.models import Q, QuerySet

from wellboard.core import clock
from wellboard.core.access import Actor, require_member
from wellboard.core.errors import NotFound
from wellboard.strategy.models import Action, Node, Strategy, StrategyStatus, Tag
from wellboard.strategy.selectors.actions import action_query
from wellboard.strategy.selectors.ordering import action_in_node_key, in_tree_order, nodes_in_tree_order
from wellboard.strategy.selectors.rag_counts import RagCounts, with_overdue_milestones


def strategy_list(*, actor: Actor, status: str | None = None) -> QuerySet[Strategy]:
    require_member(actor, "strategy")
    qs = Strategy.objects.filter(partnership_id=actor.partnership_id)
    if status:
        qs = qs.filter(status=status)
    return qs


def strategy_get(*, actor: Actor, slug: str) -> Strategy:
    strategy = strategy_list(actor=actor).filter(slug=slug).first()
    if strategy is None:
        raise NotFound("strategy")
    return strategy


def tag_list(*, actor: Actor) -> QuerySet[Tag]:
    """Tags from the built-in models and the partnership's own schemes."""
    return (
        Tag.objects.filter(
            Q(scheme__partnership__isnull=True) | Q(scheme__partnership_id=actor.partnership_id)
        )
        .select_related("scheme")
        .order_by("scheme__name", "position", "name")
    )


def tag_find(*, actor: Actor, text: str, scheme_slug: str = "") -> Tag | None:
    """Match a tag the way people type it: its slug or its name, any case."""
    text = (text or "").strip()
    if not text:
        return None
    tags = tag_list(actor=actor)
    if scheme_slug:
        tags = tags.filter(scheme__slug=scheme_slug)
    return tags.filter(slug=text.lower()).first() or tags.filter(name__iexact=text).first()


def _require_strategy_visible(actor: Actor, strategy: Strategy) -> None:
    """A strategy passed in from elsewhere must belong to the actor's partnership."""
    if strategy.partnership_id != actor.partnership_id:
        raise NotFound("strategy")


# ---------------------------------------------------------------- the tree


@dataclass
class NodeSummary:
    """One node of the tree with its own actions and the counts of everything beneath it."""

    node: Node
    level_name: str
    children: list[NodeSummary] = field(default_factory=list)
    actions: list[Action] = field(default_factory=list)
    counts: RagCounts = field(default_factory=RagCounts)

    @property
    def heading_level(self) -> int:
        """Themes are h2 on the strategy page, priorities h3, and so on down to h6."""
        return min(self.node.depth + 2, 6)

    @property
    def all_actions(self) -> list[Action]:
        found = list(self.actions)
        for child in self.children:
            found.extend(child.all_actions)
        return found


@dataclass
class StrategyTree:
    strategy: Strategy
    roots: list[NodeSummary]
    nodes: dict[int, NodeSummary]
    totals: RagCounts
    today: dt.date

    def walk(self) -> Iterable[NodeSummary]:
        stack = list(reversed(self.roots))
        while stack:
            summary = stack.pop()
            yield summary
            stack.extend(reversed(summary.children))


def strategy_tree(
    *,
    actor: Actor,
    strategy: Strategy,
    rag: str = "",
    lead_organisation_id: int | None = None,
    today: dt.date | None = None,
) -> StrategyTree:
    """The whole tree in four queries, whatever its size: nodes, their tags, actions (with their
    overdue milestones counted by the database) and nothing per node."""
    _require_strategy_visible(actor, strategy)
    today = today or clock.today()
    nodes = in_tree_order(Node.objects.filter(strategy=strategy).prefetch_related("tags"))
    actions = action_query(
        actor=actor, strategy=strategy, rag=rag, lead_organisation_id=lead_organisation_id, today=today
    )
    summaries = {n.pk: NodeSummary(node=n, level_name=strategy.level_name(n.depth)) for n in nodes}
    roots: list[NodeSummary] = []
    for n in nodes:
        summary = summaries[n.pk]
        parent = summaries.get(n.parent_id) if n.parent_id is not None else None
        (parent.children if parent is not None else roots).append(summary)
    for action in actions:
        owner = summaries.get(action.node_id)
        if owner is None:  # pragma: no cover - an action always belongs to a node of its strategy
            continue
        owner.actions.append(action)
        owner.counts.count_action(action, today=today)
    for summary in summaries.values():
        summary.actions.sort(key=action_in_node_key)
    # Roll counts up from the deepest level so each theme shows everything beneath it.
    for n in sorted(nodes, key=lambda x: -x.depth):
        if n.parent_id is not None and n.parent_id in summaries:
            summaries[n.parent_id].counts.merge(summaries[n.pk].counts)
    totals = RagCounts()
    for root in roots:
        totals.merge(root.counts)
    return StrategyTree(strategy=strategy, roots=roots, nodes=summaries, totals=totals, today=today)


def strategy_summaries(
    *, actor: Actor, status: str | None = StrategyStatus.LIVE, today: dt.date | None = None
) -> list[tuple[Strategy, RagCounts]]:
    """Each strategy with the RAG counts of all its actions (three queries in all)."""
    today = today or clock.today()
    strategies = list(strategy_list(actor=actor, status=status))
    counts = {s.pk: RagCounts() for s in strategies}
    actions = with_overdue_milestones(
        Action.objects.filter(strategy_id__in=list(counts)).only(
            "pk", "strategy_id", "rag", "status", "due_date"
        ),
        today,
    )
    for action in actions:
        counts[action.strategy_id].count_action(action, today=today)
    return [(s, counts[s.pk]) for s in strategies]


# ---------------------------------------------------------------- nodes


def node_list(*, actor: Actor, strategy: Strategy) -> QuerySet[Node]:
    """The strategy's nodes in tree order: 1, 1.1, 1.2, 2, 2.1…"""
    _require_strategy_visible(actor, strategy)
    return nodes_in_tree_order(Node.objects.filter(strategy=strategy))


def node_choices(*, actor: Actor) -> QuerySet[Node]:
    """Every node of every strategy in the partnership (for linking initiatives), strategy by strategy,
    each in tree order."""
    require_member(actor)
    return nodes_in_tree_order(
        Node.objects.filter(strategy__partnership_id=actor.partnership_id).select_related("strategy")
    )


def node_get(*, actor: Actor, strategy: Strategy, ref: str) -> Node:
    _require_strategy_visible(actor, strategy)
    node = Node.objects.filter(strategy=strategy, ref=ref).select_related("parent").first()
    if node is None:
        raise NotFound("part of the strategy")
    node.strategy = strategy
    return node


def node_ancestors(node: Node) -> list[Node]:
    """The node's parents from the top of the tree down (one query per level; trees are shallow)."""
    chain: list[Node] = []
    current = node.parent
    while current is not None:
        chain.append(current)
        current = current.parent
    return list(reversed(chain))
