"""What the hub dashboard shows: its figures turned into charts, tables and headline tiles, each count
as the reader may see it (exact, or through the partnership's disclosure control)."""

from __future__ import annotations

from typing import Any

from wellboard.charts import MapFeature, MapValue, choropleth_map
from wellboard.geography.selectors import area_list
from wellboard.hub.calculations import OUTCOME_LABELS, DashboardFigures, Disclosure
from wellboard.hub.calculations.figures import UNKNOWN
from wellboard.hub.calculations.referrals import OutcomeRow
from wellboard.hub.codes import AGE_BANDS, EXERCISE_REASONS, NEEDS
from wellboard.hub.models import Hub, HubPartner, ReferralStatus, Route, Sex
from wellboard.hub.views.dashboard_charts import (
    HubChart,
    MoneyRow,
    RateRow,
    count_chart,
    money_chart,
    rates_chart,
)

NOT_KNOWN = "Not known"
# Charts that need the page's width; the others sit in pairs, side by side on a wide screen.
FULL_WIDTH = frozenset({"ward", "referrals-by-service", "referrals-by-need", "money"})


def chart_rows(charts: list[HubChart]) -> list[list[HubChart]]:
    rows: list[list[HubChart]] = []
    for chart in charts:
        if chart.key in FULL_WIDTH or not rows or len(rows[-1]) == 2 or rows[-1][0].key in FULL_WIDTH:
            rows.append([chart])
        else:
            rows[-1].append(chart)
    return rows


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


def dashboard_charts(
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


def dashboard_tiles(figures: DashboardFigures, disclosure: Disclosure) -> list[tuple[str, str]]:
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
        # whole pounds in the headline (the table below has the pence), so it fits its tile
        pounds = f"£{abs(money.balance):,.0f}"
        tiles.append(
            (
                f"\u2212{pounds}" if money.balance < 0 else pounds,  # a minus sign, not a hyphen
                f"Income less running cost over {len(money.months)} months",
            )
        )
    return tiles


def partner_names(hubs: list[Hub]) -> dict[int, str]:
    return {
        partner.pk: str(partner)
        for partner in HubPartner.objects.filter(hub__in=hubs).select_related("organisation")
    }
