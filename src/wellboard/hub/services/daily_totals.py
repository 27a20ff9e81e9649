"""Keeping each hub's daily summary up to date: one ``HubDayTotal`` row per hub, day and route, with
the counts a dashboard adds up and the set of distinct clients it unites.

Whoever writes visits or referrals calls ``hub_daily_totals_refresh`` with the days they touched,
inside their own transaction: those days are counted again from the visits, set-based (a few grouped
queries), and their rows replaced. Recounting a day instead of adding one to a counter keeps the
summary right whatever the change was (a correction moving a visit to another day or route, a
referral changing status) and makes a refresh safe to repeat. The hub's row is locked first, so two
writers at one hub refresh one after the other and the second counts what the first committed.

``hub_daily_totals_rebuild`` recounts every day of a hub (``wellboard hub refresh-totals``), month by
month so that memory stays bounded. See docs/adr/0016-hub-daily-totals.md.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter, defaultdict
from collections.abc import Iterable, Iterator

import numpy as np
from django.db import connection, transaction
from django.db.models import Count, Max, Min, QuerySet

from wellboard.core.access import Actor
from wellboard.core.errors import NotFound, PermissionDenied
from wellboard.hub.models import (
    Contact,
    DayDimension,
    Hub,
    HubClient,
    HubDayTotal,
    HubTotalKey,
    Referral,
)
from wellboard.hub.services._daily_totals_postgres import day_client_sets, day_totals

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


def _number_new_clients(partnership_id: int, keys: list[str]) -> None:
    """Give each of ``keys`` a number in the partnership, unless it has one (perhaps given meanwhile
    by a writer at another of its hubs). Plain SQL: a rebuild numbers every client of a hub at once,
    and making a model object for each would take longer than the insert."""
    table = connection.ops.quote_name(HubClient._meta.db_table)
    columns = ", ".join(connection.ops.quote_name(c) for c in ("partnership_id", "key"))
    with connection.cursor() as cursor:
        for start in range(0, len(keys), 5000):
            cursor.executemany(
                f"INSERT INTO {table} ({columns}) VALUES (%s, %s) ON CONFLICT DO NOTHING",  # noqa: S608
                [(partnership_id, key) for key in keys[start : start + 5000]],
            )


def _client_numbers(
    partnership_id: int, keys: set[str], known: dict[str, int] | None = None
) -> dict[str, int]:
    """The number of each client key in the partnership, numbering the keys not seen before.
    ``known``: numbers read already (a rebuild reads them all once), kept up to date here."""
    numbers = known if known is not None else {}
    wanted = sorted(keys - numbers.keys())
    mine = HubClient.objects.filter(partnership_id=partnership_id)
    for attempt in range(2):
        if len(wanted) > 10 * CHUNK:  # many (an import, a rebuild): all the partnership's in one read
            numbers.update(mine.values_list("key", "pk"))
        else:
            for start in range(0, len(wanted), CHUNK):
                numbers.update(mine.filter(key__in=wanted[start : start + CHUNK]).values_list("key", "pk"))
        wanted = [key for key in wanted if key not in numbers]
        if not wanted or attempt:
            break
        _number_new_clients(partnership_id, wanted)
    return numbers


def _client_sets(
    partnership_id: int, contacts: QuerySet[Contact], known: dict[str, int] | None = None
) -> dict[tuple[dt.date, str], bytes]:
    """Each day and route's distinct clients, as sorted 64-bit client numbers."""
    found: dict[tuple[dt.date, str], set[str]] = defaultdict(set)
    for day, route, key in contacts.order_by().values_list("date", "route", "client_key").distinct():
        found[(day, route)].add(key)
    numbers = _client_numbers(partnership_id, set().union(*found.values()) if found else set(), known)
    return {
        group: np.sort(np.fromiter((numbers[key] for key in keys), dtype="<i8", count=len(keys))).tobytes()
        for group, keys in found.items()
    }


def _key_ids(wanted: set[tuple[str, str]]) -> dict[tuple[str, str], int]:
    """The ``HubTotalKey`` id of each (dimension, value), adding those not seen before."""
    values = sorted({value for _dimension, value in wanted})
    ids: dict[tuple[str, str], int] = {}

    def look() -> None:
        for start in range(0, len(values), CHUNK):
            for dimension, value, pk in HubTotalKey.objects.filter(
                value__in=values[start : start + CHUNK]
            ).values_list("dimension", "value", "pk"):
                if (dimension, value) in wanted:
                    ids[(dimension, value)] = pk

    look()
    new = wanted - ids.keys()
    if new:
        HubTotalKey.objects.bulk_create(
            [HubTotalKey(dimension=dimension, value=value) for dimension, value in sorted(new)],
            ignore_conflicts=True,  # added meanwhile by a writer at another hub
        )
        look()
    return ids


