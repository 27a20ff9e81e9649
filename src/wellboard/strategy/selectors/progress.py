"""Reads of the progress updates posted on parts of a strategy's tree: a priority's or a
recommendation's progress and impact as a whole, period by period.

Every member of the partnership may read them; a node of another partnership is not found.
"""

from __future__ import annotations

from django.db.models import QuerySet

from wellboard.core.access import Actor, require_member
from wellboard.core.errors import NotFound
from wellboard.strategy.models import Node, ProgressUpdate, Strategy


def _require_node_visible(actor: Actor, node: Node) -> None:
    require_member(actor, "part of the strategy")
    if node.strategy.partnership_id != actor.partnership_id:
        raise NotFound("part of the strategy")


def node_progress_update_list(*, actor: Actor, node: Node, period: str = "") -> QuerySet[ProgressUpdate]:
    """The node's progress history, newest period first (and, within a period, newest first);
    with ``period`` (a period code such as 2025/26 Q3), only that period's updates."""
    _require_node_visible(actor, node)
    updates = ProgressUpdate.objects.filter(node=node)
    if period:
        updates = updates.filter(period=period)
    return updates.select_related("author").order_by("-period_start", "-posted_at", "-pk")


def node_latest_updates(*, actor: Actor, strategy: Strategy) -> dict[int, ProgressUpdate]:
    """The latest update of each node of ``strategy`` that has one (by period, then by when it was
    posted), keyed by the node's id: one query, whatever the size of the tree."""
    require_member(actor, "strategy")
    if strategy.partnership_id != actor.partnership_id:
        raise NotFound("strategy")
    latest: dict[int, ProgressUpdate] = {}
    updates = ProgressUpdate.objects.filter(node__strategy=strategy).order_by(
        "node_id", "-period_start", "-posted_at", "-pk"
    )
    for update in updates:
        if update.node_id is not None:
            latest.setdefault(update.node_id, update)
    return latest
