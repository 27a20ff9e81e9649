"""Who may change what in the indicators app: every rule and its message, once.

- Indicator definitions, comparators, targets and the observations saved against them: coordinators
  and public health analysts (``Actor.is_analyst`` counts both).
- Importing indicator data (a Fingertips export, a table of observations): the same people.
- Publishing the figures of approved partner returns as observations: whoever may approve returns
  (coordinators and returns approvers), since approving a return is what authorises publishing it.

The services require these rules before they write; the Fingertips upload pages require the import
rule before they show the form, and templates read ``can`` (``indicator_abilities``) to decide
whether to offer the import. The command line and the demo loader go through the same services.
An indicator, comparator or target of another partnership is not found (404), whatever the rule says.
"""

from __future__ import annotations

from wellboard.core.access import Actor
from wellboard.core.policy import Rule, abilities


def analysts(actor: Actor) -> bool:
    """Coordinators and analysts: the people who look after the partnership's indicators."""
    return actor.is_analyst


def approvers(actor: Actor) -> bool:
    return actor.can_approve_returns


CHANGE_INDICATORS = Rule(
    "Only coordinators and analysts can change indicators, comparators and targets", analysts
)
IMPORT_INDICATOR_DATA = Rule("Only analysts and coordinators can import indicator data.", analysts)
PUBLISH_APPROVED_FIGURES = Rule(
    "Only a coordinator or a returns approver can publish approved figures", approvers
)

# The rules templates ask, by the name they use: ``can.import_data``.
RULES = {
    "change_indicators": CHANGE_INDICATORS,
    "import_data": IMPORT_INDICATOR_DATA,
}


def indicator_abilities(actor: Actor) -> dict[str, bool]:
    return abilities(actor, RULES)
