"""The strategy page and node pages show each node's indicators (the ``strategy.nodes`` slot)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any

import pytest
from django.test import Client

from wellboard.core.access import Actor
from wellboard.geography.services import area_upsert
from wellboard.indicators.models import Method, Polarity, ValueType
from wellboard.indicators.services import ObservationInput, indicator_create, observations_save, target_create
from wellboard.partners.models import Organisation, Partnership, User
from wellboard.strategy.models import Node, Strategy
from wellboard.strategy.services import action_create, node_create, strategy_create

pytestmark = pytest.mark.django_db


@pytest.fixture
def plan(partnership: Partnership, council: Organisation) -> tuple[Strategy, list[Node]]:
    actor = Actor.command_line(partnership.pk)
    partnership.area_code = "E07000243"
    partnership.save()
    area_upsert(code="E07000243", name="Stevenage", type="ltla")
    strategy = strategy_create(
        by=actor,
        title="Healthy town",
        start_date=dt.date(2024, 4, 1),
        end_date=dt.date(2028, 3, 31),
        level_names=["Theme", "Priority"],
        status="live",
    )
    theme = node_create(by=actor, strategy=strategy, title="Healthy people")
    priorities = [
        node_create(by=actor, strategy=strategy, parent=theme, title=f"Priority {i}") for i in range(6)
    ]
    for node in priorities:
        action_create(by=actor, node=node, title=f"Act on {node.title}", lead_organisation=council)
    for i, node in enumerate(priorities):
        indicator = indicator_create(
            by=actor,
            name=f"Smoking measure {i}",
            value_type=ValueType.PERCENTAGE,
            kind="population",
            polarity=Polarity.LOW_IS_GOOD,
            unit="%",
            multiplier=100,
            method=Method.WILSON,
            nodes=[node],
        )
        observations_save(
            by=actor,
            indicator=indicator,
            source="tests",
            rows=[
                ObservationInput(
                    area_code="E07000243", period=str(year), count=200 - 10 * year % 7, denominator=1000
                )
                for year in range(2015, 2022)
            ],
        )
        target_create(
            by=actor,
            indicator=indicator,
            area_code="E07000243",
            period="2021",
            value=15.0,
            amber_tolerance=2.0,
        )
    return strategy, [theme, *priorities]


def test_strategy_page_shows_each_nodes_indicators(
    client_for: Callable[[User], Client],
    partnership: Partnership,
    viewer: User,
    plan: tuple[Strategy, list[Node]],
    django_assert_max_num_queries: Any,
) -> None:
    strategy, _ = plan
    url = f"/p/{partnership.slug}/strategies/{strategy.slug}/"
    client = client_for(viewer)
    with django_assert_max_num_queries(20):
        response = client.get(url)
    assert response.status_code == 200
    html = response.content.decode()
    assert html.count("wb-node-indicators--compact") == 6
    assert "Smoking measure 3" in html
    assert "Against target" not in html  # the compact panel words the RAG in place
    assert "Target of 15.0%" in html or "target of 15.0%" in html


def test_node_page_shows_its_indicators_and_those_beneath(
    client_for: Callable[[User], Client],
    partnership: Partnership,
    viewer: User,
    plan: tuple[Strategy, list[Node]],
) -> None:
    strategy, nodes = plan
    theme_page = client_for(viewer).get(
        f"/p/{partnership.slug}/strategies/{strategy.slug}/nodes/{nodes[0].ref}/"
    )
    assert theme_page.status_code == 200
    html = theme_page.content.decode()
    for i in range(6):
        assert f"Smoking measure {i}" in html
    priority_page = client_for(viewer).get(
        f"/p/{partnership.slug}/strategies/{strategy.slug}/nodes/{nodes[1].ref}/"
    )
    assert "Smoking measure 0" in priority_page.content.decode()
    assert "Smoking measure 1" not in priority_page.content.decode()


def test_outsider_sees_nothing(
    client_for: Callable[[User], Client],
    partnership: Partnership,
    outsider: User,
    plan: tuple[Strategy, list[Node]],
) -> None:
    strategy, _ = plan
    assert client_for(outsider).get(f"/p/{partnership.slug}/strategies/{strategy.slug}/").status_code == 404
