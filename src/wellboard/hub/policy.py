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


# ---------------------------------------------------------------- outcome assessments
# A programme is a hub's own work or an initiative. Its participants' answers are recorded and seen
# row by row only by the people who run it: a hub's assigned workers; for an initiative, the
# contributors of its lead organisation (and coordinators may record, never read rows back).
# Coordinators and analysts see the results as figures, under disclosure control; they alone publish
# an initiative's results to its "Is anyone better off?" measures.

RECORD_INITIATIVE_ASSESSMENTS = Rule(
    "Only a coordinator or a contributor for the initiative's lead organisation can record its "
    "participants' wellbeing assessments",
    lambda actor: actor.is_coordinator or bool(actor.organisation_ids),
)
SEE_INITIATIVE_ASSESSMENT_ROWS = Rule(
    "Only contributors for the initiative's lead organisation can see its participants' answers",
    lambda actor: bool(actor.organisation_ids),
)
PUBLISH_OUTCOME_RESULTS = Rule(
    "Only coordinators and analysts can publish outcome results to an initiative's measures",
    lambda actor: actor.is_analyst,
)


def records_initiative_assessments(actor: Actor, lead_organisation_id: int | None) -> bool:
    """Records the initiative's assessments: a coordinator, a contributor of its lead organisation, or
    the operator on the command line."""
    return actor.via_cli or actor.acts_for(lead_organisation_id)


def runs_initiative(actor: Actor, lead_organisation_id: int | None) -> bool:
    """Works for the initiative's lead organisation, so sees its participants' rows and true figures."""
    return lead_organisation_id is not None and lead_organisation_id in actor.organisation_ids


def sees_initiative_outcomes(actor: Actor, lead_organisation_id: int | None) -> bool:
    """Sees the initiative's outcome results: coordinators, analysts and its lead organisation."""
    return actor.via_cli or actor.is_analyst or runs_initiative(actor, lead_organisation_id)


RULES["publish_outcome_results"] = PUBLISH_OUTCOME_RESULTS


# A hub's monthly money and room figures: its own workers enter them, and coordinators.
def records_hub_months(actor: Actor) -> bool:
    return actor.has(Role.COORDINATOR, Role.HUB_WORKER)


RECORD_HUB_MONTHS = Rule(
    "Only a coordinator or a hub worker assigned to the hub can enter its monthly figures", records_hub_months
)
RULES["record_hub_months"] = RECORD_HUB_MONTHS
