"""The demo's Healthy Hub money, April 2025 to October 2026, and the hub dashboards over the demo."""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Iterator
from decimal import Decimal

import pytest
from django.test import Client

from wellboard.core import clock
from wellboard.demo import DemoContext
from wellboard.geography.models import Area, AreaType
from wellboard.hub.models import HubMonth

pytestmark = [pytest.mark.django_db, pytest.mark.slow]
NOW = dt.datetime(2026, 11, 23, 10, tzinfo=clock.LONDON)
DASHBOARD = "/p/healthy-stevenage/hubs/healthy-hub/dashboard/"


@pytest.fixture
def demo(settings: pytest.FixtureRequest) -> Iterator[DemoContext]:
    from wellboard.demo import (
        step_10_partners,
        step_20_strategy,
        step_50_returns,
        step_60_hub,
        step_64_hub_months,
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
        for step in (step_10_partners, step_20_strategy, step_50_returns, step_60_hub, step_64_hub_months):
            step.load(ctx)
        yield ctx


def test_the_demo_hub_pays_its_way_and_its_dashboards_show_it(demo: DemoContext) -> None:
    months = list(HubMonth.objects.filter(hub__slug="healthy-hub").order_by("month"))
    assert len(months) == 19
    assert (months[0].month, months[-1].month) == (dt.date(2025, 4, 1), dt.date(2026, 10, 1))
    income = sum((m.room_hire_income + m.membership_income + m.other_income for m in months), Decimal(0))
    assert income > sum((m.running_cost for m in months), Decimal(0))
    assert all(m.version == 1 for m in months)

    worker = Client()
    worker.force_login(demo.users["hub"])
    with clock.frozen_at(NOW):
        page = worker.get(DASHBOARD)
        assert page.status_code == 200
        money = json.loads(worker.get(DASHBOARD + "money.json?from=2025-04-01").content)
        assert len(money["rows"]) == 19
        routes = json.loads(worker.get(DASHBOARD + "route.json").content)
        # a year of visits at the main hub: about 3,250, every one on a route
        assert 3000 < sum(row["count"] for row in routes["rows"]) < 3500
        coordinator = Client()
        coordinator.force_login(demo.users["coordinator"])
        disclosed = coordinator.get(DASHBOARD)
        assert disclosed.status_code == 200
        assert "disclosure control" in disclosed.content.decode()
        assert coordinator.get("/p/healthy-stevenage/hubs/dashboard/").status_code == 200
