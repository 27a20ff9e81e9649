"""What the strategy app accepts for each record it writes: one input schema per entity.

The services clean everything they are given through these schemas; the forms build their fields
from the same rules; the workbook takes its limits from them. Checks against other records (a ref
already used, a tree too deep) stay with the service that knows them, named in ``related``.
"""

from __future__ import annotations

import datetime as dt
import re
from typing import Any

from django.db.models import Q

from wellboard.core import clock
from wellboard.core.access import Actor
from wellboard.core.inputs import (
    Choice,
    Chosen,
    Date,
    DateOrder,
    Errors,
    FieldRule,
    InputSchema,
    Member,
    Members,
    OptionalDate,
    Position,
    Ref,
    Slug,
    Text,
    TextList,
    add_error,
)
from wellboard.core.rag import Rag
from wellboard.partners.models import Organisation
from wellboard.strategy.models import ActionStatus, InitiativeKind, Node, StrategyStatus, Tag

LEVEL_SEPARATORS = re.compile(r"\s*(?:\u203a|>|,)\s*")


class LevelNames(FieldRule):
    """The names of a strategy's levels from the top ("Theme > Priority"): a list, or text with the
    names separated by \u203a, > or a comma."""

    max_levels = 6
    max_name = 50
    max_typed = 300  # the names as typed in one box, separators included
    missing = "Enter at least one level name, like Priority"

    def clean(self, errors: Errors, value: Any, *, creating: bool, by: Actor) -> list[str]:
        parts: list[Any] = (
            LEVEL_SEPARATORS.split(value.strip()) if isinstance(value, str) else list(value or [])
        )
        names = [str(p).strip() for p in parts]
        if not any(names):
            add_error(errors, self.name, self.missing)
        elif not all(names):
            add_error(errors, self.name, "Level names cannot be blank")
        elif len(names) > self.max_levels:
            add_error(errors, self.name, f"A strategy can have at most {self.max_levels} levels")
        elif any(len(n) > self.max_name for n in names):
            add_error(errors, self.name, f"Each level name must be {self.max_name} characters or fewer")
        return names


class StrategyInput(InputSchema):
    owner = "A strategy"
    title = Text("The title", max_length=200, missing="Enter a title")
    vision = Text("The vision")
    summary = Text("The summary")
    start_date = Date(missing="Enter a start date")
    end_date = Date(missing="Enter an end date")
    status = Choice(StrategyStatus, what="a status")
    level_names = LevelNames()
    slug = Slug(what="strategy")
    end_after_start = DateOrder("start_date", "end_date", "The end date must be after the start date")


class NodeInput(InputSchema):
    """A part of a strategy's tree: a theme, priority, pillar or recommendation."""

    owner = "A node"
    title = Text("The title", max_length=300, missing="Enter a title")
    description = Text("The description")
    ref = Ref(missing="Enter a reference, like 1.2")
    position = Position()
    tags = Chosen(
        lambda by: Tag.objects.filter(
            Q(scheme__partnership__isnull=True) | Q(scheme__partnership_id=by.partnership_id)
        ),
        wrong="Choose tags from the list",
    )
    related = frozenset({"parent"})  # the service checks the tree's depth and loops


class ActionInput(InputSchema):
    owner = "An action"
    title = Text("The title", max_length=300, missing="Enter the action's title")
    ref = Ref(missing="Enter a reference, like A12")
    description = Text("The description")
    smart_target = Text("The SMART target")
    start_date = OptionalDate("start date")
    due_date = OptionalDate("due date")
    status = Choice(ActionStatus, what="a status")
    rag = Choice(Rag, what="a RAG rating")
    position = Position()
    lead_organisation = Member(
        Organisation,
        missing="Choose the lead organisation",
        wrong="Choose an organisation that is a member of this partnership",
    )
    supporting_organisations = Members(
        Organisation, wrong="Choose organisations that are members of this partnership"
    )
    related = frozenset({"node"})  # a part of the same strategy
    due_after_start = DateOrder("start_date", "due_date", "The due date must be on or after the start date")


class CompletedOn(FieldRule):
    """The day a milestone was done: not yet (None), today or before."""

    invalid = "Enter a real date for when it was done"
    in_future = "The date it was done must be today or in the past"

    def clean(self, errors: Errors, value: Any, *, creating: bool, by: Actor) -> Any:
        if value is not None and not isinstance(value, dt.date):
            add_error(errors, self.name, self.invalid)
        elif value is not None and value > clock.today():
            add_error(errors, self.name, self.in_future)
        return value


class MilestoneInput(InputSchema):
    owner = "A milestone"
    title = Text("The milestone", max_length=300, missing="Enter the milestone")
    due_date = Date(missing="Enter the date the milestone is due")
    completed_on = CompletedOn()
    position = Position()


class ProgressUpdateInput(InputSchema):
    """What a progress update says. Its period is checked against the action's strategy by
    ``progress_period``; whether it replaces an update or is added beside one, by the service."""

    owner = "A progress update"
    narrative = Text("The action to date", max_length=10_000, missing="Describe the action to date")
    rag = Choice(
        Rag,
        what="a RAG rating",
        labels_accepted=False,
        invalid="Choose a RAG rating: red, amber, green, complete or not rated",
    )
    related = frozenset({"period", "mode", "replaces"})


class InitiativeInput(InputSchema):
    owner = "An initiative"
    name = Text("The name", max_length=200, missing="Enter the initiative's name")
    kind = Choice(InitiativeKind, what="what kind it is")
    slug = Slug(what="initiative")
    description = Text("The description")
    start_date = OptionalDate("start date")
    end_date = OptionalDate("end date")
    lead_organisation = Member(
        Organisation, wrong="Choose an organisation that is a member of this partnership"
    )
    partners = Members(Organisation, wrong="Choose organisations that are members of this partnership")
    target_groups = TextList("target groups")
    places = TextList("places")
    funding = Text("The funding")
    nodes = Chosen(
        lambda by: Node.objects.filter(strategy__partnership_id=by.partnership_id),
        wrong="Choose parts of this partnership's strategies",
    )
    end_after_start = DateOrder("start_date", "end_date", "The end date must be on or after the start date")
