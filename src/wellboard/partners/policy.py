"""Who may change what about a partnership: every rule and its message, once.

- Its settings and their history, its member organisations and their board seats, and who holds
  which role (inviting people, giving and removing roles): coordinators.
- API tokens: anyone with a role makes and revokes their own; a coordinator sees and revokes
  everyone's. A token belongs to a person, so the command line cannot make one.

The services require these rules before they write; the views require the same rules before they
show a form, and templates read ``can`` (``partners_abilities``): ``{% if can.add_organisation %}``.
The people page does not exist for those who may not see it (the selectors answer 404).
"""

from __future__ import annotations

from wellboard.core.access import Actor
from wellboard.core.policy import Rule, abilities, coordinators

CHANGE_SETTINGS = Rule("Only a coordinator can change the partnership's settings", coordinators)
SEE_SETTINGS_HISTORY = Rule("Only a coordinator can see the settings' history", coordinators)
ADD_ORGANISATION = Rule("Only a coordinator can add member organisations", coordinators)
CHANGE_ORGANISATION = Rule("Only a coordinator can change member organisations", coordinators)
CHANGE_BOARD_SEATS = Rule("Only a coordinator can change board seats", coordinators)
SEE_PEOPLE = Rule("Only a coordinator can see who holds which role", coordinators)
INVITE_PEOPLE = Rule("Only a coordinator can invite people", coordinators)
GIVE_ROLES = Rule("Only a coordinator can give people roles", coordinators)
REMOVE_ROLES = Rule("Only a coordinator can remove roles", coordinators)
MANAGE_ALL_API_TOKENS = Rule("Only a coordinator can see and revoke other people's API tokens", coordinators)
MAKE_API_TOKEN = Rule(
    "API tokens belong to a person; sign in to create one", lambda actor: actor.user is not None
)

# The rules templates ask, by the name they use: ``can.change_settings``.
RULES = {
    "change_settings": CHANGE_SETTINGS,
    "add_organisation": ADD_ORGANISATION,
    "change_organisation": CHANGE_ORGANISATION,
    "see_people": SEE_PEOPLE,
    "manage_all_api_tokens": MANAGE_ALL_API_TOKENS,
}


def partners_abilities(actor: Actor) -> dict[str, bool]:
    return abilities(actor, RULES)
