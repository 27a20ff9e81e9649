"""Approved partner returns are published as observations by whoever may approve returns."""

from __future__ import annotations

from collections.abc import Callable

import pytest

from wellboard.core.access import Actor
from wellboard.core.errors import NotFound, PermissionDenied
from wellboard.geography.services import area_upsert
from wellboard.indicators.models import Indicator, Method, Observation, ValueType
from wellboard.indicators.services import (
    ObservationInput,
    indicator_create,
    observations_publish_from_returns,
)
from wellboard.partners.models import Partnership, User

pytestmark = pytest.mark.django_db


@pytest.fixture
def calls(cli_actor: Actor) -> Indicator:
    area_upsert(code="E07000243", name="Stevenage", type="ltla")
    return indicator_create(
        by=cli_actor,
        name="Befriending calls made",
        value_type=ValueType.COUNT,
        kind="how_much",
        polarity="neither",
        unit="calls",
        multiplier=1,
        method=Method.NONE,
    )


def rows(value: float) -> list[ObservationInput]:
    return [ObservationInput(area_code="E07000243", period="2020-05", value=value, count=value)]


def test_approver_publishes(calls: Indicator, approver: User, actor_of: Callable[[User], Actor]) -> None:
    report = observations_publish_from_returns(
        by=actor_of(approver), indicator=calls, rows=rows(120), source="returns"
    )
    assert report.ok
    assert Observation.objects.get(indicator=calls).value == 120


def test_viewer_and_contributor_cannot_publish(
    calls: Indicator, viewer: User, charity_contributor: User, actor_of: Callable[[User], Actor]
) -> None:
    for person in (viewer, charity_contributor):
        with pytest.raises(PermissionDenied):
            observations_publish_from_returns(
                by=actor_of(person), indicator=calls, rows=rows(1), source="returns"
            )
    assert not Observation.objects.exists()


def test_another_partnership_cannot_publish(calls: Indicator, other_partnership: Partnership) -> None:
    with pytest.raises(NotFound):
        observations_publish_from_returns(
            by=Actor.command_line(other_partnership.pk), indicator=calls, rows=rows(1), source="returns"
        )
