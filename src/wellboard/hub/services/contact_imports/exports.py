"""Every visit of a hub, for an export: read in chunks as it is written out, never all at once.

Reading contact rows is audited like any read of them, here with one event for the whole export:
how many visits it holds and the newest visit's id, so the event says exactly which rows were read
(the hub's visits up to that id; one recorded while the export runs is not in it). The event is
written when the export is asked for, before the first row is read.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from itertools import islice
from typing import NamedTuple

from django.db.models import Count, Max

from wellboard.core.access import Actor
from wellboard.core.audit import audit_record
from wellboard.hub.models import Contact, Hub, Referral
from wellboard.hub.selectors import contact_hub_check

CHUNK = 2_000


class ExportedVisit(NamedTuple):
    date: dt.date
    client_key: str
    sex: str
    age_band: str
    lsoa: str
    route: str
    needs: list[str]
    exercise_reason: str
    partner: str  # the partner organisation's name, or ''
    referred_to: list[str]  # the short names of the services referred to, in order
    site: str  # the site's name, or ''


def contacts_for_export(*, by: Actor, hub: Hub) -> tuple[int, Iterator[ExportedVisit]]:
    """How many visits ``hub`` has, and every one of them, oldest first, for someone allowed to see
    them. The read is audited now, once; the rows are read as the iterator is consumed."""
    contact_hub_check(actor=by, hub=hub)
    found = Contact.objects.filter(hub=hub).aggregate(count=Count("pk"), last=Max("pk"))
    count, last = int(found["count"] or 0), found["last"]
    audit_record(
        by=by,
        action="contact.read",
        obj=hub,
        after={"contacts": count, "up_to_id": last},
        note="export",
        read_only=True,
    )
    return count, (_visits(hub, last) if last is not None else iter(()))


def _visits(hub: Hub, last: int) -> Iterator[ExportedVisit]:
    rows = (
        Contact.objects.filter(hub=hub, pk__lte=last)
        .order_by("date", "pk")
        .values_list(
            "pk",
            "date",
            "client_key",
            "sex",
            "age_band",
            "lsoa",
            "route",
            "needs",
            "exercise_reason",
            "partner__organisation__name",
            "partner__name",
            "site__name",
        )
        .iterator(chunk_size=CHUNK)
    )
    while chunk := list(islice(rows, CHUNK)):
        referred: dict[int, list[str]] = {}
        for contact_id, slug in (
            Referral.objects.filter(contact_id__in=[row[0] for row in chunk])
            .order_by("contact_id", "service__slug")
            .values_list("contact_id", "service__slug")
        ):
            referred.setdefault(contact_id, []).append(slug)
        for pk, day, key, sex, band, lsoa, route, needs, reason, member, named, site in chunk:
            yield ExportedVisit(
                day,
                key,
                sex,
                band,
                lsoa,
                route,
                list(needs or ()),
                reason,
                member or named or "",
                referred.get(pk, []),
                site or "",
            )
