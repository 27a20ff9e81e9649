"""The demo's wellbeing outcomes: So Active's SWEMWBS cohort over two summers, published to its
better-off measures, and the Healthy Hub's ONS4 sessions."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator

import pytest
from django.test import Client

from wellboard.core import clock
from wellboard.demo import DemoContext
from wellboard.geography.models import Area, AreaType
from wellboard.hub.calculations.assessments import Programme, programme_results
from wellboard.hub.models import OutcomeAssessment
from wellboard.indicators.models import Indicator, IndicatorKind, Observation
from wellboard.strategy.models import Initiative

pytestmark = [pytest.mark.django_db, pytest.mark.slow]
NOW = dt.datetime(2026, 11, 23, 10, tzinfo=clock.LONDON)


@pytest.fixture
def demo(settings: pytest.FixtureRequest) -> Iterator[DemoContext]:
    from wellboard.demo import (
        step_10_partners,
        step_20_strategy,
        step_50_returns,
        step_60_hub,
        step_66_wellbeing,
    )
    from wellboard.partners.services import partnership_create

    settings.WELLBOARD_PSEUDONYM_KEY = "demo-test-pseudonym-key"  # type: ignore[attr-defined]
    with clock.frozen_at(NOW):
        partnership, actor = partnership_create(
            slug="healthy-stevenage",
            name="Healthy Stevenage",
            place_name="Stevenage",
            area_code="E07000243",
            two_factor_roles=[],
        )
        Area.objects.create(code="E07000243", name="Stevenage", type=AreaType.LTLA)
        ctx = DemoContext(partnership=partnership, actor=actor, log=lambda _: None)
        for step in (step_10_partners, step_20_strategy, step_50_returns, step_60_hub, step_66_wellbeing):
            step.load(ctx)
        yield ctx


def test_so_active_participants_are_better_off(demo: DemoContext) -> None:
    so_active = Initiative.objects.get(partnership=demo.partnership, slug="so-active")
    assert OutcomeAssessment.objects.filter(initiative=so_active).count() == 2 * (57 + 53)
    results = programme_results(Programme(initiative=so_active))
    (swemwbs,) = results.instruments
    assert swemwbs.before.value == 114
    assert swemwbs.after.value == 106
    assert swemwbs.paired.value == 100
    (row,) = swemwbs.changes
    assert row.mean_change is not None
    assert 0.5 < row.mean_change < 3
    assert row.lower is not None
    assert row.lower > 0
    assert [p.code for p in results.periods_available] == ["2025/26", "2026/27"]
    measures = Indicator.objects.filter(initiatives=so_active, kind=IndicatorKind.BETTER_OFF)
    assert measures.count() == 2
    assert Observation.objects.filter(indicator__in=measures).count() == 4

    hub_results = programme_results(Programme(hub=demo.partnership.hubs.get(slug="healthy-hub")))
    (ons4,) = hub_results.instruments
    assert ons4.before.value == 36
    assert ons4.paired.value == 30
    assert len(ons4.changes) == 4
    assert len(ons4.bands) == 16

    coordinator = Client()
    coordinator.force_login(demo.users["coordinator"])
    page = coordinator.get("/p/healthy-stevenage/initiatives/so-active/outcomes/")
    assert page.status_code == 200
    assert "SWEMWBS metric score" in page.content.decode()
