"""The demo's hubs: the Healthy Hub and the Young People's Hub, their worker and a few hundred visits
in the proportions of the hub's write-up, seen by the worker and counted for the coordinator."""

from __future__ import annotations

import datetime as dt
from collections import Counter
from collections.abc import Iterator

import pytest
from django.test import Client

from wellboard.core import clock
from wellboard.demo import DemoContext
from wellboard.geography.models import Area, AreaType
from wellboard.hub.models import Contact, Hub

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


def test_the_demo_hubs_and_their_visits(demo: DemoContext) -> None:
    main = Hub.objects.get(partnership=demo.partnership, slug="healthy-hub")
    young = Hub.objects.get(partnership=demo.partnership, slug="young-peoples-hub")
    visits = Contact.objects.filter(hub=main)
    assert visits.count() == 320
    assert Contact.objects.filter(hub=young).count() == 80
    people = {c.client_key: c for c in visits}
    sexes = Counter(c.sex for c in people.values())
    assert 0.45 < sexes["female"] / len(people) < 0.65
    middle = sum(1 for c in people.values() if c.age_band in {"45-54", "55-64"})
    assert 0.38 < middle / len(people) < 0.64
    referrals = visits.filter(route="exercise-referral")
    assert referrals.exists()
    assert Counter(referrals.values_list("exercise_reason", flat=True)).most_common(1)[0][0] == "weight-loss"
    assert set(Contact.objects.filter(hub=young).values_list("age_band", flat=True)) <= {
        str(a) for a in range(11, 17)
    }

    worker = Client()
    worker.force_login(demo.users["hub"])
    page = worker.get("/p/healthy-stevenage/hubs/healthy-hub/contacts/")
    assert page.status_code == 200
    assert "HH-0" not in page.content.decode()
    coordinator = Client()
    coordinator.force_login(demo.users["coordinator"])
    assert coordinator.get("/p/healthy-stevenage/hubs/healthy-hub/contacts/").status_code == 404
    assert "320 visits by" in coordinator.get("/p/healthy-stevenage/hubs/healthy-hub/").content.decode()
