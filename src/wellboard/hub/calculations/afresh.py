"""The hub figures counted afresh over the visits themselves, as they were before the daily summary:
the reference the summary is checked against (``wellboard hub refresh-totals --check`` and the tests),
kept independent of the code that writes the summary so that the two can disagree if either is wrong.
Too slow for pages over a large hub (a full pass over the visits of the range): the dashboard and
``hub stats`` read the summary (``figures.hub_figures``)."""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Iterable
from dataclasses import asdict
from typing import Any

from django.db import connection
from django.db.models import Count, F, QuerySet
from django.db.models.functions import Collate

from wellboard.hub.calculations.figures import (
    UNKNOWN,
    WALK_IN_ROUTES,
    HubFigures,
    age_codes,
    every,
    hub_figures,
    needs_of,
)
from wellboard.hub.calculations.referrals import ReferralFigures, outcome_rows, referral_figures
from wellboard.hub.calculations.scope import Scope, contacts_in
from wellboard.hub.calculations.summary import totals_for
from wellboard.hub.codes import EXERCISE_REASONS, NEEDS, codes_of
from wellboard.hub.models import Contact, Hub, Referral, ReferralStatus, Route, Sex


def distinct_clients(contacts: QuerySet[Contact]) -> int:
    """How many different client keys. PostgreSQL compares them byte by byte (they are hexadecimal),
    which sorts them far faster than by the database's language rules, to the same count."""
    key: Any = Collate("client_key", "C") if connection.vendor == "postgresql" else F("client_key")
    return int(contacts.order_by().aggregate(n=Count(key, distinct=True))["n"] or 0)


def hub_figures_afresh(scope: Scope, hubs: Iterable[Hub], *, areas: bool = True) -> HubFigures:
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
        by_sex=every(Sex.values, by_sex),
        by_age_band=every(age_codes(hub_list), by_age),
        by_route=every(Route.values, by_route),
        by_need=every(codes_of(NEEDS), by_need),
        by_exercise_reason=every(codes_of(EXERCISE_REASONS), by_reason),
        referred_on=referred_on,
        partner_organisations=len(partners),
        partner_appointments=int(by_route.get(Route.PARTNER_APPOINTMENT.value, 0)),
        by_deprivation_decile=every([str(d) for d in range(1, 11)], by_decile) if areas else {},
        by_ward=dict(sorted(by_ward.items())) if areas else {},
        walk_ins=sum(by_route.get(code, 0) for code in WALK_IN_ROUTES),
        walk_in_needs=every(codes_of(NEEDS), walk_in_needs),
        by_partner=dict(sorted(partners.items())),  # by id: the same order however counted
    )


def referral_figures_afresh(scope: Scope, *, need_labels: dict[str, str]) -> ReferralFigures:
    """The referrals made from the scope's contacts, counted by service and status, and by the
    contact's needs and status: one grouped query."""
    referrals = Referral.objects.filter(contact__in=contacts_in(scope).order_by().values("pk")).order_by()
    by_service: dict[str, Counter[str]] = defaultdict(Counter)
    service_names: dict[str, str] = {}
    by_status: Counter[str] = Counter()
    by_need: dict[str, Counter[str]] = defaultdict(Counter)
    # One pass: by service, status and the contact's needs.
    for row in referrals.values("service_id", "service__name", "status", "contact__needs").annotate(
        n=Count("pk")
    ):
        key, status, n = str(row["service_id"]), str(row["status"]), int(row["n"])
        service_names[key] = str(row["service__name"])
        by_service[key][status] += n
        by_status[status] += n
        for code in needs_of(row["contact__needs"]):
            by_need[code][status] += n
    return ReferralFigures(
        total=sum(by_status.values()),
        by_status={status: int(by_status.get(status, 0)) for status in ReferralStatus.values},
        by_service=outcome_rows(by_service, service_names),
        by_need=outcome_rows(by_need, need_labels),
    )


def summary_differences(scope: Scope, hubs: list[Hub]) -> list[str]:
    """Each figure of ``scope`` on which the daily summary and a count afresh disagree, as
    "name: summary …, afresh …" (none when the summary is right)."""
    totals = totals_for(scope)
    labels = dict(NEEDS)
    pairs = [
        (asdict(hub_figures(scope, hubs, totals=totals)), asdict(hub_figures_afresh(scope, hubs))),
        (
            asdict(referral_figures(scope, need_labels=labels, totals=totals)),
            asdict(referral_figures_afresh(scope, need_labels=labels)),
        ),
    ]
    found = []
    for summary, afresh in pairs:
        for name in summary:
            if summary[name] != afresh[name]:
                found.append(f"{name}: summary {summary[name]}, afresh {afresh[name]}")
    return found
