"""factory_boy factories for strategies, nodes, actions, milestones, updates and initiatives.

They write rows directly (fast, no audit); tests of behaviour call the services instead.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import factory

from tests.factories import PartnershipFactory
from wellboard.core.rag import Rag
from wellboard.partners.models import Organisation, Partnership
from wellboard.strategy.models import (
    Action,
    ActionStatus,
    Initiative,
    InitiativeKind,
    Milestone,
    Node,
    ProgressUpdate,
    Strategy,
    StrategyStatus,
)


class StrategyFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Strategy

    partnership = factory.SubFactory(PartnershipFactory)
    slug = factory.Sequence(lambda n: f"strategy-{n}")
    title = factory.Sequence(lambda n: f"Community strategy {n}")
    vision = "A prosperous town with vibrant communities and healthy people."
    start_date = dt.date(2024, 4, 1)
    end_date = dt.date(2028, 3, 31)
    status = StrategyStatus.LIVE
    level_names = factory.LazyFunction(lambda: ["Theme", "Priority"])


class NodeFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Node
        skip_postgeneration_save = True

    strategy = factory.SubFactory(StrategyFactory)
    parent = None
    depth = factory.LazyAttribute(lambda o: o.parent.depth + 1 if o.parent is not None else 0)
    ref = factory.Sequence(lambda n: f"N{n}")
    position = factory.Sequence(lambda n: n)
    title = factory.Sequence(lambda n: f"Priority {n}")


class ActionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Action
        skip_postgeneration_save = True

    node = factory.SubFactory(NodeFactory)
    strategy = factory.LazyAttribute(lambda o: o.node.strategy)
    ref = factory.Sequence(lambda n: f"A{n + 1}")
    position = factory.Sequence(lambda n: n)
    title = factory.Sequence(lambda n: f"Action {n}")
    smart_target = "Reach 300 residents by March 2026"
    lead_organisation = factory.LazyAttribute(
        lambda o: Organisation.objects.get(partnership=o.node.strategy.partnership, slug="test-council")
    )
    start_date = dt.date(2025, 4, 1)
    due_date = dt.date(2027, 3, 31)
    status = ActionStatus.IN_PROGRESS
    rag = Rag.GREEN


class MilestoneFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Milestone

    action = factory.SubFactory(ActionFactory)
    title = factory.Sequence(lambda n: f"Milestone {n}")
    due_date = dt.date(2026, 12, 31)
    position = factory.Sequence(lambda n: n)


class ProgressUpdateFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ProgressUpdate

    action = factory.SubFactory(ActionFactory)
    period = "2025/26 Q3"
    period_start = dt.date(2025, 10, 1)
    narrative = "Sessions running in four parks."
    rag = Rag.GREEN
    author_label = "A Tester"
    posted_at = factory.LazyFunction(lambda: dt.datetime(2026, 1, 10, 12, 0, tzinfo=dt.UTC))


class InitiativeFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Initiative
        skip_postgeneration_save = True

    partnership = factory.SubFactory(PartnershipFactory)
    slug = factory.Sequence(lambda n: f"initiative-{n}")
    name = factory.Sequence(lambda n: f"Initiative {n}")
    kind = InitiativeKind.PROJECT
    start_date = dt.date(2025, 7, 1)
    end_date = dt.date(2026, 9, 30)


@dataclass
class StrategyWorld:
    """A small live strategy: one theme with one priority, an action led by the council and one
    led by the charity (the council supports it), each with a milestone."""

    strategy: Strategy
    theme: Node
    priority: Node
    council_action: Action
    charity_action: Action
    council_milestone: Milestone
    charity_milestone: Milestone


def build_strategy_world(partnership: Partnership) -> StrategyWorld:
    council = partnership.organisations.get(slug="test-council")
    charity = partnership.organisations.get(slug="test-charity")
    strategy = StrategyFactory(partnership=partnership, slug="community", title="Community strategy")
    theme = NodeFactory(strategy=strategy, ref="1", title="Healthy people", position=1)
    priority = NodeFactory(strategy=strategy, parent=theme, ref="1.1", title="Support good mental health")
    council_action = ActionFactory(
        node=priority, ref="A1", title="Run pop-up play in parks", lead_organisation=council
    )
    charity_action = ActionFactory(
        node=priority, ref="A2", title="Befriending calls", lead_organisation=charity, rag=Rag.AMBER
    )
    charity_action.supporting_organisations.add(council)
    return StrategyWorld(
        strategy=strategy,
        theme=theme,
        priority=priority,
        council_action=council_action,
        charity_action=charity_action,
        council_milestone=MilestoneFactory(action=council_action, title="Book the parks"),
        charity_milestone=MilestoneFactory(action=charity_action, title="Recruit befrienders"),
    )
