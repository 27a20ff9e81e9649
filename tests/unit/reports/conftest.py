from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest

from tests.factories.returns import CollectionFactory, MeasureFactory
from tests.factories.strategy import InitiativeFactory, StrategyWorld, build_strategy_world
from wellboard.core.periods import PeriodKind, period_parse
from wellboard.partners.models import Organisation, Partnership
from wellboard.returns.models import Figure, Measure, Return, ReturnStatus

FROZEN_NOW = dt.datetime(2026, 11, 23, 12, 0, tzinfo=dt.UTC)


@pytest.fixture
def frozen_clock(monkeypatch: pytest.MonkeyPatch) -> dt.datetime:
    """Hold the clock at 23 November 2026 (2026/27 Q3): the latest complete quarter is 2026/27 Q2."""
    monkeypatch.setattr("wellboard.core.clock.now", lambda: FROZEN_NOW)
    return FROZEN_NOW


@pytest.fixture
def world(partnership: Partnership) -> StrategyWorld:
    return build_strategy_world(partnership)


def approved_return(measure: Measure, organisation: Organisation, period: str, value: int) -> Return:
    found = period_parse(period)
    data_return = Return.objects.create(
        collection=measure.collection,
        organisation=organisation,
        period=found.code,
        period_start=found.start,
        period_end=found.end,
        due_date=found.end + dt.timedelta(days=10),
        status=ReturnStatus.APPROVED,
    )
    Figure.objects.create(data_return=data_return, measure=measure, value=Decimal(value))
    return data_return


@pytest.fixture
def reach_measure(partnership: Partnership, world: StrategyWorld) -> Measure:
    """A quarterly collection from April 2026 with one measure of an initiative linked to the priority."""
    initiative = InitiativeFactory(partnership=partnership, name="Pop-up Play", slug="pop-up-play")
    initiative.nodes.add(world.priority)
    collection = CollectionFactory(
        partnership=partnership,
        slug="play",
        name="Play sessions",
        frequency=PeriodKind.QUARTER.value,
        first_period_start=dt.date(2026, 4, 1),
    )
    return MeasureFactory(
        collection=collection, initiative=initiative, code="children", label="Children playing"
    )
