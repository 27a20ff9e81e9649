"""Keeping each hub's daily summary up to date: the counts a dashboard adds up (``HubDayTotal``) and
the sets of distinct clients it unites (``HubDayClients``), one day at a time.

Whoever writes visits or referrals calls ``hub_daily_totals_refresh`` with the days they touched,
inside their own transaction: those days are counted again from the visits, set-based (a few grouped
queries), and their rows replaced. Recounting a day instead of adding one to a counter keeps the
summary right whatever the change was (a correction moving a visit to another day or route, a
referral changing status) and makes a refresh safe to repeat. The hub's row is locked first, so two
writers at one hub refresh one after the other and the second counts what the first committed.

``hub_daily_totals_rebuild`` recounts every day of a hub (``wellboard hub refresh-totals``), month by
month so that memory stays bounded. See docs/adr/0015-hub-daily-totals.md.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter, defaultdict
from collections.abc import Iterable, Iterator

import numpy as np
from django.db import transaction
from django.db.models import Count, Max, Min, QuerySet

from wellboard.core.access import Actor
from wellboard.core.errors import NotFound, PermissionDenied
from wellboard.hub.models import (
    Contact,
    DayDimension,
    Hub,
    HubClient,
    HubDayClients,
    HubDayTotal,
    Referral,
)

D = DayDimension
CHUNK = 400  # days (or keys) per query, well under SQLite's limit on parameters
_Key = tuple[dt.date, str, str, str]  # day, route, dimension, value


def _needs(value: object) -> set[str]:
    return {str(code) for code in value} if isinstance(value, list) else set()


def _totals(contacts: QuerySet[Contact], referrals: QuerySet[Referral]) -> Counter[_Key]:
    """The day totals of some visits and their referrals, in four grouped queries."""
    totals: Counter[_Key] = Counter()
    for day, route, sex, age, reason, partner, n in (
        contacts.order_by()
        .values("date", "route", "sex", "age_band", "exercise_reason", "partner_id")
        .annotate(n=Count("pk"))
        .values_list("date", "route", "sex", "age_band", "exercise_reason", "partner_id", "n")
    ):
        totals[(day, route, D.CONTACTS, "")] += n
        totals[(day, route, D.SEX, sex)] += n
        totals[(day, route, D.AGE, age)] += n
        if reason:
            totals[(day, route, D.REASON, reason)] += n
        if partner is not None:
            totals[(day, route, D.PARTNER, str(partner))] += n
    for day, route, needs, n in (
        contacts.order_by()
        .values("date", "route", "needs")
        .annotate(n=Count("pk"))
        .values_list("date", "route", "needs", "n")
    ):
        for code in _needs(needs):
            totals[(day, route, D.NEED, code)] += n
    for day, route, ward, decile, n in (
        contacts.order_by()
        .values("date", "route", "ward", "deprivation_decile")
        .annotate(n=Count("pk"))
        .values_list("date", "route", "ward", "deprivation_decile", "n")
    ):
        # Blank ward and unknown decile are kept as "" and counted as "unknown" when read.
        totals[(day, route, D.WARD, ward or "")] += n
        totals[(day, route, D.DECILE, "" if decile is None else str(decile))] += n
    referred: dict[tuple[dt.date, str], set[int]] = defaultdict(set)
    for day, route, contact, service, status, needs, n in (
        referrals.order_by()
        .values("contact__date", "contact__route", "contact_id", "service_id", "status", "contact__needs")
        .annotate(n=Count("pk"))
        .values_list(
            "contact__date", "contact__route", "contact_id", "service_id", "status", "contact__needs", "n"
        )
    ):
        referred[(day, route)].add(contact)
        totals[(day, route, D.REFERRAL_SERVICE, f"{service} {status}")] += n
        for code in _needs(needs):
            totals[(day, route, D.REFERRAL_NEED, f"{code} {status}")] += n
    for (day, route), visits in referred.items():
        totals[(day, route, D.REFERRED, "")] += len(visits)
    return totals


def _client_numbers(partnership_id: int, keys: set[str]) -> dict[str, int]:
    """The number of each client key in the partnership, numbering the keys not seen before."""
    wanted = sorted(keys)
    numbers: dict[str, int] = {}
    for start in range(0, len(wanted), CHUNK):
        part = wanted[start : start + CHUNK]
        numbers.update(
            HubClient.objects.filter(partnership_id=partnership_id, key__in=part).values_list("key", "pk")
        )
    new = [key for key in wanted if key not in numbers]
    if new:
        HubClient.objects.bulk_create(
            [HubClient(partnership_id=partnership_id, key=key) for key in new],
            batch_size=1000,
            ignore_conflicts=True,  # numbered meanwhile by an import at another of its hubs
        )
        for start in range(0, len(new), CHUNK):
            part = new[start : start + CHUNK]
            numbers.update(
                HubClient.objects.filter(partnership_id=partnership_id, key__in=part).values_list("key", "pk")
            )
    return numbers


def _client_sets(partnership_id: int, contacts: QuerySet[Contact]) -> dict[tuple[dt.date, str], bytes]:
    """Each day and route's distinct clients, as sorted 64-bit client numbers."""
    found: dict[tuple[dt.date, str], set[str]] = defaultdict(set)
    for day, route, key in contacts.order_by().values_list("date", "route", "client_key").distinct():
        found[(day, route)].add(key)
    numbers = _client_numbers(partnership_id, set().union(*found.values()) if found else set())
    return {
        group: np.sort(np.fromiter((numbers[key] for key in keys), dtype="<i8", count=len(keys))).tobytes()
        for group, keys in found.items()
    }


