"""Who may change a partnership's own areas: each rule and its message, once.

Reference geographies (ONS areas, lookups, deprivation) are loaded by operators on the command line;
a partnership's custom areas (a hub's catchment) are its coordinator's. The services require these
rules and the custom area pages require the same ones before they show a form.
"""

from __future__ import annotations

from wellboard.core.policy import Rule, coordinators

DEFINE_CUSTOM_AREAS = Rule("Only a partnership coordinator can define custom areas", coordinators)
CHANGE_CUSTOM_AREAS = Rule("Only a partnership coordinator can change custom areas", coordinators)
DELETE_CUSTOM_AREAS = Rule("Only a partnership coordinator can delete custom areas", coordinators)
