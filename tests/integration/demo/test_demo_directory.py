"""The demo's directory: thirty invented services imported through the Open Referral UK importer,
the services other parts of the demo refer people to (each with a referral email), a few out of
date, invented contact details only, and one kept out of the public feed."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterator

import pytest

from wellboard.core import clock
from wellboard.demo import DemoContext
from wellboard.directory.models import Service, ServicePhone
from wellboard.directory.selectors import freshness_of

pytestmark = [pytest.mark.django_db, pytest.mark.slow]
NOW = dt.datetime(2026, 11, 23, 10, tzinfo=clock.LONDON)
NAMED = (
    "CAMHS Single Point of Access",
    "Young Carers Support",
    "Kooth Online Counselling",
    "Young People's Substance Misuse Service",
    "Stop Smoking Service",
    "Citizens Advice Stevenage",
    "Chatty Café",
    "Weight Management Programme",
    "Debt and Money Advice",
    "Carers Drop-in",
    "Talking Therapies",
    "Falls Prevention Classes",
)


@pytest.fixture
def demo() -> Iterator[DemoContext]:
    from wellboard.demo import step_10_partners, step_55_directory
    from wellboard.partners.services import partnership_create

    with clock.frozen_at(NOW):
        partnership, actor = partnership_create(
            slug="healthy-stevenage", name="Healthy Stevenage", place_name="Stevenage", two_factor_roles=[]
        )
        ctx = DemoContext(partnership=partnership, actor=actor, log=lambda _: None)
        step_10_partners.load(ctx)
        step_55_directory.load(ctx)
        yield ctx


def test_the_demo_directory(demo: DemoContext) -> None:
    services = Service.objects.filter(partnership=demo.partnership)
    assert services.count() == 30
    for name in NAMED:
        service = services.get(name=name)
        assert service.referral_email.endswith(".example.org"), name
    assert services.get(name="Chatty Café").slug == "chatty-cafe"
    assert services.get(name="Young People's Substance Misuse Service").slug == (
        "young-peoples-substance-misuse-service"
    )
    on = NOW.date()
    stale = [s.name for s in services if freshness_of(s, days=365, on=on).out_of_date]
    assert 4 <= len(stale) <= 10
    assert "Debt and Money Advice" in stale
    assert services.filter(published=False).count() == 1
    assert services.get(name="Citizens Advice Stevenage").organisation.member is not None
    assert demo.shared["directory"]["stop-smoking-service"] == services.get(name="Stop Smoking Service").pk


def test_the_demo_directory_holds_only_invented_contact_details(demo: DemoContext) -> None:
    services = Service.objects.filter(partnership=demo.partnership)
    for service in services:
        for address in (service.email, service.referral_email, service.url, service.organisation.email):
            assert not address or "example.org" in address
    for phone in ServicePhone.objects.filter(service__partnership=demo.partnership):
        assert re.fullmatch(r"01438 000 \d{3}", phone.number)
