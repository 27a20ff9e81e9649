"""Selectors: scoping to the actor's partnership, public reading, frames, and query counts."""

from __future__ import annotations

from collections.abc import Callable

import numpy as np
import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from tests.factories.indicators import IndicatorFactory, ObservationFactory, World, year
from tests.factories.strategy import NodeFactory, StrategyFactory
from wellboard.core.access import Actor
from wellboard.core.errors import NotFound
from wellboard.indicators.calculations.summaries import indicator_summaries
from wellboard.indicators.selectors import (
    deprivation_rank,
    indicator_data_summaries,
    indicator_get,
    indicator_list,
    observation_frame,
    observation_list,
)
from wellboard.indicators.services import ObservationInput, indicator_create, observations_save
from wellboard.partners.models import Partnership, User

pytestmark = pytest.mark.django_db


def test_another_partnerships_indicators_are_invisible(
    world: World, other_partnership: Partnership, outsider: User, actor_of: Callable[[User], Actor]
) -> None:
    theirs = IndicatorFactory(partnership=other_partnership, slug="their-secret")
    assert list(indicator_list(actor=world.actor)) == [world.smoking]
    with pytest.raises(NotFound):
        indicator_get(actor=world.actor, slug="their-secret")
    with pytest.raises(NotFound):
        observation_list(actor=world.actor, indicator=theirs)
    outsider_actor = Actor.command_line(other_partnership.pk)
    frame = observation_frame(actor=outsider_actor, indicator_ids=[world.smoking.pk])
    assert len(frame) == 0


def test_anonymous_readers_see_public_partnerships_only(world: World, partnership: Partnership) -> None:
    anonymous = Actor(partnership_id=partnership.pk, user=None)
    with pytest.raises(NotFound):
        indicator_list(actor=anonymous)
    partnership.is_public = True
    partnership.save(update_fields=["is_public"])
    assert [i.slug for i in indicator_list(actor=anonymous)] == [world.smoking.slug]


def test_indicator_list_filters(world: World, viewer: User, actor_of: Callable[[User], Actor]) -> None:
    actor = actor_of(viewer)
    assert list(indicator_list(actor=actor, search="smok")) == [world.smoking]
    assert list(indicator_list(actor=actor, value_type="count")) == []
    summary = indicator_data_summaries(actor=actor)[world.smoking.pk]
    assert summary.observations == len(world.smoking.observations.all())
    assert summary.latest_period_start is not None
    assert summary.latest_period_start.year == 2020


def test_observation_frame_reads_columns_with_nan_for_missing(world: World) -> None:
    frame = observation_frame(
        actor=world.actor,
        indicator_ids=[world.smoking.pk],
        area_ids=[world.places.stevenage.pk],
        uncategorised=True,
    )
    assert set(frame.sex.tolist()) == {"Persons", "Male", "Female"}
    headline = frame.take(frame.headline())
    assert headline.period.tolist() == [str(y) for y in range(2013, 2021)]
    assert headline.value[-1] == pytest.approx(26.5)
    assert frame.record(0)["lower998"] is not None
    blank = IndicatorFactory(partnership=world.smoking.partnership)
    ObservationFactory(indicator=blank, area=world.places.stevenage, value=None, **year(2020))
    empty = observation_frame(actor=world.actor, indicator_ids=[blank.pk])
    assert np.isnan(empty.value[0])
    assert empty.record(0)["value"] is None


def test_latest_for_area_keeps_each_indicators_latest_period(world: World) -> None:
    frame = observation_frame(
        actor=world.actor,
        indicator_ids=[world.smoking.pk],
        latest_for_area_id=world.places.england.pk,
        uncategorised=True,
    )
    assert set(frame.period.tolist()) == {"2020"}


@pytest.mark.parametrize(
    ("label", "rank"),
    [
        ("Most deprived decile (IMD2015)", 1),
        ("Second most deprived decile (IMD2015)", 2),
        ("Third more deprived decile (IMD2015)", 3),
        ("Fifth more deprived decile", 5),
        ("Fifth less deprived decile", 6),
        ("Second least deprived decile (IMD2019)", 9),
        ("Least deprived decile (IMD2015)", 10),
        ("Decile 4", 4),
        ("Persons", None),
    ],
)
def test_deprivation_rank(label: str, rank: int | None) -> None:
    assert deprivation_rank(label) == rank


def test_deprivation_rank_of_quintiles() -> None:
    assert deprivation_rank("Least deprived quintile", quantiles=5) == 5
    assert deprivation_rank("Middle quintile", quantiles=5) == 3


def test_summaries_take_a_fixed_number_of_queries_however_many_indicators(world: World) -> None:
    def queries(indicators: list[object]) -> int:
        with CaptureQueriesContext(connection) as context:
            indicator_summaries(actor=world.actor, indicators=indicators)  # type: ignore[arg-type]
        return len(context.captured_queries)

    def add(n: int) -> object:
        indicator = indicator_create(by=world.actor, name=f"Extra {n}", value_type="percentage")
        observations_save(
            by=world.actor,
            indicator=indicator,
            rows=[
                ObservationInput(area_code="E07000243", period=str(y), count=n + y % 7, denominator=100)
                for y in range(2011, 2021)
            ],
            source="t",
        )
        return indicator

    # (One indicator alone is read whole, for the indicator page's charts to share: see
    # SHARED_READ_UP_TO. Two or more are read in the same few queries, however many.)
    few = queries([world.smoking, add(0)])
    more = [add(n) for n in range(1, 20)]
    assert queries([world.smoking, *more]) == few


def test_an_indicators_strategy_nodes_come_in_tree_order(world: World, partnership: Partnership) -> None:
    strategy = StrategyFactory(partnership=partnership)
    first = NodeFactory(strategy=strategy, ref="1", position=0)
    second = NodeFactory(strategy=strategy, ref="2", position=0)
    tenth = NodeFactory(strategy=strategy, ref="10", position=0)
    child = NodeFactory(strategy=strategy, parent=first, ref="1.1", position=0)
    later_child = NodeFactory(strategy=strategy, parent=first, ref="1.10", position=0)
    world.smoking.nodes.set([tenth, later_child, second, child, first])
    found = indicator_get(actor=world.actor, slug=world.smoking.slug)
    assert [n.ref for n in found.nodes.all()] == ["1", "1.1", "1.10", "2", "10"]
