"""Directory services and the organisations that run them."""

from __future__ import annotations

import datetime as dt

from wellboard.directory.models import Service, ServiceOrganisation
from wellboard.partners.models import Partnership


def make_service_organisation(
    partnership: Partnership, name: str = "Stevenage Carers Trust"
) -> ServiceOrganisation:
    organisation, _ = ServiceOrganisation.objects.get_or_create(partnership=partnership, name=name)
    return organisation


def make_service(
    partnership: Partnership,
    slug: str = "carers-drop-in",
    *,
    name: str = "",
    organisation: ServiceOrganisation | None = None,
    referral_email: str = "referrals@carers.example.org",
    last_verified: dt.date | None = None,
    published: bool = True,
) -> Service:
    return Service.objects.create(
        partnership=partnership,
        slug=slug,
        name=name or slug.replace("-", " ").capitalize(),
        organisation=organisation or make_service_organisation(partnership),
        referral_email=referral_email,
        last_verified=last_verified,
        published=published,
    )
