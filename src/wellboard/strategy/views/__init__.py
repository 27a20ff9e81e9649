"""Pages for strategies, their trees, actions, milestones and initiatives (one module per topic)."""

from wellboard.strategy.views.actions import (
    action_create_view,
    action_delete_view,
    action_detail,
    action_edit,
    action_history,
    action_list_view,
    progress_update_create,
)
from wellboard.strategy.views.initiatives import (
    initiative_create_view,
    initiative_delete_view,
    initiative_detail,
    initiative_edit,
    initiative_history,
    initiative_list_view,
)
from wellboard.strategy.views.milestones import (
    milestone_complete,
    milestone_create_view,
    milestone_delete_view,
    milestone_edit,
    milestone_history,
)
from wellboard.strategy.views.nodes import (
    node_create_view,
    node_delete_view,
    node_detail,
    node_edit,
    node_history,
    node_update_create,
)
from wellboard.strategy.views.strategies import (
    strategy_create_view,
    strategy_detail,
    strategy_edit,
    strategy_history,
    strategy_list,
)

__all__ = [
    "action_create_view",
    "action_delete_view",
    "action_detail",
    "action_edit",
    "action_history",
    "action_list_view",
    "initiative_create_view",
    "initiative_delete_view",
    "initiative_detail",
    "initiative_edit",
    "initiative_history",
    "initiative_list_view",
    "milestone_complete",
    "milestone_create_view",
    "milestone_delete_view",
    "milestone_edit",
    "milestone_history",
    "node_create_view",
    "node_delete_view",
    "node_detail",
    "node_edit",
    "node_history",
    "node_update_create",
    "progress_update_create",
    "strategy_create_view",
    "strategy_detail",
    "strategy_edit",
    "strategy_history",
    "strategy_list",
]
