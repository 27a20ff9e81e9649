"""The hub dashboards: one hub's figures, and every hub's together, for the dates chosen.

Hub workers read their own hub's figures exactly. Coordinators, analysts and board members read
every hub's, with each count through the partnership's disclosure control. Nobody reads a visit here:
every figure is a count.
"""

from __future__ import annotations

from typing import Any

from django import forms
from django.http import HttpRequest, HttpResponse
from django.urls import reverse
from django.views.decorators.http import require_GET

from wellboard.charts import MapFeature, MapValue, choropleth_map
from wellboard.core.access import Actor
from wellboard.core.errors import InvalidInput, NotFound
from wellboard.core.forms import Form
from wellboard.geography.selectors import area_list
from wellboard.hub.calculations import (
    OUTCOME_LABELS,
    DashboardFigures,
    Disclosure,
    Scope,
    dashboard_figures,
    dashboard_hub,
    dashboard_hubs,
    parse_routes,
    scope_for,
    sees_exact,
)
from wellboard.hub.calculations.figures import UNKNOWN
from wellboard.hub.calculations.referrals import OutcomeRow
from wellboard.hub.codes import AGE_BANDS, EXERCISE_REASONS, NEEDS
from wellboard.hub.models import Hub, HubPartner, ReferralStatus, Route, Sex
from wellboard.hub.views._common import hub_view, page
from wellboard.hub.views.dashboard_charts import (
    HubChart,
    MoneyRow,
    RateRow,
    count_chart,
    money_chart,
    rates_chart,
    table_download,
)
from wellboard.partners.models import Partnership
from wellboard.partners.selectors import partnership_access

NOT_KNOWN = "Not known"
# Charts that need the page's width; the others sit in pairs, side by side on a wide screen.
FULL_WIDTH = frozenset({"ward", "referrals-by-service", "referrals-by-need", "money"})


def _rows_of(charts: list[HubChart]) -> list[list[HubChart]]:
    rows: list[list[HubChart]] = []
    for chart in charts:
        if chart.key in FULL_WIDTH or not rows or len(rows[-1]) == 2 or rows[-1][0].key in FULL_WIDTH:
            rows.append([chart])
        else:
            rows[-1].append(chart)
    return rows


