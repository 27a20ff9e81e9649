"""The demo's four hubs, all run by Stevenage Leisure, as the hub's write-up describes them and their
plans: the Stevenage Healthy Hub at the Arts and Leisure Centre, open six days a week, used by the
partner organisations that hold appointments there; the Young People's Healthy Hub at the Mariotts
School Sport Centre for ages 11 to 16, open after school and on Saturday mornings, with the onward
pathway the write-up names (CAMHS, Herts Young Carers, Kooth, ADASH, The Living Room, stop smoking
support); and two pop-up hubs that took it to other secondary schools from September 2026, one
lunchtime and afternoon a week in term time. Kemi Adebayo works at all four.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from wellboard.demo import DemoContext
from wellboard.demo.strategy_data import LEISURE
from wellboard.hub.models import Hub, HubKind, Weekday
from wellboard.hub.services import (
    hub_create,
    hub_partner_add,
    hub_session_add,
    hub_site_add,
    hub_worker_assign,
)

TERM_TIME = "Term time only"
# (weekday, opens, closes, note)
Session = tuple[int, str, str, str]


@dataclass(frozen=True)
class DemoHub:
    slug: str
    name: str
    kind: str
    age_from: int | None
    age_to: int | None
    site: str
    sessions: tuple[Session, ...]
    members: tuple[str, ...]  # member organisations that work there, by short name
    outside: tuple[str, ...]  # organisations outside the partnership that work there
    opened: dt.date  # the first day it saw visitors in the demo's year


WEEKDAYS_9_TO_8 = tuple((day, "09:00", "20:00", "") for day in range(Weekday.MONDAY, Weekday.SATURDAY))

MAIN = DemoHub(
    slug="healthy-hub",
    name="Stevenage Healthy Hub",
    kind=HubKind.MAIN,
    age_from=16,
    age_to=None,
    site="Stevenage Arts and Leisure Centre",
    sessions=(*WEEKDAYS_9_TO_8, (Weekday.SATURDAY, "09:00", "13:00", "Drop-in and exercise classes")),
    # Eighteen organisations use the Healthy Hub, the write-up says: the NHS, public health and
    # voluntary groups among them.
    members=(
        "mind-in-mid-herts",
        "stevenage-citizens-advice",
        "the-living-room",
        "home-start-stevenage",
        "stevenage-primary-care-networks",
        "east-and-north-hertfordshire-nhs-trust",
        "hertfordshire-county-council",
        "stevenage-helps",
        "ymca-central-hertfordshire",
        "stevenage-community-careline",
        "the-family-centre",
        "hertfordshire-sports-partnership",
        "groundwork-hertfordshire",
        "stevenage-cvs",
        "stevenage-football-foundation",
        "stevenage-world-forum-for-ethnic-communities",
    ),
    outside=("Hertfordshire Stop Smoking Service", "Carers in Hertfordshire"),
    opened=dt.date(2025, 12, 1),
)
YOUNG = DemoHub(
    slug="young-peoples-hub",
    name="Young People's Healthy Hub",
    kind=HubKind.YOUNG_PEOPLE,
    age_from=11,
    age_to=16,
    site="Mariotts School Sport Centre",
    sessions=(
        (Weekday.MONDAY, "15:30", "18:00", TERM_TIME),
        (Weekday.WEDNESDAY, "15:30", "18:00", TERM_TIME),
        (Weekday.SATURDAY, "10:00", "13:00", "Open play, all year"),
    ),
    members=("the-living-room",),
    outside=("CAMHS", "Herts Young Carers", "Kooth", "ADASH", "Hertfordshire Stop Smoking Service"),
    opened=dt.date(2025, 12, 1),
)
NOBEL = DemoHub(
    slug="pop-up-nobel",
    name="Pop-up Hub at The Nobel School",
    kind=HubKind.POP_UP,
    age_from=11,
    age_to=16,
    site="The Nobel School",
    sessions=((Weekday.TUESDAY, "12:30", "15:30", TERM_TIME),),
    members=("the-nobel-school",),
    outside=("Kooth",),
    opened=dt.date(2026, 9, 7),
)
BARNWELL = DemoHub(
    slug="pop-up-barnwell",
    name="Pop-up Hub at Barnwell School",
    kind=HubKind.POP_UP,
    age_from=11,
    age_to=16,
    site="Barnwell School",
    sessions=((Weekday.THURSDAY, "12:30", "15:30", TERM_TIME),),
    members=(),
    outside=("Kooth", "Herts Young Carers"),
    opened=dt.date(2026, 9, 7),
)
HUBS = (MAIN, YOUNG, NOBEL, BARNWELL)


def create_hub(ctx: DemoContext, spec: DemoHub) -> Hub:
    """The hub, its site and weekly sessions, its partners, and the demo's hub worker."""
    hub = hub_create(
        by=ctx.actor,
        slug=spec.slug,
        name=spec.name,
        organisation=ctx.organisations[LEISURE],
        kind=spec.kind,
        age_from=spec.age_from,
        age_to=spec.age_to,
    )
    site = hub_site_add(by=ctx.actor, hub=hub, name=spec.site)
    for weekday, opens, closes, note in spec.sessions:
        hub_session_add(by=ctx.actor, site=site, weekday=weekday, opens=opens, closes=closes, note=note)
    for slug in spec.members:
        if slug in ctx.organisations:
            hub_partner_add(by=ctx.actor, hub=hub, organisation=ctx.organisations[slug])
    for name in spec.outside:
        hub_partner_add(by=ctx.actor, hub=hub, name=name)
    if "hub" in ctx.users:
        hub_worker_assign(by=ctx.actor, hub=hub, user=ctx.users["hub"])
    return hub
