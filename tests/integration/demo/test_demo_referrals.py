"""The demo's referrals step, on a small world made with factories: young people referred to the
young people's services, adults to the others, in every status, some set through the status link;
and a clear stop when the directory lacks a service."""

from __future__ import annotations

import datetime as dt
from collections import Counter

import pytest

from tests.factories.directory import make_service
from tests.factories.hub import make_hub, make_hub_worker
from wellboard.core import clock
from wellboard.core.access import Actor
from wellboard.demo import DemoContext, step_62_referrals
from wellboard.demo.step_62_referrals import MAIN_SERVICES, YOUNG_SERVICES, DirectoryServicesMissing
from wellboard.hub.models import Hub, Referral, ReferralEvent, ReferralStatus
from wellboard.hub.services import contact_record
from wellboard.partners.models import Partnership
from wellboard.partners.selectors import actor_for

pytestmark = pytest.mark.django_db
NOW = dt.datetime(2026, 11, 23, 10, tzinfo=clock.LONDON)
ADULT_NEEDS = ("smoking", "money", "loneliness", "weight", "carer", "mental-health", "physical-activity")
YOUNG_NEEDS = ("mental-health", "carer", "drugs")


@pytest.fixture(autouse=True)
def _pseudonym_key(settings: pytest.FixtureRequest) -> None:
    settings.WELLBOARD_PSEUDONYM_KEY = "demo-step-test-key"  # type: ignore[attr-defined]


def _visits(worker: Actor, hub: Hub, needs: tuple[str, ...], *, count: int, young: bool) -> None:
    first = dt.date(2026, 9, 1)
    for n in range(count):
        contact_record(
            by=worker,
            hub=hub,
            date=first + dt.timedelta(days=n * 80 // count),
            client_id=f"{'YP' if young else 'HH'}-{n:05d}",
            sex="female" if n % 2 else "male",
            age_band=str(11 + n % 6) if young else "45-54",
            route=("walk-in", "self-referral", "gp-referral")[n % 3],
            needs=[needs[n % len(needs)]],
        )


def _world(partnership: Partnership, *, services: tuple[str, ...]) -> DemoContext:
    main = make_hub(partnership, "healthy-hub", name="Stevenage Healthy Hub")
    young = make_hub(partnership, "young-peoples-hub", name="Young People's Healthy Hub", kind="young-people")
    user = make_hub_worker(partnership, "hub", main, young)
    worker = actor_for(user=user, partnership=partnership)
    assert worker is not None
    for slug in services:
        make_service(partnership, slug, referral_email=f"referrals@{slug}.example.org")
    with clock.frozen_at(NOW):
        _visits(worker, main, ADULT_NEEDS, count=40, young=False)
        _visits(worker, young, YOUNG_NEEDS, count=20, young=True)
    return DemoContext(
        partnership=partnership,
        actor=Actor.command_line(partnership.pk),
        users={"hub": user},
        log=lambda _: None,
    )


def test_the_step_refers_each_hubs_visits_to_its_services_in_every_status(partnership: Partnership) -> None:
    ctx = _world(partnership, services=(*YOUNG_SERVICES, *MAIN_SERVICES))
    with clock.frozen_at(NOW):
        step_62_referrals.load(ctx)
    young = Referral.objects.filter(contact__hub__slug="young-peoples-hub")
    adults = Referral.objects.filter(contact__hub__slug="healthy-hub")
    assert young.exists()
    assert adults.exists()
    assert set(young.values_list("service__slug", flat=True)) <= set(YOUNG_SERVICES)
    assert set(adults.values_list("service__slug", flat=True)) <= set(MAIN_SERVICES)
    statuses = Counter(Referral.objects.values_list("status", flat=True))
    assert set(statuses) == set(ReferralStatus.values)
    by_link = ReferralEvent.objects.filter(channel=ReferralEvent.Channel.LINK)
    assert by_link.exists()
    assert not Referral.objects.filter(events__channel="link", link_sent_at__isnull=True).exists()
    for referral in Referral.objects.all():
        assert referral.sent_on <= referral.status_on <= NOW.date()
        assert referral.sent_on >= referral.contact.date


def test_the_step_names_the_directory_services_it_lacks(partnership: Partnership) -> None:
    ctx = _world(partnership, services=YOUNG_SERVICES)
    with pytest.raises(DirectoryServicesMissing, match="stop-smoking-service, citizens-advice-stevenage"):
        step_62_referrals.load(ctx)
    assert not Referral.objects.exists()


@pytest.mark.slow
def test_the_step_on_the_demo_hubs_visits(settings: pytest.FixtureRequest) -> None:
    from wellboard.demo import step_10_partners, step_20_strategy, step_50_returns, step_60_hub
    from wellboard.partners.services import partnership_create

    settings.WELLBOARD_PSEUDONYM_KEY = "demo-test-pseudonym-key"  # type: ignore[attr-defined]
    with clock.frozen_at(NOW):
        partnership, actor = partnership_create(
            slug="healthy-stevenage", name="Healthy Stevenage", place_name="Stevenage", two_factor_roles=[]
        )
        ctx = DemoContext(partnership=partnership, actor=actor, log=lambda _: None)
        for step in (step_10_partners, step_20_strategy, step_50_returns, step_60_hub):
            step.load(ctx)
        # What the directory step makes, as far as this step needs it.
        for slug in (*YOUNG_SERVICES, *MAIN_SERVICES):
            make_service(partnership, slug, referral_email=f"referrals@{slug}.example.org")
        step_62_referrals.load(ctx)
    young = Referral.objects.filter(contact__hub__slug="young-peoples-hub")
    adults = Referral.objects.filter(contact__hub__slug="healthy-hub")
    assert young.count() > 5
    assert adults.count() > 10
    assert set(young.values_list("service__slug", flat=True)) <= set(YOUNG_SERVICES)
    assert set(Referral.objects.values_list("status", flat=True)) == set(ReferralStatus.values)
    assert ReferralEvent.objects.filter(channel=ReferralEvent.Channel.LINK).exists()
