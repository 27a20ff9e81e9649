"""Who may change what in the strategy app: every rule and its message, once.

- Strategies, their trees, adding and deleting actions and initiatives, and workbooks: coordinators.
- Progress updates on a part of the tree (a priority's or recommendation's progress and impact as a
  whole): coordinators, since no one organisation leads a part of the tree.
- An action, its milestones and progress updates: a coordinator, or a contributor of the action's
  lead organisation, who may change only its status, RAG, dates, description and SMART target.
- An initiative: a coordinator, or a contributor of its lead organisation, who may keep its details
  up to date but not hand it to another organisation or rename its address.

The services require these rules before they write; the views require the same rules before they
show a form and pass ``abilities`` to templates (``{% if can.change_tree %}``). For anyone who may
not change an action or initiative of another organisation, the selectors answer that it does not
exist (404), using ``can_edit_action`` and ``can_edit_initiative``.
"""

from __future__ import annotations

from collections.abc import Iterable

from wellboard.core.access import Actor
from wellboard.core.errors import PermissionDenied
from wellboard.core.policy import Rule, abilities, coordinators
from wellboard.strategy.models import Action, Initiative

CREATE_STRATEGY = Rule("Only a coordinator can create a strategy", coordinators)
CHANGE_STRATEGY = Rule("Only a coordinator can change a strategy", coordinators)
CHANGE_TREE = Rule("Only a coordinator can change a strategy's tree", coordinators)
ADD_ACTION = Rule("Only a coordinator can add actions", coordinators)
DELETE_ACTION = Rule("Only a coordinator can delete actions", coordinators)
ADD_INITIATIVE = Rule("Only a coordinator can add initiatives", coordinators)
DELETE_INITIATIVE = Rule("Only a coordinator can delete initiatives", coordinators)
USE_WORKBOOKS = Rule("Only a coordinator can export or import strategy workbooks", coordinators)
POST_NODE_UPDATE = Rule(
    "Only a coordinator can post a progress update on a part of the strategy", coordinators
)
IMPORT_WORKBOOK = Rule("Only a coordinator can import a strategy workbook", coordinators)

# The rules templates ask, by the name they use: ``can.add_action``.
RULES = {
    "create_strategy": CREATE_STRATEGY,
    "change_strategy": CHANGE_STRATEGY,
    "change_tree": CHANGE_TREE,
    "add_action": ADD_ACTION,
    "delete_action": DELETE_ACTION,
    "add_initiative": ADD_INITIATIVE,
    "delete_initiative": DELETE_INITIATIVE,
    "use_workbooks": USE_WORKBOOKS,
    "post_node_update": POST_NODE_UPDATE,
}


def strategy_abilities(actor: Actor) -> dict[str, bool]:
    return abilities(actor, RULES)


# ---------------------------------------------------------------- actions

# What a contributor of the lead organisation may change; everything else is for coordinators.
ACTION_CONTRIBUTOR_FIELDS = frozenset(
    {"status", "rag", "start_date", "due_date", "description", "smart_target"}
)
_ACTION_FIELD_NAMES = {
    "title": "title",
    "ref": "reference",
    "position": "position",
    "node": "place in the strategy",
    "lead_organisation": "lead organisation",
    "supporting_organisations": "supporting organisations",
}


def can_edit_action(actor: Actor, action: Action) -> bool:
    """May change the action (within ``require_action_fields``), its milestones and progress."""
    return actor.acts_for(action.lead_organisation_id)


def can_change_whole_action(actor: Actor) -> bool:
    """May change every field of an action, not only what a contributor may."""
    return actor.is_coordinator


def require_action_fields(actor: Actor, fields: Iterable[str]) -> None:
    """Refuse a change to fields of an action only a coordinator may change, naming them."""
    if can_change_whole_action(actor):
        return
    restricted = sorted(set(fields) - ACTION_CONTRIBUTOR_FIELDS)
    if restricted:
        names = ", ".join(_ACTION_FIELD_NAMES.get(f, f) for f in restricted)
        raise PermissionDenied(f"Only a coordinator can change an action's {names}")


# ---------------------------------------------------------------- initiatives

INITIATIVE_COORDINATOR_FIELDS = frozenset({"slug", "lead_organisation"})


def can_edit_initiative(actor: Actor, initiative: Initiative) -> bool:
    return actor.acts_for(initiative.lead_organisation_id)


def can_change_initiative_lead(actor: Actor) -> bool:
    """May hand an initiative to another organisation (or give it a new address)."""
    return actor.is_coordinator


def require_initiative_fields(actor: Actor, fields: Iterable[str]) -> None:
    if not can_change_initiative_lead(actor) and INITIATIVE_COORDINATOR_FIELDS & set(fields):
        raise PermissionDenied(
            "Only a coordinator can change an initiative's lead organisation or short name"
        )
