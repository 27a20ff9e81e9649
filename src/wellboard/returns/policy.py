"""Who may do what in the returns app: each rule and its message, once.

- Collections and their measures are a coordinator's to set up and change, and only a coordinator
  sees the reminders a collection has sent.
- An organisation's return is its contributors' (or a coordinator's) to fill in and submit.
- A coordinator or an approver approves a submitted return, sends it back or un-approves it.

The services require these rules; the collection, measure and reminder pages ask the same rules and
answer 404 to anyone else, as a page that does not exist for them; templates read ``can``
(``returns_abilities``).
"""

from __future__ import annotations

from wellboard.core.access import Actor
from wellboard.core.errors import PermissionDenied
from wellboard.core.policy import Rule, abilities, coordinators

SET_UP_COLLECTION = Rule("Only a coordinator can set up a collection", coordinators)
CHANGE_COLLECTION = Rule("Only a coordinator can change a collection", coordinators)
CHANGE_MEASURES = Rule("Only a coordinator can change a collection's measures", coordinators)
SEE_REMINDERS = Rule("Only a coordinator can see the reminders a collection has sent", coordinators)


def approvers(actor: Actor) -> bool:
    return actor.can_approve_returns


APPROVE_RETURNS = Rule("Only a coordinator or an approver can approve returns", approvers)
SEND_BACK_RETURNS = Rule("Only a coordinator or an approver can send a return back", approvers)
UNAPPROVE_RETURNS = Rule("Only a coordinator or an approver can un-approve a return", approvers)

RULES = {
    "set_up_collection": SET_UP_COLLECTION,
    "change_collection": CHANGE_COLLECTION,
    "change_measures": CHANGE_MEASURES,
    "see_reminders": SEE_REMINDERS,
}


def returns_abilities(actor: Actor) -> dict[str, bool]:
    return abilities(actor, RULES)


def can_fill_in_return(actor: Actor, organisation_id: int) -> bool:
    """May change and submit the organisation's returns: its contributors, or a coordinator."""
    return actor.acts_for(organisation_id)


def require_change_return(actor: Actor, organisation_id: int) -> None:
    if not can_fill_in_return(actor, organisation_id):
        raise PermissionDenied("Only the organisation's contributors or a coordinator can change this return")


def require_submit_return(actor: Actor, organisation_id: int) -> None:
    if not can_fill_in_return(actor, organisation_id):
        raise PermissionDenied("Only the organisation's contributors or a coordinator can submit this return")
