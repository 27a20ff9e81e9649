"""A public partnership with something of everything the public site shows, and everything it must
not: a live strategy with progress, a draft strategy, a person's name on an update, internal notes on
returns, indicators with small and large counts, and approved returns for an initiative."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal

from tests.factories import UserFactory
from tests.factories.indicator_pages import wilson
from tests.factories.indicators import IndicatorFactory, ObservationFactory, make_places, year
from tests.factories.returns import befriending
from tests.factories.strategy import (
    ActionFactory,
    InitiativeFactory,
    NodeFactory,
    ProgressUpdateFactory,
    StrategyFactory,
    StrategyWorld,
    build_strategy_world,
)
from wellboard.core import clock
from wellboard.core.rag import Rag
from wellboard.indicators.models import Indicator, Method, ValueType
from wellboard.partners.models import Partnership, User
from wellboard.returns.models import Collection, Figure, Measure, Return, ReturnStatus
from wellboard.strategy.models import StrategyStatus

PERSON_FIRST, PERSON_LAST = "Philippa", "Quenby-Strange"
PRIVATE_TEXTS = (
    "Secret draft plan for consultation",  # a draft strategy's title
    "Draft-only priority about parking",  # its node
    "Draft-only action on car parks",  # its action
    "Archived plan from long ago",  # an archived strategy
    PERSON_FIRST,
    PERSON_LAST,
    "private.person@example.org",
    "Internal note: the figures look low, check with Jo",  # a return's comment
    "Returned: please split the calls by ward",  # the approver's reasons
    "Figure note for the approver only",  # a figure's comment
    "Draft return figure note",
)


@dataclass
class PublicWorld:
    partnership: Partnership
    strategy: StrategyWorld
    percentage: Indicator
    counted: Indicator
    collection: Collection
    person: User


def build_public_world(
    partnership: Partnership,
    *,
    counts: Sequence[int] = (320, 300, 290),
    calls: Sequence[int] = (120, 135, 150),
) -> PublicWorld:
    """``counts``: an indicator's yearly counts from 2018 (a percentage of 1,000 and a count
    indicator); ``calls``: each organisation's approved calls in each of the latest periods."""
    partnership.is_public = True
    partnership.save(update_fields=["is_public"])
    places = make_places(partnership)
    world = build_strategy_world(partnership)
    person = UserFactory(
        username="private.person@example.org",
        email="private.person@example.org",
        first_name=PERSON_FIRST,
        last_name=PERSON_LAST,
    )
    ProgressUpdateFactory(
        action=world.council_action,
        author=person,
        author_label=f"{PERSON_FIRST} {PERSON_LAST}",
        narrative="Sessions running in four parks.",
        rag=Rag.GREEN,
    )
    ProgressUpdateFactory(
        action=None,
        node=world.priority,
        author=person,
        author_label=f"{PERSON_FIRST} {PERSON_LAST}",
        narrative="Mental health support reached more people this quarter.",
        rag=Rag.AMBER,
    )
    draft = StrategyFactory(
        partnership=partnership, slug="draft-plan", title=PRIVATE_TEXTS[0], status=StrategyStatus.DRAFT
    )
    node = NodeFactory(strategy=draft, ref="9", title=PRIVATE_TEXTS[1])
    ActionFactory(
        node=node, ref="D1", title=PRIVATE_TEXTS[2], lead_organisation=world.council_action.lead_organisation
    )
    StrategyFactory(
        partnership=partnership, slug="archived-plan", title=PRIVATE_TEXTS[3], status=StrategyStatus.ARCHIVED
    )

    percentage = IndicatorFactory(partnership=partnership, slug="smokers", name="Adults who smoke")
    counted = IndicatorFactory(
        partnership=partnership,
        slug="admissions",
        name="Admissions for falls",
        value_type=ValueType.COUNT,
        method=Method.NONE,
        multiplier=1,
        unit="admissions",
    )
    for offset, count in enumerate(counts):
        when = year(2018 + offset)
        ObservationFactory(indicator=percentage, area=places.stevenage, **when, **wilson(count, 1000))
        ObservationFactory(indicator=percentage, area=places.england, **when, **wilson(40000, 100000))
        ObservationFactory(indicator=counted, area=places.stevenage, **when, count=count, value=count)
        # A neighbour with large counts, so that the areas-compared chart has something to compare.
        ObservationFactory(indicator=percentage, area=places.north_herts, **when, **wilson(350, 1000))
        ObservationFactory(indicator=counted, area=places.north_herts, **when, count=640, value=640)

    day = clock.today()
    collection = befriending(partnership, first_period_start=day - dt.timedelta(days=14 * (len(calls) + 1)))
    initiative = InitiativeFactory(partnership=partnership, slug="befriending", name="Befriending service")
    Measure.objects.filter(collection=collection).update(initiative=initiative)
    measures = {m.code: m for m in collection.measures.all()}
    ended = [p for p in collection.periods(until=day) if p.end < day][-len(calls) :]
    organisations = list(collection.organisations.all()) or list(partnership.organisations.all())
    collection.organisations.set(organisations)
    for period, value in zip(ended, calls, strict=False):
        for index, organisation in enumerate(organisations):
            made = Return.objects.create(
                collection=collection,
                organisation=organisation,
                period=period.code,
                period_start=period.start,
                period_end=period.end,
                due_date=collection.due_date(period),
                status=ReturnStatus.APPROVED,
                comment=PRIVATE_TEXTS[7],
                returned_reason=PRIVATE_TEXTS[8],
            )
            Figure.objects.create(
                data_return=made, measure=measures["calls"], value=Decimal(value), comment=PRIVATE_TEXTS[9]
            )
            Figure.objects.create(data_return=made, measure=measures["visits"], value=Decimal(value + index))
            Figure.objects.create(
                data_return=made,
                measure=measures["less_lonely"],
                value=Decimal(value),
                denominator=Decimal(900),
            )
    latest = collection.periods(until=day)[-1]
    draft_return = Return.objects.create(
        collection=collection,
        organisation=organisations[0],
        period=latest.code,
        period_start=latest.start,
        period_end=latest.end,
        due_date=collection.due_date(latest),
        status=ReturnStatus.DRAFT,
    )
    Figure.objects.create(
        data_return=draft_return, measure=measures["calls"], value=Decimal(4321), comment=PRIVATE_TEXTS[10]
    )
    return PublicWorld(partnership, world, percentage, counted, collection, person)
