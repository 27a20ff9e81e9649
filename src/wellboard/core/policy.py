"""Permission rules: who may do one thing, and what someone who may not is told, written once.

Each app keeps its rules in one ``policy`` module (``strategy/policy.py``). Services call
``RULE.require(by)`` before they write; views call the same rule before they show a form, and give
templates ``abilities(actor, RULES)`` so a page shows a button only to those the rule allows. The
command line, the API and the workbook importer go through the services, so they meet the same rule
with the same message.

A rule says who may act on what they can see. Whether they can see it at all is the selectors'
business: a record outside what the actor may see is not found (404), never forbidden.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass

from wellboard.core.access import Actor
from wellboard.core.errors import PermissionDenied


@dataclass(frozen=True)
class Rule:
    """``allows`` answers whether an actor may do the thing; ``message`` is what the others are told."""

    message: str
    test: Callable[[Actor], bool]

    def allows(self, actor: Actor) -> bool:
        return self.test(actor)

    def require(self, actor: Actor) -> None:
        """Refuse (``PermissionDenied``, 403) an actor the rule does not allow."""
        if not self.test(actor):
            raise PermissionDenied(self.message)


def coordinators(actor: Actor) -> bool:
    return actor.is_coordinator


def abilities(actor: Actor, rules: Mapping[str, Rule]) -> dict[str, bool]:
    """What ``actor`` may do, by rule name, for a template: ``{% if can.change_tree %}``."""
    return {name: rule.allows(actor) for name, rule in rules.items()}
