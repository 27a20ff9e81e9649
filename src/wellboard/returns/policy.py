"""Who may set up what in the returns app: each rule and its message, once.

Collections and their measures are a coordinator's to set up and change. The services require these
rules; the collection and measure pages ask the same rules and answer 404 to anyone else, as a page
that does not exist for them; templates read ``can`` (``returns_abilities``).
"""

from __future__ import annotations

from wellboard.core.access import Actor
from wellboard.core.policy import Rule, abilities, coordinators

SET_UP_COLLECTION = Rule("Only a coordinator can set up a collection", coordinators)
CHANGE_COLLECTION = Rule("Only a coordinator can change a collection", coordinators)
CHANGE_MEASURES = Rule("Only a coordinator can change a collection's measures", coordinators)

RULES = {
    "set_up_collection": SET_UP_COLLECTION,
    "change_collection": CHANGE_COLLECTION,
    "change_measures": CHANGE_MEASURES,
}


def returns_abilities(actor: Actor) -> dict[str, bool]:
    return abilities(actor, RULES)
