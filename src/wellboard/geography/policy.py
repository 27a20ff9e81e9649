"""Who may change a partnership's own areas: each rule and its message, once.

Reference geographies (ONS areas, lookups, deprivation) are loaded by operators on the command line;
a partnership's custom areas (a hub's catchment) are its coordinator's. The services require these
rules, the custom area pages require the same ones before they show a form, and the area pages give
templates ``can`` (``geography_abilities``) to decide which links to show.
"""

from __future__ import annotations

from wellboard.core.access import Actor
from wellboard.core.policy import Rule, abilities, coordinators

DEFINE_CUSTOM_AREAS = Rule("Only a partnership coordinator can define custom areas", coordinators)
CHANGE_CUSTOM_AREAS = Rule("Only a partnership coordinator can change custom areas", coordinators)
DELETE_CUSTOM_AREAS = Rule("Only a partnership coordinator can delete custom areas", coordinators)

# The rules templates ask, by the name they use: ``can.define_custom_areas``.
RULES = {
    "define_custom_areas": DEFINE_CUSTOM_AREAS,
    "change_custom_areas": CHANGE_CUSTOM_AREAS,
    "delete_custom_areas": DELETE_CUSTOM_AREAS,
}


def geography_abilities(actor: Actor) -> dict[str, bool]:
    return abilities(actor, RULES)