class DashboardForm(Form):
    """The dates and routes a dashboard shows (a GET form: the address says what is shown)."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["from"] = forms.CharField(
            label="From", required=False, help_text="For example, 2025-04-01 or 01/04/2025"
        )
        self.fields["to"] = forms.CharField(label="To", required=False, help_text="Blank: today")
        self.fields["route"] = forms.MultipleChoiceField(
            label="Routes",
            required=False,
            choices=Route.choices,
            widget=forms.CheckboxSelectMultiple,
            help_text="Choose none to count every route",
        )


def _scope(request: HttpRequest, hubs: list[Hub], exact: bool) -> tuple[DashboardForm, Scope | None]:
    form = DashboardForm(request.GET or None)
    try:
        routes = parse_routes(",".join(request.GET.getlist("route")))
        scope = scope_for(
            hubs=hubs,
            start_text=request.GET.get("from", ""),
            end_text=request.GET.get("to", ""),
            routes=routes,
            exact=exact,
        )
    except InvalidInput as exc:
        form.is_valid()
        form.add_service_errors(exc.errors)
        return form, None
    if not request.GET:
        form = DashboardForm(
            initial={"from": scope.start.isoformat(), "to": scope.end.isoformat(), "route": []}
        )
    return form, scope


def _labelled(codes: dict[str, int], labels: dict[str, str]) -> list[tuple[str, str, int]]:
    return [(labels.get(code, code), code, n) for code, n in codes.items()]


def _counts(disclosure: Disclosure, rows: list[tuple[str, str, int]]) -> list[tuple[str, str, Any]]:
    shown = disclosure.counts([n for _, _, n in rows])
    return [(label, code, s) for (label, code, _), s in zip(rows, shown, strict=True)]


def _rates(disclosure: Disclosure, rows: list[OutcomeRow]) -> list[RateRow]:
    totals = disclosure.counts([row.total for row in rows])
    result = []
    for row, total in zip(rows, totals, strict=True):
        shares: dict[str, tuple[Any, float | None, float | None, float | None]] = {}
        for outcome, share in row.shares.items():
            count = disclosure.count(share.count)
            hidden = [count.suppressed or total.suppressed] * 3
            percent, lower, upper = disclosure.derived([share.percent, share.lower, share.upper], hidden)
            shares[outcome] = (count, percent, lower, upper)
        result.append(RateRow(label=row.label, total=total, shares=shares))
    return result


def _ward_chart(disclosure: Disclosure, by_ward: dict[str, int], title: str) -> HubChart:
    codes = [code for code in by_ward if code != UNKNOWN]
    areas = {area.code: area for area in area_list(type="ward", codes=codes)} if codes else {}
    rows = [
        (areas[code].name if code in areas else (NOT_KNOWN if code == UNKNOWN else code), code, n)
        for code, n in by_ward.items()
    ]
    rows.sort(key=lambda row: (row[1] == UNKNOWN, row[0]))
    shown = _counts(disclosure, rows)
    chart = count_chart(key="ward", title=title, category="Ward", rows=shown)
    features = [
        MapFeature(code, areas[code].name, areas[code].geometry or {})
        for code in codes
        if code in areas and areas[code].geometry
    ]
    if features:
        values = {code: MapValue(s.value) for _label, code, s in shown if code in areas}
        chart.spec = choropleth_map(features, values, unit="contacts", title=title, decimals=0)
        chart.extra["map"] = True
    return chart


def _charts(
    figures: DashboardFigures, disclosure: Disclosure, partners: dict[int, str], where: str
) -> list[HubChart]:
    contacts = figures.contacts
    need_labels = dict(NEEDS)
    deciles = {
        str(d): f"Decile {d}" + (" (most deprived)" if d == 1 else " (least deprived)" if d == 10 else "")
        for d in range(1, 11)
    }
    deciles[UNKNOWN] = NOT_KNOWN
    charts = [
        count_chart(
            key="sex",
            title=f"Contacts by sex{where}",
            category="Sex",
            rows=_counts(disclosure, _labelled(contacts.by_sex, dict(Sex.choices))),
        ),
        count_chart(
            key="age",
            title=f"Contacts by age band{where}",
            category="Age band",
            rows=_counts(disclosure, _labelled(contacts.by_age_band, dict(AGE_BANDS))),
        ),
        count_chart(
            key="route",
            title=f"Contacts by route{where}",
            category="Route",
            rows=_counts(disclosure, _labelled(contacts.by_route, dict(Route.choices))),
        ),
        count_chart(
            key="need",
            title=f"Contacts by need{where}",
            category="Need",
            sort_by_count=True,
            rows=_counts(disclosure, _labelled(contacts.by_need, need_labels)),
            intro="A contact with more than one need counts once for each.",
        ),
        count_chart(
            key="walk-in-needs",
            title=f"Needs of walk-ins and self-referrals{where}",
            category="Need",
            sort_by_count=True,
            rows=_counts(disclosure, _labelled(contacts.walk_in_needs, need_labels)),
        ),
        count_chart(
            key="decile",
            title=f"Contacts by deprivation decile{where}",
            category="Deprivation decile (IMD)",
            rows=_counts(disclosure, _labelled(contacts.by_deprivation_decile, deciles)),
            intro="The decile of the neighbourhood (LSOA) the person lives in: 1 is the most deprived tenth "
            "of England's neighbourhoods. 'Not known' where no LSOA was recorded.",
        ),
        _ward_chart(disclosure, contacts.by_ward, f"Contacts by ward{where}"),
        count_chart(
            key="referral-status",
            title=f"Onward referrals by status{where}",
            category="Status",
            measure="Referrals",
            rows=_counts(disclosure, _labelled(figures.referrals.by_status, dict(ReferralStatus.choices))),
        ),
        rates_chart(
            key="referrals-by-service",
            title=f"What became of referrals, by service{where}",
            category="Service",
            rows=_rates(disclosure, figures.referrals.by_service),
            outcomes=OUTCOME_LABELS,
            intro="Each referral counts by the status it has now; one attended or missed was accepted first.",
        ),
        rates_chart(
            key="referrals-by-need",
            title=f"What became of referrals, by need{where}",
            category="Need",
            rows=_rates(disclosure, figures.referrals.by_need),
            outcomes=OUTCOME_LABELS,
        ),
        count_chart(
            key="partners",
            title=f"Contacts with each partner organisation{where}",
            category="Partner",
            sort_by_count=True,
            rows=_counts(
                disclosure,
                [(partners.get(pk, "Partner"), str(pk), n) for pk, n in contacts.by_partner.items()],
            ),
        ),
        count_chart(
            key="exercise",
            title=f"Exercise referrals by reason{where}",
            category="Reason",
            measure="Exercise referrals",
            rows=_counts(disclosure, _labelled(contacts.by_exercise_reason, dict(EXERCISE_REASONS))),
        ),
    ]
    months = figures.money.months
    bookings = disclosure.counts([m.room_bookings for m in months])
    memberships = disclosure.counts([m.memberships for m in months])
    charts.append(
        money_chart(
            key="money",
            title=f"Income against running cost, month by month{where}",
            rows=[
                MoneyRow(
                    label=m.label,
                    month=m.month.isoformat(),
                    room_bookings=bookings[i],
                    memberships=memberships[i],
                    room_hire_income=float(m.room_hire_income),
                    membership_income=float(m.membership_income),
                    other_income=float(m.other_income),
                    running_cost=float(m.running_cost),
                )
                for i, m in enumerate(months)
            ],
            intro="Income from room hire, referral memberships and other sources, against what the hub "
            "costs to run, as its managers entered them for each month.",
        )
    )
    return charts


def _tiles(figures: DashboardFigures, disclosure: Disclosure) -> list[tuple[str, str]]:
    contacts = figures.contacts
    shown = disclosure.counts(
        [
            contacts.contacts,
            contacts.clients,
            contacts.walk_ins,
            contacts.referred_on,
            figures.referrals.total,
            contacts.partner_appointments,
        ]
    )
    labels = [
        "Contacts",
        "Unique clients",
        "Walk-ins and self-referrals",
        "Contacts referred on",
        "Onward referrals made",
        "Partner appointments",
    ]
    tiles = [(s.text, label) for s, label in zip(shown, labels, strict=True)]
    tiles.append((str(contacts.partner_organisations), "Partner organisations seen"))
    money = figures.money
    if money.months:
        tiles.append((f"£{money.balance:,.2f}", f"Income less running cost over {len(money.months)} months"))
    return tiles


def _partner_names(hubs: list[Hub]) -> dict[int, str]:
    return {
        partner.pk: str(partner)
        for partner in HubPartner.objects.filter(hub__in=hubs).select_related("organisation")
    }


def _build(
    request: HttpRequest, partnership: Partnership, actor: Actor, hubs: list[Hub], where: str
) -> tuple[DashboardForm, Scope | None, Disclosure, list[HubChart], DashboardFigures | None]:
    exact = sees_exact(actor, hubs)
    disclosure = Disclosure(None if exact else partnership.disclosure_rule)
    form, scope = _scope(request, hubs, exact)
    if scope is None:
        return form, None, disclosure, [], None
    figures = dashboard_figures(partnership_id=partnership.pk, scope=scope, hubs=hubs)
    return form, scope, disclosure, _charts(figures, disclosure, _partner_names(hubs), where), figures


def _render(
    request: HttpRequest,
    *,
    partnership: Partnership,
    actor: Actor,
    hubs: list[Hub],
    hub: Hub | None,
    base_url: str,
) -> HttpResponse:
    form, scope, disclosure, charts, figures = _build(request, partnership, actor, hubs, "")
    query = request.GET.urlencode()
    for chart in charts:
        chart.with_downloads(base_url, query)
    return page(
        request,
        "hub/dashboard.html",
        partnership=partnership,
        actor=actor,
        hub=hub,
        hubs=hubs,
        form=form,
        scope=scope,
        disclosure=disclosure,
        charts=charts,
        rows=_rows_of(charts),
        tiles=_tiles(figures, disclosure) if figures is not None else [],
        action=request.path,
        status=200 if scope is not None else 400,
    )


def _download(
    request: HttpRequest,
    *,
    partnership: Partnership,
    actor: Actor,
    hubs: list[Hub],
    key: str,
    fmt: str,
    name: str,
) -> HttpResponse:
    form, scope, _disclosure, charts, _figures = _build(request, partnership, actor, hubs, "")
    if scope is None:
        problems = [str(message) for errors in form.errors.values() for message in errors]
        return HttpResponse("\n".join(problems), status=400, content_type="text/plain; charset=utf-8")
    for chart in charts:
        if chart.key == key:
            return table_download(chart.table, fmt=fmt, name=f"{name}-{chart.key}-{scope.start}-{scope.end}")
    raise NotFound("download")


@hub_view
@require_GET
def hub_dashboard(request: HttpRequest, slug: str, hub: str) -> HttpResponse:
    partnership, actor = partnership_access(user=request.user, slug=slug)
    found = dashboard_hub(actor=actor, slug=hub)
    return _render(
        request,
        partnership=partnership,
        actor=actor,
        hubs=[found],
        hub=found,
        base_url=reverse("hub-dashboard", args=[slug, found.slug]),
    )


@hub_view
@require_GET
def hub_dashboard_download(request: HttpRequest, slug: str, hub: str, key: str, fmt: str) -> HttpResponse:
    partnership, actor = partnership_access(user=request.user, slug=slug)
    found = dashboard_hub(actor=actor, slug=hub)
    return _download(
        request, partnership=partnership, actor=actor, hubs=[found], key=key, fmt=fmt, name=found.slug
    )


@hub_view
@require_GET
def hubs_dashboard(request: HttpRequest, slug: str) -> HttpResponse:
    partnership, actor = partnership_access(user=request.user, slug=slug)
    hubs = dashboard_hubs(actor=actor)
    return _render(
        request,
        partnership=partnership,
        actor=actor,
        hubs=hubs,
        hub=None,
        base_url=reverse("hubs-dashboard", args=[slug]),
    )


@hub_view
@require_GET
def hubs_dashboard_download(request: HttpRequest, slug: str, key: str, fmt: str) -> HttpResponse:
    partnership, actor = partnership_access(user=request.user, slug=slug)
    hubs = dashboard_hubs(actor=actor)
    return _download(request, partnership=partnership, actor=actor, hubs=hubs, key=key, fmt=fmt, name="hubs")
