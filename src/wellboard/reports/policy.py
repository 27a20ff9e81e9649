"""Who may do what with board reports: every rule and its message, once.

Any member of the partnership may read its reports, drafts and editions alike. Starting a report,
writing its narrative and publishing an edition are for coordinators, who produce the board's
papers. The services require these rules before they write; the views require the same rules before
they show a form, and templates read ``can`` (``reports_abilities``): ``{% if can.publish_report %}``.
"""

from __future__ import annotations

from wellboard.core.access import Actor
from wellboard.core.policy import Rule, abilities, coordinators

CREATE_REPORT = Rule("Only a coordinator can start a report", coordinators)
CHANGE_REPORT = Rule("Only a coordinator can change a report's narrative", coordinators)
PUBLISH_REPORT = Rule("Only a coordinator can publish a report", coordinators)

# The rules templates ask, by the name they use: ``can.create_report``.
RULES = {
    "create_report": CREATE_REPORT,
    "change_report": CHANGE_REPORT,
    "publish_report": PUBLISH_REPORT,
}


def reports_abilities(actor: Actor) -> dict[str, bool]:
    return abilities(actor, RULES)
