"""What the hub app accepts for each record it writes: one input schema per entity.

The services clean what they are given through these schemas and the forms build their fields from
the same rules. Checks against other records (a short name already used, a worker's role) stay with
the service.
"""

from __future__ import annotations

from typing import Any

from wellboard.core.access import Actor
from wellboard.core.inputs import (
    Choice,
    Errors,
    FieldRule,
    Flag,
    InputSchema,
    Member,
    Order,
    Slug,
    Text,
    add_error,
)
from wellboard.hub.models import HubKind
from wellboard.partners.models import Organisation

OLDEST_AGE = 120


class OptionalAge(FieldRule):
    """An age in whole years from 0 to 120, or nothing (None)."""

    def __init__(self, label: str) -> None:
        self.label = label  # "The youngest age served"

    def clean(self, errors: Errors, value: Any, *, creating: bool, by: Actor) -> int | None:
        if value is None or value == "":
            return None
        try:
            number = int(str(value).strip())
        except ValueError:
            number = -1
        if not 0 <= number <= OLDEST_AGE:
            add_error(
                errors, self.name, f"{self.label} must be a whole number of years from 0 to {OLDEST_AGE}"
            )
            return None
        return number


class HubInput(InputSchema):
    owner = "A hub"
    name = Text("The name", max_length=200, missing="Enter the hub's name")
    slug = Slug(what="hub")
    organisation = Member(
        Organisation,
        wrong="Choose an organisation that is a member of this partnership",
        missing="Choose the organisation that runs the hub",
    )
    kind = Choice(HubKind, what="what kind of hub it is")
    age_from = OptionalAge("The youngest age served")
    age_to = OptionalAge("The oldest age served")
    active = Flag()
    ages_in_order = Order("age_from", "age_to", "The oldest age served must not be below the youngest")
