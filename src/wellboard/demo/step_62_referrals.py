"""Onward referrals from the demo hubs' visits to the services in the partnership's directory, followed
until the loop is closed.

The hub worker refers people who walked in, referred themselves or came from their GP to the service
their need calls for: young people to CAMHS, young carers' support, Kooth or the substance misuse
service; adults to stop smoking, Citizens Advice, a Chatty Cafe, weight management, debt advice, the
carers' drop-in, talking therapies or falls prevention classes. The referrals stand in every status
as the partnership stood on the demo's date: the newest still sent, older ones accepted, declined,
attended, missed or closed. For some, the hub sent the service its status link and the service set
the status itself.

The directory's services come from the directory step; this step looks them up by their short names
and stops, naming the missing ones, if any is not there.
"""

from __future__ import annotations

import datetime as dt
import random
from collections.abc import Sequence

from wellboard.core import clock
from wellboard.core.access import Actor
from wellboard.demo import DemoContext
from wellboard.directory.models import Service
from wellboard.hub.models import Contact, Hub, Referral
from wellboard.hub.services import referral_link_send, referral_send, referral_status_set
from wellboard.hub.services.referrals import referral_link_token, referral_status_set_via_link

YOUNG_SERVICES = (
    "camhs-single-point-of-access",
    "young-carers-support",
    "kooth-online-counselling",
    "young-peoples-substance-misuse-service",
)
MAIN_SERVICES = (
    "stop-smoking-service",
    "citizens-advice-stevenage",
    "chatty-cafe",
    "weight-management-programme",
    "debt-and-money-advice",
    "carers-drop-in",
    "talking-therapies",
    "falls-prevention-classes",
)
# The service each need calls for; a need with no service of its own gets none.
YOUNG_NEED_SERVICES = {
    "mental-health": ("camhs-single-point-of-access", "kooth-online-counselling"),
    "carer": ("young-carers-support",),
    "drugs": ("young-peoples-substance-misuse-service",),
}
MAIN_NEED_SERVICES = {
    "smoking": ("stop-smoking-service",),
    "money": ("debt-and-money-advice", "citizens-advice-stevenage"),
    "loneliness": ("chatty-cafe",),
    "weight": ("weight-management-programme",),
    "carer": ("carers-drop-in",),
    "mental-health": ("talking-therapies",),
    "physical-activity": ("falls-prevention-classes",),
}
REFERRED_ROUTES = ("walk-in", "self-referral", "gp-referral")
# What happened to each referral in turn, so that every status is there: each step a few days on.
PLANS: tuple[tuple[str, ...], ...] = (
    ("accepted", "attended", "closed"),
    ("accepted",),
    ("declined",),
    ("accepted", "attended"),
    ("accepted", "did-not-attend"),
    ("declined", "closed"),
    ("accepted", "did-not-attend", "closed"),
    ("closed",),
)
DAYS_PER_STEP = 4
RECENT_DAYS = 7  # referrals sent in the last week have no answer yet
TODAY = dt.date(2026, 11, 23)


class DirectoryServicesMissing(LookupError):
    def __init__(self, missing: Sequence[str]) -> None:
        super().__init__(
            "The referrals step needs these services in the partnership's directory, made by the "
            f"directory step before it: {', '.join(missing)}. Load the directory first."
        )


def directory_services(ctx: DemoContext) -> dict[str, Service]:
    """The directory services the demo refers to, by slug; ``DirectoryServicesMissing`` names any
    that are not there."""
    wanted = (*YOUNG_SERVICES, *MAIN_SERVICES)
    found = {s.slug: s for s in Service.objects.filter(partnership=ctx.partnership, slug__in=wanted)}
    missing = [slug for slug in wanted if slug not in found]
    if missing:
        raise DirectoryServicesMissing(missing)
    return found


def _at(day: dt.date) -> dt.datetime:
    return dt.datetime.combine(day, dt.time(11), tzinfo=clock.LONDON)


def _candidates(hub: Hub, needs: dict[str, tuple[str, ...]]) -> list[Contact]:
    visits = Contact.objects.filter(hub=hub, route__in=REFERRED_ROUTES).order_by("date", "pk")
    return [c for c in visits if any(need in needs for need in c.needs)]


def _follow(worker: Actor, referral: Referral, plan: tuple[str, ...], *, by_link: bool) -> None:
    """Move ``referral`` along ``plan``, at the hub or (``by_link``) by the service through the
    link the hub sent it the day after referring."""
    token = ""
    if by_link:
        with clock.frozen_at(_at(min(referral.sent_on + dt.timedelta(days=1), TODAY))):
            referral = referral_link_send(by=worker, referral=referral, expected_version=referral.version)
            token = referral_link_token(referral)
    for step, status in enumerate(plan, start=1):
        day = min(referral.sent_on + dt.timedelta(days=step * DAYS_PER_STEP), TODAY)
        with clock.frozen_at(_at(day)):
            if by_link:
                referral = referral_status_set_via_link(
                    token=token, status=status, on=day, expected_version=referral.version
                )
            else:
                referral = referral_status_set(
                    by=worker, referral=referral, status=status, on=day, expected_version=referral.version
                )


def refer_from(
    ctx: DemoContext,
    hub: Hub,
    services: dict[str, Service],
    needs: dict[str, tuple[str, ...]],
    *,
    limit: int,
) -> list[Referral]:
    """Refer up to ``limit`` of the hub's visits whose need has a service, and follow each one."""
    worker: Actor = ctx.actor_for("hub") if "hub" in ctx.users else ctx.actor
    rng = random.Random(f"{hub.slug}-referrals")  # noqa: S311 (invented referrals, the same every time)
    made: list[Referral] = []
    for contact in _candidates(hub, needs)[-limit:]:
        need = next(n for n in contact.needs if n in needs)
        service = services[rng.choice(needs[need])]
        with clock.frozen_at(_at(contact.date)):
            referral = referral_send(by=worker, contact=contact, service=service, on=contact.date)
        if (TODAY - referral.sent_on).days >= RECENT_DAYS:
            plan = PLANS[len(made) % len(PLANS)]
            by_link = len(made) % 5 == 2 and bool(service.referral_email)
            _follow(worker, referral, plan, by_link=by_link)
        made.append(referral)
    return made


def load(ctx: DemoContext) -> None:
    services = directory_services(ctx)
    hubs = {h.slug: h for h in Hub.objects.filter(partnership=ctx.partnership)}
    if not Contact.objects.filter(hub__partnership=ctx.partnership).exists():
        ctx.log("    Referrals: none, since the hubs have no visits (WELLBOARD_PSEUDONYM_KEY is not set)")
        return
    young = refer_from(ctx, hubs["young-peoples-hub"], services, YOUNG_NEED_SERVICES, limit=16)
    adults = refer_from(ctx, hubs["healthy-hub"], services, MAIN_NEED_SERVICES, limit=32)
    ctx.log(f"    Referrals: {len(adults)} from the main hub, {len(young)} from the young people's hub")
