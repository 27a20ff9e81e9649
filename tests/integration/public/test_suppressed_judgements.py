"""Anonymous readers cannot work a suppressed or rounded figure out from how it was judged: its RAG
against target and its comparison with other places are worked out from the figure as published,
and withheld when the figure is."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any

import pytest
from django.test import Client

from tests.factories.indicators import IndicatorFactory
from tests.factories.public import PublicWorld, build_public_world
from wellboard.core.access import Actor
from wellboard.indicators.calculations import NOT_COMPARED
from wellboard.indicators.calculations.judgements import TREND_NOT_CALCULATED
from wellboard.indicators.calculations.summaries import IndicatorSeries, SeriesPoint
from wellboard.indicators.models import Method, ValueType
from wellboard.indicators.services import trajectory_set
from wellboard.partners.models import Partnership, User
from wellboard.partners.services import api_token_create
from wellboard.public.calculations import disclose_series

pytestmark = pytest.mark.django_db
API = "/api/v1/partnerships/test-town/indicators/"


def with_target(world: PublicWorld, partnership: Partnership, *, admissions: float, smokers: float) -> None:
    actor = Actor.command_line(partnership.pk)
    trajectory_set(by=actor, indicator=world.counted, area_code="E07000243", points=[("2020", admissions)])
    trajectory_set(by=actor, indicator=world.percentage, area_code="E07000243", points=[("2020", smokers)])


def detail(client: Client, slug: str) -> dict[str, Any]:
    response = client.get(API + slug)
    assert response.status_code == 200
    return response.json()  # type: ignore[no-any-return]


def test_a_suppressed_latest_figure_has_no_rag_and_no_comparison_for_anonymous_readers(
    client: Client, partnership: Partnership
) -> None:
    # 5 admissions and 5 smokers in 1,000 in 2020: both suppressed. Far below either target, both
    # would be green (lower is better), which would say the withheld figure is small.
    world = build_public_world(partnership, counts=(320, 300, 5))
    with_target(world, partnership, admissions=100, smokers=30)
    for slug in ("admissions", "smokers"):
        found = detail(client, slug)
        assert found["latest"]["suppressed"] is True, slug
        assert found["latest"]["value"] is None
        assert found["rag"]["rag"] == "not_rated", slug
        assert {c["significance"] for c in found["comparisons"]} <= {NOT_COMPARED}, slug


def test_a_rounded_figure_is_judged_as_published(client: Client, partnership: Partnership) -> None:
    # 102 admissions, published as 100: against a target of 100 (lower is better) the true figure
    # misses it; rated on the true figure, the RAG would say the published 100 is really above 100.
    world = build_public_world(partnership, counts=(320, 300, 102))
    with_target(world, partnership, admissions=100, smokers=30)
    found = detail(client, "admissions")
    assert found["latest"]["value"] == 100
    assert found["rag"]["rag"] == "green"
    # The limits of a rounded count are withheld, so no comparison can be worked out from it.
    assert {c["significance"] for c in found["comparisons"]} <= {NOT_COMPARED}


def test_members_still_see_the_true_figure_and_its_rag(
    client: Client, partnership: Partnership, coordinator: User, actor_of: Callable[[User], Actor]
) -> None:
    world = build_public_world(partnership, counts=(320, 300, 102))
    with_target(world, partnership, admissions=100, smokers=30)
    _, token = api_token_create(by=actor_of(coordinator), name="member")
    found = client.get(API + "admissions", headers={"Authorization": f"Bearer {token}"}).json()
    assert found["latest"]["value"] == 102
    assert found["rag"]["rag"] in {"amber", "red"}


def _point(period: str, count: float, significance: str) -> SeriesPoint:
    return SeriesPoint(
        period=period,
        period_start=dt.date(int(period), 1, 1),
        value=count,
        lower=count - 20,
        upper=count + 20,
        lower998=None,
        upper998=None,
        count=count,
        denominator=None,
        significance=significance,
        comparator_value=150.0,
        target=None,
        note="",
        judged_by="wellboard",
    )


def test_the_public_series_withholds_the_comparison_of_a_suppressed_or_rounded_count() -> None:
    indicator = IndicatorFactory.build(value_type=ValueType.COUNT, method=Method.NONE, multiplier=1)
    series = IndicatorSeries(
        indicator=indicator,
        area=None,
        sex="Persons",
        age="All ages",
        comparator="England",
        points=(_point("2018", 5, "better"), _point("2019", 102, "better"), _point("2020", 300, "worse")),
        comparators=(),
        targets=(),
        trend="",
        trend_assessment="",
        decimals=0,
    )
    disclosed = disclose_series(series, rule=partnership_rule())
    assert [(p.value, p.significance) for p in disclosed.series.points] == [
        (None, ""),  # suppressed
        (100, ""),  # rounded: judged as 102, the comparison would say what the rounding hides
        (300, "worse"),  # published as it is: judged as it is
    ]


def partnership_rule() -> str:
    return str(Partnership._meta.get_field("disclosure_rule").get_default())


def _series(counts: list[float], trend: str) -> IndicatorSeries:
    indicator = IndicatorFactory.build(value_type=ValueType.COUNT, method=Method.NONE, multiplier=1)
    return IndicatorSeries(
        indicator=indicator,
        area=None,
        sex="Persons",
        age="All ages",
        comparator="England",
        points=tuple(_point(str(2014 + i), c, "") for i, c in enumerate(counts)),
        comparators=(),
        targets=(),
        trend=trend,
        trend_assessment="decreasing and getting better",
        decimals=0,
    )


def test_the_public_series_withholds_a_trend_worked_out_from_a_figure_it_does_not_publish() -> None:
    # The trend reads the last five points: a suppressed one (5) among them would give it away.
    hidden = disclose_series(_series([400, 300, 200, 100, 5], "Decreasing"), rule=partnership_rule()).series
    assert (hidden.trend, hidden.trend_assessment) == (TREND_NOT_CALCULATED, TREND_NOT_CALCULATED)
    # A suppressed figure older than the last five does not take part in the trend.
    older = disclose_series(
        _series([5, 500, 400, 300, 200, 100], "Decreasing"), rule=partnership_rule()
    ).series
    assert (older.trend, older.trend_assessment) == ("Decreasing", "decreasing and getting better")


def test_the_api_gives_anonymous_readers_no_trend_from_suppressed_figures(
    client: Client, partnership: Partnership, coordinator: User, actor_of: Callable[[User], Actor]
) -> None:
    # Six years of smokers in 1,000, the last suppressed: members see the trend, the public does not.
    build_public_world(partnership, counts=(400, 380, 350, 330, 300, 5))
    _, token = api_token_create(by=actor_of(coordinator), name="member")
    member = client.get(API + "smokers", headers={"Authorization": f"Bearer {token}"}).json()
    assert member["latest"]["value"] == pytest.approx(0.5)
    assert member["trend"] != TREND_NOT_CALCULATED
    found = detail(client, "smokers")
    assert found["latest"]["suppressed"] is True
    assert (found["trend"], found["trend_assessment"]) == (TREND_NOT_CALCULATED, TREND_NOT_CALCULATED)
