"""Reads of strategies, actions and initiatives. Every function takes the acting person.

Any member of a partnership (coordinator, analyst, board member, viewer, contributor) may read all of
its strategies, actions and initiatives. The ``*_for_edit`` selectors narrow that to what the actor
may change: another organisation's action is simply not found (404), never 'forbidden'.

One module per topic: ``strategies`` (strategies, tags, the tree and its nodes), ``actions`` (actions,
milestones, progress updates), ``progress`` (progress updates on parts of the tree),
``initiatives``, ``organisations`` (what each organisation leads and supports) and ``rag_counts``
(the RAG counts and overdue rules they share).
"""

from wellboard.strategy.selectors.actions import (
    action_can_edit,
    action_get,
    action_get_for_edit,
    action_history_events,
    action_list,
    milestone_get,
    milestone_get_for_edit,
    milestone_list,
    my_actions,
    overdue_milestone_list,
    progress_update_get,
    progress_update_list,
    recent_progress_updates,
)
from wellboard.strategy.selectors.initiatives import initiative_get, initiative_get_for_edit, initiative_list
from wellboard.strategy.selectors.organisations import (
    OrganisationOverview,
    organisation_action_counts,
    organisation_overview,
)
from wellboard.strategy.selectors.progress import node_latest_updates, node_progress_update_list
from wellboard.strategy.selectors.rag_counts import CLOSED_STATUSES, RagCounts, action_overdue_milestones
from wellboard.strategy.selectors.strategies import (
    NodeSummary,
    StrategyTree,
    node_ancestors,
    node_choices,
    node_get,
    node_list,
    strategy_get,
    strategy_list,
    strategy_summaries,
    strategy_tree,
    tag_find,
    tag_list,
)

__all__ = [
    "CLOSED_STATUSES",
    "NodeSummary",
    "OrganisationOverview",
    "RagCounts",
    "StrategyTree",
    "action_can_edit",
    "action_get",
    "action_get_for_edit",
    "action_history_events",
    "action_list",
    "action_overdue_milestones",
    "initiative_get",
    "initiative_get_for_edit",
    "initiative_list",
    "milestone_get",
    "milestone_get_for_edit",
    "milestone_list",
    "my_actions",
    "node_ancestors",
    "node_choices",
    "node_get",
    "node_latest_updates",
    "node_list",
    "node_progress_update_list",
    "organisation_action_counts",
    "organisation_overview",
    "overdue_milestone_list",
    "progress_update_get",
    "progress_update_list",
    "recent_progress_updates",
    "strategy_get",
    "strategy_list",
    "strategy_summaries",
    "strategy_tree",
    "tag_find",
    "tag_list",
]
