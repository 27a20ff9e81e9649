"""The service directory: thirty invented services for Stevenage, loaded the way a partnership would
load another directory's feed, through the Open Referral UK importer, from ``data/directory_oruk.json``.

The services are the kinds the partnership's documents name (stop smoking, weight management, falls
prevention, talking therapies, Chatty Cafés, carers' and young carers' support, debt advice) and the
organisations that run them, some of them members of the partnership. Every contact detail is
invented: example.org addresses and 01438 000 numbers. A few entries were last verified long ago (and
one never), so the directory shows what "out of date" looks like. Referral emails, which Open Referral
has no field for, are set afterwards on the services that take referrals, and one internal service is
kept out of the public feed.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from wellboard.core import clock
from wellboard.demo import DemoContext
from wellboard.directory.importers.oruk import oruk_import
from wellboard.directory.selectors import service_list
from wellboard.directory.services import service_update

FEED = Path(__file__).parent / "data" / "directory_oruk.json"
IMPORTED_AT = dt.datetime(2026, 11, 16, 10, tzinfo=clock.LONDON)

# The services other parts of the demo refer people to, by short name, and where referrals go.
REFERRAL_EMAILS = {
    "camhs-single-point-of-access": "referrals@camhs.example.org",
    "young-carers-support": "referrals@youngcarers.example.org",
    "kooth-online-counselling": "referrals@kooth.example.org",
    "young-peoples-substance-misuse-service": "referrals@spectrum.example.org",
    "stop-smoking-service": "referrals@smokefree.example.org",
    "citizens-advice-stevenage": "referrals@cab.example.org",
    "chatty-cafe": "referrals@helps.example.org",
    "weight-management-programme": "referrals@leisure.example.org",
    "debt-and-money-advice": "referrals@cab.example.org",
    "carers-drop-in": "referrals@carers.example.org",
    "talking-therapies": "referrals@talking.example.org",
    "falls-prevention-classes": "referrals@leisure.example.org",
    "befriending-calls": "referrals@mind.example.org",
    "home-start-family-support": "referrals@homestart.example.org",
    "exercise-on-referral": "referrals@leisure.example.org",
    "emergency-food-parcels": "referrals@foodbank.example.org",
}
UNPUBLISHED = ("adult-social-care-front-door",)


def load(ctx: DemoContext) -> None:
    coordinator = ctx.actor_for("coordinator")
    with clock.frozen_at(IMPORTED_AT):
        report = oruk_import(by=coordinator, data=FEED.read_bytes(), filename=FEED.name, dry_run=False)
        if not report.ok:
            raise RuntimeError("The demo directory did not import:\n" + "\n".join(report.summary_lines()))
        services = {service.slug: service for service in service_list(actor=coordinator)}
        for slug, email in REFERRAL_EMAILS.items():
            service_update(
                by=coordinator, service=services[slug], expected_version=None, referral_email=email
            )
        for slug in UNPUBLISHED:
            service_update(by=coordinator, service=services[slug], expected_version=None, published=False)
    ctx.shared["directory"] = {slug: service.pk for slug, service in services.items()}
    ctx.log(f"    {len(services)} services in the directory")
