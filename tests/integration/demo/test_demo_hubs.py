"""The demo's hubs: the Healthy Hub, the Young People's Hub and two pop-up hubs at schools, with their
sites, opening sessions, partners and worker, and a year of visits in the proportions of the hub's
write-up, seen by the worker and counted for the coordinator."""

from __future__ import annotations

import datetime as dt
from collections import Counter
from collections.abc import Iterator

import pytest
from django.test import Client

from wellboard.core import clock
from wellboard.demo import DemoContext
from wellboard.geography.models import Area, AreaType
from wellboard.hub.models import Contact, Hub, HubAssignment, HubKind, HubSession

pytestmark = [pytest.mark.django_db, pytest.mark.slow]
NOW = dt.datetime(2026, 11, 23, 10, tzinfo=clock.LONDON)


@pytest.fixture
def demo(settings: pytest.FixtureRequest) -> Iterator[DemoContext]:
    from wellboard.demo import step_10_partners, step_20_strategy, step_50_returns, step_60_hub
    from wellboard.partners.services import partnership_create

    settings.WELLBOARD_PSEUDONYM_KEY = "demo-test-pseudonym-key"  # type: ignore[attr-defined]
    with clock.frozen_at(NOW):
        partnership, actor = partnership_create(
            slug="healthy-stevenage",
            name="Healthy Stevenage",
            place_name="Stevenage",
            area_code="E07000243",
            two_factor_roles=[],  # as the demo: its logins work without a phone
        )
        Area.objects.create(code="E07000243", name="Stevenage", type=AreaType.LTLA)
        ctx = DemoContext(partnership=partnership, actor=actor, log=lambda _: None)
        for step in (step_10_partners, step_20_strategy, step_50_returns, step_60_hub):
            step.load(ctx)
        yield ctx


def _the_hubs_their_sessions_and_partners(demo: DemoContext) -> None:
    hubs = {hub.slug: hub for hub in Hub.objects.filter(partnership=demo.partnership)}
    assert {slug: hub.kind for slug, hub in hubs.items()} == {
        "healthy-hub": HubKind.MAIN,
        "young-peoples-hub": HubKind.YOUNG_PEOPLE,
        "pop-up-nobel": HubKind.POP_UP,
        "pop-up-barnwell": HubKind.POP_UP,
    }
    assert {hub.organisation.name for hub in hubs.values()} == {"Stevenage Leisure Limited"}
    assert (hubs["young-peoples-hub"].age_from, hubs["young-peoples-hub"].age_to) == (11, 16)
    for hub in hubs.values():
        assert hub.sites.count() == 1
        assert HubSession.objects.filter(site__hub=hub).exists()
        assert HubAssignment.objects.filter(hub=hub, role_grant__user=demo.users["hub"]).exists()
    assert hubs["healthy-hub"].partners.count() == 18  # as the write-up counts them
    young_partners = {str(p) for p in hubs["young-peoples-hub"].partners.select_related("organisation")}
    assert {"CAMHS", "Herts Young Carers", "Kooth", "ADASH", "The Living Room"} <= young_partners


def _a_year_of_visits_in_the_write_ups_proportions(demo: DemoContext) -> None:
    main = Hub.objects.get(partnership=demo.partnership, slug="healthy-hub")
    young = Hub.objects.get(partnership=demo.partnership, slug="young-peoples-hub")
    visits = Contact.objects.filter(hub=main)
    assert 2_500 < visits.count() < 4_500
    first, last = visits.order_by("date").first(), visits.order_by("date").last()
    assert first is not None
    assert last is not None
    assert (first.date.isoformat()[:7], last.date.isoformat()[:7]) == ("2025-12", "2026-11")
    assert not visits.filter(date__week_day=1).exists()  # closed on Sundays
    people = {c.client_key: c for c in visits}
    sexes = Counter(c.sex for c in people.values())
    assert 0.5 < sexes["female"] / len(people) < 0.6
    middle = sum(1 for c in people.values() if c.age_band in {"45-54", "55-64"})
    assert 0.45 < middle / len(people) < 0.57
    routes = Counter(visits.values_list("route", flat=True))
    assert 0.36 < routes["partner-appointment"] / visits.count() < 0.46
    reasons = Counter(visits.filter(route="exercise-referral").values_list("exercise_reason", flat=True))
    assert [reason for reason, _ in reasons.most_common(1)] == ["weight-loss"]
    assert 0.3 < reasons["weight-loss"] / sum(reasons.values()) < 0.55
    walk_ins = visits.filter(route__in=["walk-in", "self-referral"])
    mental = sum(1 for needs in walk_ins.values_list("needs", flat=True) if "mental-health" in needs)
    assert 0.25 < mental / walk_ins.count() < 0.45
    assert set(Contact.objects.filter(hub=young).values_list("age_band", flat=True)) <= {
        str(a) for a in range(11, 17)
    }
    assert not Contact.objects.filter(hub=young, date__month=8, date__week_day=2).exists()  # term time only
    pop_up = Contact.objects.filter(hub__slug="pop-up-nobel")
    assert pop_up.exists()
    assert set(pop_up.values_list("age_band", flat=True)) <= {"0-15", "16-24"}
    assert not pop_up.filter(date__lt=dt.date(2026, 9, 1)).exists()


def _the_worker_sees_the_visits_and_the_coordinator_the_totals(demo: DemoContext) -> None:
    total = Contact.objects.filter(hub__slug="healthy-hub").count()
    worker = Client()
    worker.force_login(demo.users["hub"])
    page = worker.get("/p/healthy-stevenage/hubs/healthy-hub/contacts/")
    assert page.status_code == 200
    assert "HH-0" not in page.content.decode()
    coordinator = Client()
    coordinator.force_login(demo.users["coordinator"])
    assert coordinator.get("/p/healthy-stevenage/hubs/healthy-hub/contacts/").status_code == 404
    hub_page = coordinator.get("/p/healthy-stevenage/hubs/healthy-hub/").content.decode()
    assert f"{total:,} visits by" in hub_page
    assert "Saturday" in hub_page
    assert "09:00 to 20:00" in hub_page


def test_the_demo_hubs(demo: DemoContext) -> None:
    # One test, since loading the demo's hubs takes a while: each part says what it checks.
    _the_hubs_their_sessions_and_partners(demo)
    _a_year_of_visits_in_the_write_ups_proportions(demo)
    _the_worker_sees_the_visits_and_the_coordinator_the_totals(demo)
