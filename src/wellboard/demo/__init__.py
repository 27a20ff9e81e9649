"""The demo partnership, 'healthy-stevenage', built from the facts in the partnership's own documents.

Steps are modules named ``step_NN_*.py`` in this package, run in order; each defines
``load(ctx: DemoContext) -> None`` and writes only through services, as a real user would.
All people are invented; email addresses use the reserved example.org domain.
"""

from __future__ import annotations

import importlib
import pkgutil
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from django.db import transaction

from wellboard.core.access import Actor
from wellboard.partners.models import Organisation, Partnership, User

DEMO_SLUG = "healthy-stevenage"


@dataclass
class DemoLogin:
    role: str
    name: str
    email: str
    password: str
    organisation: str = ""


@dataclass
class DemoContext:
    partnership: Partnership
    actor: Actor  # the command-line operator, acting as coordinator
    organisations: dict[str, Organisation] = field(default_factory=dict)  # by slug
    users: dict[str, User] = field(default_factory=dict)  # by a short key, e.g. "coordinator"
    logins: list[DemoLogin] = field(default_factory=list)
    shared: dict[str, Any] = field(default_factory=dict)  # what one step leaves for later steps
    log: Callable[[str], None] = print

    def actor_for(self, key: str) -> Actor:
        """Act as one of the demo people (so the audit trail shows real names)."""
        from wellboard.partners.selectors import actor_for

        actor = actor_for(user=self.users[key], partnership=self.partnership)
        if actor is None:
            raise LookupError(f"the demo person '{key}' has no role in the demo partnership")
        return actor


def demo_steps() -> list[str]:
    names = [m.name for m in pkgutil.iter_modules(__path__) if m.name.startswith("step_")]
    return [f"{__name__}.{name}" for name in sorted(names)]


def demo_exists() -> bool:
    return Partnership.objects.filter(slug=DEMO_SLUG).exists()


def demo_delete() -> None:
    """Remove the demo partnership and the invented people who belong only to it."""
    from wellboard.demo.step_10_partners import demo_emails
    from wellboard.partners.services import partnership_delete

    partnership_delete(slug=DEMO_SLUG, people=demo_emails())


def load_demo(*, log: Callable[[str], None] = print) -> DemoContext:
    """Build the demo partnership from nothing, in one transaction."""
    from wellboard.partners.services import partnership_create

    with transaction.atomic():
        partnership, actor = partnership_create(
            slug=DEMO_SLUG,
            name="Healthy Stevenage Partnership",
            place_name="Stevenage",
            area_code="E07000243",
            description=(
                "Councils, the NHS, police, fire, schools, charities and businesses working together "
                "to reduce "
                "health inequalities and improve the health and wellbeing of Stevenage residents."
            ),
            is_public=True,
            # Visitors try the demo with the printed logins and no phone to hand; a real partnership
            # keeps the default (coordinators need a second factor), and the setting is one click.
            two_factor_roles=[],
        )
        ctx = DemoContext(partnership=partnership, actor=actor, log=log)
        for dotted in demo_steps():
            module = importlib.import_module(dotted)
            log(f"  loading {dotted.rsplit('.', 1)[-1].split('_', 2)[-1]}")
            module.load(ctx)
    return ctx
