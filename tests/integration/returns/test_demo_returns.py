"""The demo's returns step on top of its partners and strategy: measures count towards the strategy's
initiatives, approved figures become Stevenage's observations, and the reach dashboard and
completeness grid tell the summer of 2020 as the partnership reported it."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from decimal import Decimal

import pytest
from django.db.models import Sum
from django.test import Client

from wellboard.core import clock
from wellboard.demo import DemoContext
from wellboard.geography.models import Area, AreaType
from wellboard.indicators.models import Observation
from wellboard.returns.calculations import CellStatus, completeness
from wellboard.returns.models import Collection, Figure, Measure, Return, ReturnStatus

pytestmark = pytest.mark.django_db
BEFRIENDING = "befriending-calls-and-visits"
NOW = dt.datetime(2026, 11, 23, 10, tzinfo=clock.LONDON)  # what the strategy step is written for


@pytest.fixture
def demo() -> Iterator[DemoContext]:
    """The partners, the strategy and the returns steps, with Stevenage as the home area (the geography
    step's real files are not needed for this)."""
    from wellboard.demo import step_10_partners, step_20_strategy, step_50_returns
    from wellboard.partners.services import partnership_create

    with clock.frozen_at(NOW):
        partnership, actor = partnership_create(
            slug="healthy-stevenage",
            name="Healthy Stevenage",
            place_name="Stevenage",
            area_code="E07000243",
            two_factor_roles=[],  # as the demo: its logins work without a phone
        )
        Area.objects.create(code="E07000243", name="Stevenage", type=AreaType.LTLA)  # the geography step's
        ctx = DemoContext(partnership=partnership, actor=actor, log=lambda _: None)
        step_10_partners.load(ctx)
        step_20_strategy.load(ctx)
        step_50_returns.load(ctx)
        yield ctx


def _approved_total(code: str) -> Decimal:
    total: Decimal = Figure.objects.filter(
        measure__code=code, breakdown="", data_return__status=ReturnStatus.APPROVED
    ).aggregate(total=Sum("value"))["total"]
    return total


def check_measures_count_for_the_strategys_initiatives_and_become_observations(demo: DemoContext) -> None:
    initiatives = {
        m.code: m.initiative.slug if m.initiative else None
        for m in Measure.objects.filter(collection__partnership=demo.partnership)
    }
    assert initiatives == {
        "calls": "befriending-calls",
        "visits": "befriending-calls",
        "so_active_sessions": "so-active",
        "so_active_participants": "so-active",
        "pop_up_play_sessions": "pop-up-play",
        "activity_packs": "pop-up-play",
        "picnics": "pop-up-play",
    }
    for measure in Measure.objects.filter(collection__partnership=demo.partnership):
        assert measure.initiative in measure.indicator.initiatives.all(), measure.code

    assert _approved_total("calls") == 8060
    assert _approved_total("visits") == 3390
    assert _approved_total("so_active_participants") == 313
    assert _approved_total("pop_up_play_sessions") == 60
    assert _approved_total("activity_packs") > 1000
    assert _approved_total("picnics") > 900

    calls = Observation.objects.filter(
        indicator__return_measures__code="calls", sex="Persons", category_type=""
    ).select_related("area")
    assert {o.area.code for o in calls} == {"E07000243"}
    assert sum(o.count or 0 for o in calls) == 8060
    assert calls.count() == 13  # the last fortnight is waiting for approval
    assert calls.get(period="2020-09-14/2W").status == "provisional"  # one return was sent back
    assert calls.filter(status="final").count() == 12


def check_timeliness_has_late_sent_back_and_missing_returns(demo: DemoContext) -> None:
    befriending = Collection.objects.get(slug=BEFRIENDING)
    returns = Return.objects.filter(collection=befriending)
    assert returns.filter(status=ReturnStatus.RETURNED).count() == 1
    assert returns.filter(status=ReturnStatus.SUBMITTED).count() == 6
    assert sum(r.was_late for r in returns) == 6
    with clock.frozen_at(NOW):
        grid = completeness(collection=befriending, today=clock.today(), last=14)
    counts = grid.counts()
    assert counts[CellStatus.MISSING] == 1
    assert counts[CellStatus.RETURNED] == 1
    assert counts["late"] == 6
    missing = [
        row.organisation.slug for row in grid.rows for c in row.cells if c.status == CellStatus.MISSING
    ]
    assert missing == ["the-living-room"]
    assert grid.on_time_percent is not None
    assert 80 < grid.on_time_percent < 100


def check_reach_dashboard_shows_the_reported_totals(demo: DemoContext) -> None:
    client = Client()
    client.force_login(demo.users["board"])
    with clock.frozen_at(NOW):
        response = client.get("/p/healthy-stevenage/returns/reach/")
    assert response.status_code == 200
    html = response.content.decode()
    for name in ("Befriending calls and visits", "So Active", "Pop-up Play"):
        assert f">{name}</h2>" in html
    assert '<span class="wb-tile__value">8,060</span>' in html
    assert '<span class="wb-tile__value">3,390</span>' in html
    assert "Not yet returned for 28 Sep to 11 Oct 2020 (Befriending calls and visits" in html
    assert "The Living Room</strong>" in html
    assert html.count('class="wb-chart"') == Measure.objects.filter(initiative__isnull=False).count()


def test_the_demo_returns(demo: DemoContext) -> None:
    """One test, three checks: loading the demo's steps is the slow part, so it is done once."""
    check_measures_count_for_the_strategys_initiatives_and_become_observations(demo)
    check_timeliness_has_late_sent_back_and_missing_returns(demo)
    check_reach_dashboard_shows_the_reported_totals(demo)
