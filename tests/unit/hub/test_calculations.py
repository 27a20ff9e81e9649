"""The hub's figures, counted exactly on a small set of contacts."""

from __future__ import annotations

import datetime as dt

import pytest

from tests.factories.hub_dashboard import FigureWorld, make_figure_world
from wellboard.core.errors import InvalidInput
from wellboard.hub.calculations import (
    Disclosure,
    Scope,
    hub_figures,
    money_figures,
    parse_routes,
    referral_figures,
    scope_for,
)
from wellboard.hub.calculations.scope import last_twelve_months
from wellboard.hub.codes import NEEDS
from wellboard.hub.models import HubMonth
from wellboard.partners.models import Partnership

pytestmark = pytest.mark.django_db

YEAR_2026 = (dt.date(2026, 1, 1), dt.date(2026, 12, 31))


@pytest.fixture
def world(partnership: Partnership) -> FigureWorld:
    return make_figure_world(partnership)


def _scope(
    world: FigureWorld, routes: tuple[str, ...] = (), dates: tuple[dt.date, dt.date] = YEAR_2026
) -> Scope:
    return Scope(hub_ids=(world.hub.pk,), start=dates[0], end=dates[1], routes=routes, exact=True)


def test_every_figure_is_exact(world: FigureWorld) -> None:
    figures = hub_figures(_scope(world), [world.hub])
    assert figures.contacts == 5
    assert figures.clients == 4
    assert figures.by_sex == {"female": 3, "male": 1, "other": 0, "not-stated": 1}
    assert figures.by_age_band["45-54"] == 3
    assert figures.by_age_band["65-74"] == 1
    assert figures.by_age_band["25-34"] == 1
    assert figures.by_age_band["0-15"] == 0
    assert figures.by_route == {
        "walk-in": 1,
        "self-referral": 1,
        "gp-referral": 0,
        "exercise-referral": 1,
        "partner-referral": 0,
        "partner-appointment": 2,
        "activity": 0,
    }
    assert figures.by_need["mental-health"] == 2
    assert figures.by_need["money"] == 1
    assert figures.by_need["physical-activity"] == 1
    assert figures.by_need["housing"] == 0  # the 2025 visit is outside the dates
    assert figures.by_need["alcohol"] == 0  # the other hub's visit is not counted
    assert list(figures.by_need) == [code for code, _ in NEEDS]
    assert figures.by_exercise_reason["weight-loss"] == 1
    assert sum(figures.by_exercise_reason.values()) == 1
    assert figures.referred_on == 2
    assert figures.partner_organisations == 2
    assert figures.partner_appointments == 2
    assert figures.walk_ins == 2
    assert figures.walk_in_needs["mental-health"] == 2
    assert figures.walk_in_needs["money"] == 1
    assert figures.walk_in_needs["physical-activity"] == 0
    assert figures.by_deprivation_decile["2"] == 1
    assert figures.by_deprivation_decile["unknown"] == 4
    assert figures.by_ward == {"E05012345": 1, "unknown": 4}


def test_the_route_filter_counts_only_those_routes(world: FigureWorld) -> None:
    figures = hub_figures(_scope(world, routes=("walk-in", "self-referral")), [world.hub])
    assert figures.contacts == 2
    assert figures.clients == 2
    assert figures.referred_on == 2
    assert figures.partner_appointments == 0
    assert figures.by_need["mental-health"] == 2


def test_dates_are_inclusive_at_both_ends(world: FigureWorld) -> None:
    one_day = (dt.date(2026, 3, 12), dt.date(2026, 3, 13))
    figures = hub_figures(_scope(world, dates=one_day), [world.hub])
    assert figures.contacts == 2
    assert figures.by_route["self-referral"] == 1
    assert figures.by_route["partner-appointment"] == 1


def test_no_contacts_gives_zeros_for_every_code(world: FigureWorld) -> None:
    figures = hub_figures(_scope(world, dates=(dt.date(2030, 1, 1), dt.date(2030, 2, 1))), [world.hub])
    assert figures.contacts == 0
    assert figures.clients == 0
    assert set(figures.by_sex.values()) == {0}
    assert figures.referred_on == 0