def _chunks(days: list[dt.date]) -> Iterator[list[dt.date]]:
    for start in range(0, len(days), CHUNK):
        yield days[start : start + CHUNK]


def _recount(hub: Hub, days: list[dt.date], contacts: QuerySet[Contact]) -> None:
    """Replace the summary rows of ``days`` by a count of ``contacts`` (the hub's visits on them)."""
    HubDayTotal.objects.filter(hub_id=hub.pk, date__in=days).delete()
    HubDayClients.objects.filter(hub_id=hub.pk, date__in=days).delete()
    referrals = Referral.objects.filter(contact__in=contacts.order_by().values("pk"))
    totals = _totals(contacts, referrals)
    HubDayTotal.objects.bulk_create(
        [
            HubDayTotal(hub_id=hub.pk, date=day, route=route, dimension=dimension, value=value, count=n)
            for (day, route, dimension, value), n in sorted(totals.items())
        ],
        batch_size=2000,
    )
    HubDayClients.objects.bulk_create(
        [
            HubDayClients(hub_id=hub.pk, date=day, route=route, clients=clients)
            for (day, route), clients in sorted(_client_sets(hub.partnership_id, contacts).items())
        ],
        batch_size=1000,
    )


def _locked_hub(hub_id: int) -> Hub | None:
    return Hub.objects.select_for_update().filter(pk=hub_id).first()


@transaction.atomic
def hub_daily_totals_refresh(hub_id: int, dates: Iterable[dt.date]) -> None:
    """Count ``dates`` of the hub afresh, in the caller's transaction. Called by every writer of
    visits or referrals with the days it touched (a visit's old and new day when it moves)."""
    days = sorted(set(dates))
    hub = _locked_hub(hub_id)
    if hub is None or not days:
        return
    for part in _chunks(days):
        _recount(hub, part, Contact.objects.filter(hub_id=hub_id, date__in=part))


def _months(first: dt.date, last: dt.date) -> Iterator[tuple[dt.date, dt.date]]:
    start = first.replace(day=1)
    while start <= last:
        following = (start + dt.timedelta(days=32)).replace(day=1)
        yield start, following - dt.timedelta(days=1)
        start = following


@transaction.atomic
def hub_daily_totals_rebuild(hub_id: int) -> int:
    """Count every day of the hub afresh (after a bulk load, or to check the summary); returns how
    many summary rows the hub has now."""
    hub = _locked_hub(hub_id)
    if hub is None:
        return 0
    HubDayTotal.objects.filter(hub_id=hub_id).delete()
    HubDayClients.objects.filter(hub_id=hub_id).delete()
    span = Contact.objects.filter(hub_id=hub_id).aggregate(first=Min("date"), last=Max("date"))
    if span["first"] is not None:
        for start, end in _months(span["first"], span["last"]):
            contacts = Contact.objects.filter(hub_id=hub_id, date__gte=start, date__lte=end)
            days = [start + dt.timedelta(days=n) for n in range((end - start).days + 1)]
            _recount(hub, days, contacts)
    return HubDayTotal.objects.filter(hub_id=hub_id).count()


def hub_totals_rebuild(*, by: Actor, hub: Hub) -> int:
    """``wellboard hub refresh-totals``: the operator rebuilds a hub's summary from its visits. The
    summary is derived data with no history of its own, so the rebuild is not an audited change."""
    if not by.via_cli:
        raise PermissionDenied("Only the operator rebuilds a hub's daily totals")
    if hub.partnership_id != by.partnership_id:
        raise NotFound("hub")
    return hub_daily_totals_rebuild(hub.pk)
