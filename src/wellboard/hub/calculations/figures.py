"""A hub's contacts counted: how many, by whom, by which route, with which needs, from where.

Every figure is counted in the database, in a few grouped passes over the contacts: Python adds up
the groups (a few hundred), never the contacts, so the cost grows with the rows the database reads
and nothing else (see the benchmark in docs/hub.md). The counts here are exact;
``dashboard.Disclosure`` applies the partnership's disclosure control for readers who are not the
hub's own workers.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from django.db import connection
from django.db.models import Count, F, QuerySet
from django.db.models.functions import Collate

from wellboard.hub.calculations.scope import Scope, contacts_in
from wellboard.hub.codes import AGE_BANDS, EXERCISE_REASONS, NEEDS, YOUNG_AGES, codes_of
from wellboard.hub.models import Contact, Hub, HubKind, Referral, Route, Sex

UNKNOWN = "unknown"  # a decile or ward not known (no LSOA recorded, or one the geography lacks)
WALK_IN_ROUTES = (Route.WALK_IN.value, Route.SELF_REFERRAL.value)


@dataclass(frozen=True)
class HubFigures:
    """Exact counts of the contacts of a scope. Each ``by_*`` maps every code of its list (0 where
    none), then any other code recorded, to the number of contacts."""

    contacts: int
    clients: int
    by_sex: dict[str, int]
    by_age_band: dict[str, int]
    by_route: dict[str, int]
    by_need: dict[str, int]
    by_exercise_reason: dict[str, int]
    referred_on: int
    partner_organisations: int
    partner_appointments: int
    by_deprivation_decile: dict[str, int] = field(default_factory=dict)
    by_ward: dict[str, int] = field(default_factory=dict)
    walk_ins: int = 0  # walk-ins and self-referrals
    walk_in_needs: dict[str, int] = field(default_factory=dict)
    by_partner: dict[int, int] = field(default_factory=dict)  # contacts with each partner, by its id

    def stats(self) -> dict[str, Any]:
        """The figures ``wellboard hub stats`` prints, with exactly its keys."""
        return {
            "contacts": self.contacts,
            "clients": self.clients,
            "by_sex": self.by_sex,
            "by_age_band": self.by_age_band,
            "by_route": self.by_route,
            "by_need": self.by_need,
            "by_exercise_reason": self.by_exercise_reason,
            "referred_on": self.referred_on,
            "partner_organisations": self.partner_organisations,
            "partner_appointments": self.partner_appointments,
        }


def _every(codes: Iterable[str], counted: Counter[str]) -> dict[str, int]:
    """Every code listed, in its order, with its count (0 if none); then codes found that are not listed."""
    listed = list(codes)
    result = {code: int(counted.get(code, 0)) for code in listed}
    for code in sorted(set(counted) - set(listed)):
        result[code] = int(counted[code])
    return result


def age_codes(hubs: Iterable[Hub]) -> list[str]:
    """The age bands a set of hubs records: single years at a young people's hub, bands elsewhere."""
    kinds = {hub.kind for hub in hubs}
    codes: list[str] = []
    if kinds - {HubKind.YOUNG_PEOPLE}:
        codes += codes_of(AGE_BANDS)
    if HubKind.YOUNG_PEOPLE in kinds:
        codes += codes_of(YOUNG_AGES)
    return codes


def needs_of(value: object) -> set[str]:
    """The need codes of a group's list of needs (each counted once)."""
    return {str(code) for code in value} if isinstance(value, list) else set()


def distinct_clients(contacts: QuerySet[Contact]) -> int:
    """How many different client keys. PostgreSQL compares them byte by byte (they are hexadecimal),
    which sorts them far faster than by the database's language rules, to the same count."""
    key: Any = Collate("client_key", "C") if connection.vendor == "postgresql" else F("client_key")
    return int(contacts.order_by().aggregate(n=Count(key, distinct=True))["n"] or 0)


def hub_figures(scope: Scope, hubs: Iterable[Hub], *, areas: bool = True) -> HubFigures:
    """The exact figures of ``scope`` (whose hubs are ``hubs``): a handful of grouped queries.
    ``areas``: also count by ward and deprivation decile (the dashboard does; ``hub stats`` not)."""
    contacts = contacts_in(scope)
    by_sex: Counter[str] = Counter()
    by_age: Counter[str] = Counter()
    by_route: Counter[str] = Counter()
    by_reason: Counter[str] = Counter()
    partners: Counter[int] = Counter()
    by_need: Counter[str] = Counter()
    walk_in_needs: Counter[str] = Counter()
    total = 0
    # One pass for the person's sex and age, the route, the exercise reason and the partner: the
    # combinations are few (a partner only on partner routes, a reason only on exercise referrals),
    # so the cross-tabulation stays small, and each of its rows, not each contact, is added up here.
    for row in (
        contacts.order_by()
        .values("sex", "age_band", "route", "exercise_reason", "partner_id")
        .annotate(n=Count("pk"))
    ):
        n = int(row["n"])
        total += n
        by_sex[row["sex"]] += n
        by_age[row["age_band"]] += n
        by_route[row["route"]] += n
        if row["exercise_reason"]:
            by_reason[row["exercise_reason"]] += n
        if row["partner_id"] is not None:
            partners[int(row["partner_id"])] += n
    # One pass for the needs, grouped by route and the list of needs itself (a few hundred lists at
    # most). Kept apart from the one above: grouped with it, the lists multiply its groups, and
    # PostgreSQL takes several times longer over the two together than over each alone.
    if total:
        for route, needs, count in (
            contacts.order_by()
            .values("route", "needs")
            .annotate(n=Count("pk"))
            .values_list("route", "needs", "n")
        ):
            for code in needs_of(needs):
                by_need[code] += int(count)
                if route in WALK_IN_ROUTES:
                    walk_in_needs[code] += int(count)
    clients = distinct_clients(contacts) if total else 0
    referred_on = (
        Referral.objects.filter(contact__in=contacts.order_by().values("pk"))
        .order_by()
        .values("contact_id")
        .distinct()
        .count()
        if total
        else 0
    )
    by_decile: Counter[str] = Counter()
    by_ward: Counter[str] = Counter()
    if areas and total:
        for ward, decile, n in (
            contacts.order_by()
            .values("ward", "deprivation_decile")
            .annotate(n=Count("pk"))
            .values_list("ward", "deprivation_decile", "n")
        ):
            by_decile[str(decile) if decile is not None else UNKNOWN] += int(n)
            by_ward[ward or UNKNOWN] += int(n)
    hub_list = list(hubs)
    return HubFigures(
        contacts=total,
        clients=clients,
        by_sex=_every(Sex.values, by_sex),
        by_age_band=_every(age_codes(hub_list), by_age),
        by_route=_every(Route.values, by_route),
        by_need=_every(codes_of(NEEDS), by_need),
        by_exercise_reason=_every(codes_of(EXERCISE_REASONS), by_reason),
        referred_on=referred_on,
        partner_organisations=len(partners),
        partner_appointments=int(by_route.get(Route.PARTNER_APPOINTMENT.value, 0)),
        by_deprivation_decile=_every([str(d) for d in range(1, 11)], by_decile) if areas else {},
        by_ward=dict(sorted(by_ward.items())) if areas else {},
        walk_ins=sum(by_route.get(code, 0) for code in WALK_IN_ROUTES),
        walk_in_needs=_every(codes_of(NEEDS), walk_in_needs),
        by_partner=dict(partners),
    )