def test_referral_outcomes_per_service_and_need(world: FigureWorld) -> None:
    found = referral_figures(_scope(world), need_labels=dict(NEEDS))
    assert found.total == 3
    assert found.by_status == {
        "sent": 0,
        "accepted": 0,
        "declined": 1,
        "attended": 1,
        "did-not-attend": 1,
        "closed": 0,
    }
    services = {row.label: row for row in found.by_service}
    smoking = services["Stop smoking"]
    assert smoking.total == 2
    assert smoking.shares["accepted"].count == 2
    assert smoking.shares["attended"].count == 1
    assert smoking.shares["did_not_attend"].count == 1
    assert smoking.shares["declined"].count == 0
    assert smoking.shares["attended"].percent == pytest.approx(50.0)
    # Wilson limits for 1 of 2 (PHE's method)
    assert smoking.shares["attended"].lower == pytest.approx(9.4529, abs=1e-3)
    assert smoking.shares["attended"].upper == pytest.approx(90.5471, abs=1e-3)
    assert services["Debt advice"].shares["declined"].percent == pytest.approx(100.0)
    needs = {row.key: row for row in found.by_need}
    assert needs["mental-health"].total == 3
    assert needs["mental-health"].shares["accepted"].count == 2
    assert needs["mental-health"].shares["declined"].count == 1
    assert needs["money"].total == 2
    assert needs["money"].label == "Money"


def test_money_month_by_month(world: FigureWorld) -> None:
    HubMonth.objects.create(
        hub=world.hub,
        month=dt.date(2026, 1, 1),
        room_bookings=12,
        room_hire_income="600.00",
        memberships=20,
        membership_income="500.00",
        other_income="0",
        running_cost="1000.50",
    )
    HubMonth.objects.create(hub=world.hub, month=dt.date(2025, 12, 1), running_cost="9")
    money = money_figures([world.hub], dt.date(2026, 1, 15), dt.date(2026, 3, 1))
    assert [m.month for m in money.months] == [dt.date(2026, 1, 1)]
    assert str(money.months[0].balance) == "99.50"
    assert money.months_paid_their_way == 1


def test_scope_reads_dates_and_refuses_bad_ones(world: FigureWorld) -> None:
    scope = scope_for(hubs=[world.hub], start_text="01/04/2025", end_text="2026-03-31", exact=False)
    assert (scope.start, scope.end) == (dt.date(2025, 4, 1), dt.date(2026, 3, 31))
    with pytest.raises(InvalidInput) as bad:
        scope_for(hubs=[world.hub], start_text="31/02/2026", exact=False)
    assert "is not a date" in bad.value.errors["from"][0]
    with pytest.raises(InvalidInput) as backwards:
        scope_for(hubs=[world.hub], start_text="2026-02-01", end_text="2026-01-01", exact=False)
    assert "must not be before" in backwards.value.errors["to"][0]


def test_routes_are_checked() -> None:
    assert parse_routes("walk-in, Self-Referral,walk-in") == ("walk-in", "self-referral")
    assert parse_routes("") == ()
    with pytest.raises(InvalidInput) as bad:
        parse_routes("walk-in,teleport")
    assert "teleport" in bad.value.errors["route"][0]


def test_the_default_range_is_the_year_to_today() -> None:
    assert last_twelve_months(dt.date(2026, 11, 23)) == (dt.date(2025, 11, 24), dt.date(2026, 11, 23))
    assert last_twelve_months(dt.date(2028, 2, 29)) == (dt.date(2027, 3, 1), dt.date(2028, 2, 29))


def test_disclosure_suppresses_small_counts_and_rounds_others() -> None:
    disclosed = Disclosure("standard").counts([0, 3, 12, 1234])
    assert [s.text for s in disclosed] == ["0", "*", "10", "1,235"]
    exact = Disclosure(None).counts([0, 3, 12])
    assert [s.value for s in exact] == [0, 3, 12]
    assert Disclosure("standard").derived([50.0, 20.0], [True, False]) == [None, 20.0]


def test_no_hub_may_be_called_dashboard(partnership: Partnership) -> None:
    from wellboard.core.access import Actor
    from wellboard.hub.services import hub_create

    with pytest.raises(InvalidInput) as refused:
        hub_create(
            by=Actor.command_line(partnership.pk),
            slug="dashboard",
            name="Dashboard",
            organisation=partnership.organisations.first(),
        )
    assert "slug" in refused.value.errors
    made = hub_create(
        by=Actor.command_line(partnership.pk),
        name="Dashboard",
        organisation=partnership.organisations.first(),
    )
    assert made.slug != "dashboard"