def pack_counts(counts: Counter[tuple[str, str]], ids: dict[tuple[str, str], int]) -> bytes:
    """A day's counts as (key id, count) pairs of little-endian 32-bit integers, one pair after the
    other, so that many days' counts joined end to end are still pairs."""
    pairs = sorted((ids[key], n) for key, n in counts.items() if n)
    return np.array(pairs, dtype="<u4").reshape(-1, 2).tobytes()


def _chunks(days: list[dt.date]) -> Iterator[list[dt.date]]:
    for start in range(0, len(days), CHUNK):
        yield days[start : start + CHUNK]


def _recount(
    hub: Hub, days: list[dt.date], contacts: QuerySet[Contact], known: dict[str, int] | None = None
) -> None:
    """Replace the summary rows of ``days`` by a count of ``contacts`` (the hub's visits on them);
    ``known``: client numbers read already. PostgreSQL counts on the server (``_daily_totals_postgres``);
    SQLite, where reading rows is cheap, counts here."""
    HubDayTotal.objects.filter(hub_id=hub.pk, date__in=days).delete()
    on_postgres = connection.vendor == "postgresql"
    if on_postgres:
        totals = day_totals(hub.pk, days)
    else:
        totals = _totals(contacts, Referral.objects.filter(contact__in=contacts.order_by().values("pk")))
    groups: dict[tuple[dt.date, str], Counter[tuple[str, str]]] = defaultdict(Counter)
    for (day, route, dimension, value), n in totals.items():
        groups[(day, route)][(dimension, value)] += n
    if not groups:
        return
    ids = _key_ids(set().union(*(group.keys() for group in groups.values())))
    if on_postgres:
        clients = day_client_sets(hub.partnership_id, hub.pk, days)
    else:
        clients = _client_sets(hub.partnership_id, contacts, known)
    HubDayTotal.objects.bulk_create(
        [
            HubDayTotal(
                hub_id=hub.pk,
                date=day,
                route=route,
                contacts=counts[(D.CONTACTS, "")],
                counts=pack_counts(counts, ids),
                clients=clients.get((day, route), b""),
            )
            for (day, route), counts in sorted(groups.items())
        ],
        batch_size=500,
    )


def _locked_hub(hub_id: int) -> Hub | None:
    # NO KEY UPDATE: summary writers wait for each other, but not for writers of visits holding the
    # hub with ``hub_lock_for_visits``.
    return Hub.objects.select_for_update(no_key=True).filter(pk=hub_id).first()


def hub_lock_for_visits(hub_id: int) -> None:
    """Keep the hub from being deleted until the caller's transaction ends. Visits refer to their hub
    without a database check (docs/adr/0018-contact-hub-checked-by-writers.md), so every writer of new
    visits takes this lock (PostgreSQL's ``FOR KEY SHARE``, what that check took) before writing them.
    SQLite has one writer at a time, and needs nothing."""
    if connection.vendor != "postgresql":
        return
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT 1 FROM {connection.ops.quote_name(Hub._meta.db_table)} WHERE id = %s FOR KEY SHARE",  # noqa: S608
            [hub_id],
        )


@transaction.atomic
def hub_daily_totals_refresh(hub_id: int, dates: Iterable[dt.date]) -> None:
    """Count ``dates`` of the hub afresh, in the caller's transaction. Called by every writer of
    visits or referrals with the days it touched (a visit's old and new day when it moves)."""
    days = sorted(set(dates))
    hub = _locked_hub(hub_id)
    if hub is None or not days:
        return
    # PostgreSQL takes the days as one array parameter, so an import's days are counted in one pass.
    parts: Iterable[list[dt.date]] = [days] if connection.vendor == "postgresql" else _chunks(days)
    for part in parts:
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
    span = Contact.objects.filter(hub_id=hub_id).aggregate(first=Min("date"), last=Max("date"))
    if span["first"] is not None:
        known: dict[str, int] = {}
        if connection.vendor != "postgresql":
            # Every client of the hub numbered at once, rather than a few hundred at a time per month.
            keys = set(
                Contact.objects.filter(hub_id=hub_id)
                .order_by()
                .values_list("client_key", flat=True)
                .distinct()
            )
            _client_numbers(hub.partnership_id, keys, known)
        for start, end in _months(span["first"], span["last"]):
            contacts = Contact.objects.filter(hub_id=hub_id, date__gte=start, date__lte=end)
            days = [start + dt.timedelta(days=n) for n in range((end - start).days + 1)]
            _recount(hub, days, contacts, known)
    return HubDayTotal.objects.filter(hub_id=hub_id).count()


def hub_totals_rebuild(*, by: Actor, hub: Hub) -> int:
    """``wellboard hub refresh-totals``: the operator rebuilds a hub's summary from its visits. The
    summary is derived data with no history of its own, so the rebuild is not an audited change."""
    if not by.via_cli:
        raise PermissionDenied("Only the operator rebuilds a hub's daily totals")
    if hub.partnership_id != by.partnership_id:
        raise NotFound("hub")
    return hub_daily_totals_rebuild(hub.pk)
