"""Who may do what with hubs and their contacts: every rule and its message, once.

- Hubs, their sites and partners, and who works at them: coordinators.
- Contacts (one visit each): hub workers, at the hubs they are assigned to. Nobody else sees a
  contact row; coordinators and analysts see counts only.

The selectors answer "not found" for a hub a hub worker is not assigned to, so another hub's records
look the same as records that do not exist.
"""

from __future__ import annotations

from wellboard.core.access import Actor, Role
from wellboard.core.policy import Rule, abilities, coordinators


def hub_workers(actor: Actor) -> bool:
    return actor.has(Role.HUB_WORKER)


def sees_hub_figures(actor: Actor) -> bool:
    return actor.has_hub_access


ADD_HUB = Rule("Only a coordinator can add hubs", coordinators)
CHANGE_HUB = Rule("Only a coordinator can change a hub", coordinators)
ASSIGN_HUB_WORKER = Rule("Only a coordinator can assign hub workers to a hub", coordinators)
SEE_HUBS = Rule("Only coordinators, analysts and hub workers can see the hubs", sees_hub_figures)
RECORD_CONTACTS = Rule("Only a hub worker assigned to the hub can record or see its contacts", hub_workers)

# The rules templates ask, by the name they use: ``can.add_hub``.
RULES = {
    "add_hub": ADD_HUB,
    "change_hub": CHANGE_HUB,
    "assign_hub_worker": ASSIGN_HUB_WORKER,
    "see_hubs": SEE_HUBS,
    "record_contacts": RECORD_CONTACTS,
}


def hub_abilities(actor: Actor) -> dict[str, bool]:
    return abilities(actor, RULES)


# A hub's monthly money and room figures: its own workers enter them, and coordinators.
def records_hub_months(actor: Actor) -> bool:
    return actor.has(Role.COORDINATOR, Role.HUB_WORKER)


RECORD_HUB_MONTHS = Rule(
    "Only a coordinator or a hub worker assigned to the hub can enter its monthly figures", records_hub_months
)
RULES["record_hub_months"] = RECORD_HUB_MONTHS
