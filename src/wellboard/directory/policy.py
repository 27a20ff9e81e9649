"""Who may do what with the service directory: every rule and its message, once.

- Every member of the partnership reads the directory: anyone who refers people needs it.
- Coordinators keep it: add and change services, mark them verified, import Open Referral UK
  feeds and set how long an entry stays fresh.

A service of another partnership is not found (the selectors), never forbidden.
"""

from __future__ import annotations

from wellboard.core.access import Actor
from wellboard.core.policy import Rule, abilities, coordinators


def members(actor: Actor) -> bool:
    return actor.is_member


SEE_DIRECTORY = Rule("Only members of the partnership can see its service directory", members)
CHANGE_SERVICES = Rule("Only a coordinator can add or change services in the directory", coordinators)
VERIFY_SERVICES = Rule("Only a coordinator can mark a service as verified", coordinators)
IMPORT_SERVICES = Rule("Only a coordinator can import services into the directory", coordinators)
CHANGE_DIRECTORY_SETTINGS = Rule("Only a coordinator can change the directory's settings", coordinators)

# The rules templates ask, by the name they use: ``can.change_services``.
RULES = {
    "see_directory": SEE_DIRECTORY,
    "change_services": CHANGE_SERVICES,
    "verify_services": VERIFY_SERVICES,
    "import_services": IMPORT_SERVICES,
    "change_directory_settings": CHANGE_DIRECTORY_SETTINGS,
}


def directory_abilities(actor: Actor) -> dict[str, bool]:
    return abilities(actor, RULES)
