"""The only code that writes strategies, trees, actions, milestones, progress updates and initiatives.

Every function takes keyword arguments with the acting person first (``by``), runs in one
transaction, checks permission against ``strategy.policy``, validates its input through the
entity's schema in ``strategy.inputs`` (``InvalidInput`` with GOV.UK-style messages per field) and
records an audit row with the values before and after. Update functions take the version the
editor started from and refuse a stale save (``Conflict``); ``expected_version=None`` means the
caller read and writes in one transaction (the command line).

One module per record: ``strategies``, ``nodes`` (the tree), ``actions``, ``milestones``,
``progress`` (progress updates on actions and on parts of the tree) and ``initiatives``.
"""

from wellboard.strategy.services.actions import action_create, action_delete, action_update
from wellboard.strategy.services.initiatives import initiative_create, initiative_delete, initiative_update
from wellboard.strategy.services.milestones import milestone_create, milestone_delete, milestone_update
from wellboard.strategy.services.nodes import node_create, node_delete, node_update
from wellboard.strategy.services.progress import node_progress_update_post, progress_update_post
from wellboard.strategy.services.strategies import strategy_create, strategy_update

__all__ = [
    "action_create",
    "action_delete",
    "action_update",
    "initiative_create",
    "initiative_delete",
    "initiative_update",
    "milestone_create",
    "milestone_delete",
    "milestone_update",
    "node_create",
    "node_delete",
    "node_progress_update_post",
    "node_update",
    "progress_update_post",
    "strategy_create",
    "strategy_update",
]
