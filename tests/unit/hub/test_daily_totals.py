"""The hubs' daily summary gives exactly the figures a count over the visits gives: for any visits,
referrals, corrections, dates, routes and hubs, exactly and through each disclosure rule."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import asdict

import pytest
from django.db import connection
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.factories.directory import make_service
from tests.factories.hub import make_hub
from wellboard.core import clock
from wellboard.core.access import Actor
from wellboard.directory.models import Service
from wellboard.hub.calculations import (
    DashboardFigures,
    Disclosure,
    Scope,
    hub_figures,
    hub_figures_afresh,
    money_figures,
    referral_figures,
    referral_figures_afresh,
    totals_for,
)
from wellboard.hub.calculations.afresh import summary_differences
from wellboard.hub.codes import NEEDS
from wellboard.hub.models import Contact, Hub, HubDayTotal, HubPartner, Referral, Route
from wellboard.hub.services import contact_correct, contact_record, referral_send, referral_status_set
from wellboard.hub.services._daily_totals_postgres import day_totals
from wellboard.hub.services.daily_totals import _totals as portable_totals
from wellboard.hub.services.daily_totals import hub_daily_totals_rebuild, hub_daily_totals_refresh
from wellboard.hub.views.dashboard_parts import dashboard_charts, dashboard_tiles
from wellboard.partners.models import Partnership, User
from wellboard.publishing.disclosure import DisclosureRule

pytestmark = pytest.mark.django_db

FIRST = dt.date(2026, 3, 1)
DAYS = 12
SEXES = ("female", "male", "other", "not-stated")
AGES = ("16-24", "45-54", "65-74")
NEED_CODES = ("mental-health", "money", "weight", "loneliness")
REASONS = ("weight-loss", "cardiac")
WARDS = (("", None), ("E05000001", 1), ("E05000002", 7), ("E05000003", None))
STATUSES = ("sent", "accepted", "attended", "declined", "closed")

visit = st.fixed_dictionaries(
    {
        "hub": st.integers(0, 1),
        "day": st.integers(0, DAYS - 1),
        "person": st.integers(0, 6),
        "sex": st.sampled_from(SEXES),
        "age": st.sampled_from(AGES),
        "route": st.sampled_from(Route.values),
        "partner": st.integers(0, 2),
        "needs": st.lists(st.sampled_from(NEED_CODES), max_size=3, unique=True),
        "reason": st.sampled_from(REASONS),
        "area": st.integers(0, len(WARDS) - 1),
        "referrals": st.lists(
            st.tuples(st.integers(0, 2), st.sampled_from(STATUSES)),
            max_size=2,
            unique_by=lambda pair: pair[0],
        ),
        "moved_to": st.none() | st.integers(0, DAYS - 1),
    }
)
scopes = st.tuples(
    st.integers(0, DAYS - 1),
    st.integers(0, DAYS - 1),
    st.lists(st.sampled_from(Route.values), max_size=3, unique=True),
    st.sampled_from(((0,), (1,), (0, 1))),
)


def _identity(v: dict[str, object]) -> tuple[object, ...]:
    partnered = v["route"] == Route.PARTNER_APPOINTMENT
    return (v["hub"], v["day"], v["person"], v["route"], v["partner"] if partnered else None)


def _write(hubs: list[Hub], partners: list[list[HubPartner]], services: list[Service], visits: list) -> None:
    """The visits written directly, each day's summary refreshed as a service would; then some
    visits moved to another day (a correction), refreshing both days."""
    moved = []
    for v in visits:
        hub = hubs[v["hub"]]
        ward, decile = WARDS[v["area"]]
        route = v["route"]
        contact = Contact.objects.create(
            hub=hub,
            date=FIRST + dt.timedelta(days=v["day"]),
            client_key=f"{v['person']:064x}",
            sex=v["sex"],
            age_band=v["age"],
            route=route,
            needs=v["needs"] if route != Route.ACTIVITY else [],
            exercise_reason=v["reason"] if route == Route.EXERCISE_REFERRAL else "",
            partner=partners[v["hub"]][v["partner"]] if route == Route.PARTNER_APPOINTMENT else None,
            ward=ward,
            deprivation_decile=decile,
            lsoa="E01000001" if ward else "",
        )
        for n, (service, status) in enumerate(v["referrals"]):
            Referral.objects.create(
                contact=contact,
                service=services[service],
                reference=f"R-{contact.pk:06d}-{n}",
                status=status,
                sent_on=contact.date,
                status_on=contact.date,
            )
        hub_daily_totals_refresh(hub.pk, [contact.date])
        if v["moved_to"] is not None:
            moved.append((contact, FIRST + dt.timedelta(days=v["moved_to"])))
    taken = set(Contact.objects.values_list("hub_id", "date", "client_key", "route", "partner_id"))
    for contact, day in moved:
        identity = (contact.hub_id, day, contact.client_key, contact.route, contact.partner_id)
        if identity in taken:
            continue
        taken.discard((contact.hub_id, contact.date, contact.client_key, contact.route, contact.partner_id))
        taken.add(identity)
        before = contact.date
        Contact.objects.filter(pk=contact.pk).update(date=day)
        hub_daily_totals_refresh(contact.hub_id, [before, day])


def _dashboards(scope: Scope, hubs: list[Hub], summary: bool) -> DashboardFigures:
    labels = dict(NEEDS)
    if summary:
        totals = totals_for(scope)
        contacts = hub_figures(scope, hubs, totals=totals)
        referrals = referral_figures(scope, need_labels=labels, totals=totals)
    else:
        contacts = hub_figures_afresh(scope, hubs)
        referrals = referral_figures_afresh(scope, need_labels=labels)
    return DashboardFigures(
        contacts=contacts, referrals=referrals, money=money_figures(hubs, scope.start, scope.end)
    )


def _shown(figures: DashboardFigures, rule: str | None) -> object:
    """What a reader sees: the tiles and every chart's table, exactly or under ``rule``."""
    disclosure = Disclosure(rule)
    charts = dashboard_charts(figures, disclosure, {}, "")
    return dashboard_tiles(figures, disclosure), [(chart.key, chart.table) for chart in charts]


