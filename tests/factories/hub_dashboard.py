"""A small hub with known contacts and referrals, for testing the hub's figures exactly."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from tests.factories.directory import make_service
from tests.factories.hub import make_hub
from wellboard.hub.models import Contact, Hub, HubPartner, Referral
from wellboard.hub.services.daily_totals import hub_daily_totals_refresh
from wellboard.partners.models import Partnership


@dataclass
class FigureWorld:
    hub: Hub
    other_hub: Hub
    contacts: list[Contact]


def make_contact(hub: Hub, day: str, key: str, sex: str, age: str, route: str, **extra: object) -> Contact:
    """A visit written directly (not through the services), with its day's summary counted again."""
    contact = Contact.objects.create(
        hub=hub,
        date=dt.date.fromisoformat(day),
        client_key=key * 64 if len(key) == 1 else key,
        sex=sex,
        age_band=age,
        route=route,
        **extra,  # type: ignore[arg-type]
    )
    hub_daily_totals_refresh(hub.pk, [contact.date])
    return contact


def make_referral(contact: Contact, service_slug: str, status: str, reference: str) -> Referral:
    from wellboard.directory.models import Service

    service = Service.objects.filter(partnership=contact.hub.partnership, slug=service_slug).first()
    if service is None:
        service = make_service(contact.hub.partnership, service_slug)
    referral = Referral.objects.create(
        contact=contact,
        service=service,
        reference=reference,
        status=status,
        sent_on=contact.date,
        status_on=contact.date,
    )
    hub_daily_totals_refresh(contact.hub_id, [contact.date])
    return referral


def make_figure_world(partnership: Partnership) -> FigureWorld:
    """Five contacts in 2026 at the Healthy Hub (four people), one in 2025, one at another hub;
    three referrals from two of the 2026 contacts."""
    hub = make_hub(partnership, "healthy-hub", name="Healthy Hub")
    other = make_hub(partnership, "pop-up-hub", name="Pop-up Hub", kind="pop-up")
    first = HubPartner.objects.create(hub=hub, name="Herts Mind Network")
    second = HubPartner.objects.create(hub=hub, name="Citizens Advice")
    contacts = [
        make_contact(
            hub,
            "2026-01-10",
            "a",
            "female",
            "45-54",
            "walk-in",
            needs=["mental-health", "money"],
            lsoa="E01023720",
            ward="E05012345",
            deprivation_decile=2,
        ),
        make_contact(
            hub,
            "2026-02-11",
            "a",
            "female",
            "45-54",
            "exercise-referral",
            needs=["physical-activity"],
            exercise_reason="weight-loss",
        ),
        make_contact(hub, "2026-03-12", "b", "male", "65-74", "self-referral", needs=["mental-health"]),
        make_contact(hub, "2026-03-13", "c", "female", "25-34", "partner-appointment", partner=first),
        make_contact(hub, "2026-04-14", "d", "not-stated", "45-54", "partner-appointment", partner=second),
        make_contact(hub, "2025-06-01", "e", "male", "45-54", "walk-in", needs=["housing"]),
        make_contact(other, "2026-02-01", "a", "female", "45-54", "walk-in", needs=["alcohol"]),
    ]
    make_referral(contacts[0], "stop-smoking", "attended", "R-AAAA-AAAA")
    make_referral(contacts[0], "debt-advice", "declined", "R-AAAA-AAAB")
    make_referral(contacts[2], "stop-smoking", "did-not-attend", "R-AAAA-AAAC")
    return FigureWorld(hub=hub, other_hub=other, contacts=contacts)