@pytest.fixture
def places(partnership: Partnership) -> tuple[list[Hub], list[list[HubPartner]], list[Service]]:
    hubs = [make_hub(partnership, "healthy-hub"), make_hub(partnership, "pop-up", kind="pop-up")]
    partners = [[HubPartner.objects.create(hub=hub, name=f"Partner {n}") for n in range(3)] for hub in hubs]
    services = [make_service(partnership, f"service-{n}") for n in range(3)]
    return hubs, partners, services


@settings(
    max_examples=40,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(
    visits=st.lists(visit, max_size=30, unique_by=_identity),
    asked=st.lists(scopes, min_size=1, max_size=3),
)
def test_the_summary_gives_the_figures_of_a_count_afresh(
    places: tuple[list[Hub], list[list[HubPartner]], list[Service]],
    visits: list,
    asked: list[tuple[int, int, list[str], tuple[int, ...]]],
) -> None:
    hubs, partners, services = places
    Contact.objects.all().delete()
    HubDayTotal.objects.all().delete()
    _write(hubs, partners, services, visits)
    for first, last, routes, which in asked:
        start, end = sorted((FIRST + dt.timedelta(days=first), FIRST + dt.timedelta(days=last)))
        chosen = [hubs[i] for i in which]
        scope = Scope(hub_ids=tuple(h.pk for h in chosen), start=start, end=end, routes=tuple(routes))
        summary = _dashboards(scope, chosen, summary=True)
        afresh = _dashboards(scope, chosen, summary=False)
        assert asdict(summary.contacts) == asdict(afresh.contacts)
        assert asdict(summary.referrals) == asdict(afresh.referrals)
        for rule in (None, DisclosureRule.STANDARD, DisclosureRule.UNDER_FIVE):
            assert _shown(summary, rule) == _shown(afresh, rule)
    # A rebuild from scratch gives the rows the refreshes left.
    columns = ("hub_id", "date", "route", "contacts", "counts", "clients")
    kept = sorted(
        (*row[:4], bytes(row[4]), bytes(row[5])) for row in HubDayTotal.objects.values_list(*columns)
    )
    for hub in hubs:
        hub_daily_totals_rebuild(hub.pk)
    rebuilt = sorted(
        (*row[:4], bytes(row[4]), bytes(row[5])) for row in HubDayTotal.objects.values_list(*columns)
    )
    assert kept == rebuilt
    if connection.vendor == "postgresql":
        # The server's counts are the portable path's, figure for figure.
        days = [FIRST + dt.timedelta(days=n) for n in range(DAYS)]
        for hub in hubs:
            contacts = Contact.objects.filter(hub=hub)
            referrals = Referral.objects.filter(contact__hub=hub)
            assert day_totals(hub.pk, days) == portable_totals(contacts, referrals)


def test_the_services_keep_the_summary_right(
    hub: Hub, hub_worker: User, actor_of: Callable[[User], Actor], partnership: Partnership
) -> None:
    worker = actor_of(hub_worker)
    service = make_service(partnership, "stop-smoking")
    everything = Scope(hub_ids=(hub.pk,), start=dt.date(2026, 1, 1), end=dt.date(2026, 12, 31))
    with clock.frozen_at(dt.datetime(2026, 11, 21, 10, tzinfo=dt.UTC)):
        first = contact_record(
            by=worker, hub=hub, date=dt.date(2026, 11, 20), client_id="HH-1", sex="female", age=52,
            route="walk-in", needs=["money"],
        )  # fmt: skip
        contact_record(
            by=worker, hub=hub, date=dt.date(2026, 11, 20), client_id="HH-2", sex="male", age=30,
            route="self-referral", needs=["mental-health"],
        )  # fmt: skip
        assert hub_figures(everything, [hub]).contacts == 2
        referral = referral_send(by=worker, contact=first, service=service)
        assert summary_differences(everything, [hub]) == []
        referral_status_set(
            by=worker, referral=referral, status="accepted", on=dt.date(2026, 11, 21), expected_version=None
        )
        assert referral_figures(everything, need_labels=dict(NEEDS)).by_status["accepted"] == 1
        contact_correct(
            by=worker, contact=first, expected_version=None, date=dt.date(2026, 11, 18), route="activity"
        )
    assert summary_differences(everything, [hub]) == []
    moved = hub_figures(everything, [hub])
    assert moved.by_route["activity"] == 1
    assert moved.by_route["walk-in"] == 0
    assert moved.clients == 2
    assert moved.referred_on == 1


def test_partners_seen_as_often_as_each_other_are_in_the_same_order_however_counted(
    places: tuple[list[Hub], list[list[HubPartner]], list[Service]],
) -> None:
    """Ties between partners keep one order (by partner), so the summary's chart and table are the
    count's exactly, not the same rows in another order."""
    hubs, partners, services = places
    common = {"hub": 0, "day": 0, "age": "65-74", "route": Route.PARTNER_APPOINTMENT, "moved_to": None}
    # The second partner's visit is recorded first.
    visits = [
        {
            **common,
            "partner": 1,
            "person": 0,
            "sex": "not-stated",
            "area": 1,
            "reason": "weight-loss",
            "needs": ["mental-health"],
            "referrals": [],
        },
        {
            **common,
            "partner": 0,
            "person": 1,
            "sex": "female",
            "area": 2,
            "reason": "cardiac",
            "needs": ["loneliness"],
            "referrals": [(1, "sent")],
        },
    ]
    _write(hubs, partners, services, visits)
    scope = Scope(hub_ids=(hubs[0].pk,), start=FIRST, end=FIRST, routes=())
    summary = _dashboards(scope, [hubs[0]], summary=True)
    afresh = _dashboards(scope, [hubs[0]], summary=False)
    assert (
        list(summary.contacts.by_partner)
        == list(afresh.contacts.by_partner)
        == sorted(p.pk for p in partners[0][:2])
    )
    for rule in (None, DisclosureRule.STANDARD):
        assert _shown(summary, rule) == _shown(afresh, rule)
