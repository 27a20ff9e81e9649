"""A performance measure's page: its own figures, target and initiative, and none of the
comparisons with other places that apply to population indicators."""

from __future__ import annotations

import csv
import datetime as dt
import io
from collections.abc import Callable
from typing import Any

import pytest
from django.test import Client

from tests.factories.indicator_pages import (
    MeasureScenario,
    Scenario,
    build_measure,
    build_scenario,
    fortnight,
    warmed,
)
from tests.factories.indicators import IndicatorFactory, ObservationFactory, year
from tests.integration.indicators.test_views_pages import queries_for, spec_of, url
from wellboard.indicators.models import IndicatorKind
from wellboard.partners.models import Partnership, User

pytestmark = pytest.mark.django_db


@pytest.fixture
def scenario(partnership: Partnership) -> Scenario:
    return build_scenario(partnership)


@pytest.fixture
def measures(partnership: Partnership, scenario: Scenario) -> MeasureScenario:
    return build_measure(partnership, scenario)


def test_measure_page_shows_its_own_figures(
    client_for: Callable[[User], Client],
    partnership: Partnership,
    viewer: User,
    measures: MeasureScenario,
    django_assert_max_num_queries: Any,
) -> None:
    client = warmed(client_for(viewer), partnership)
    with django_assert_max_num_queries(19):
        response = client.get(url(partnership, "calls/"))
    assert response.status_code == 200
    html = response.content.decode()
    assert "Performance measure: how much did we do?" in html
    # The latest period's figure, named as people say it, with its status and the change.
    assert "data-latest-value>838 calls<" in html
    assert "27 Apr to 10 May 2020" in html
    assert "Provisional: 2 of 3 organisations&#x27; returns approved so far." in html
    assert "Down 65 calls (7.2%) on the previous period (903 calls, 13 Apr to 26 Apr 2020)." in html
    # RAG against the target, with the thresholds beside the colour.
    assert ">Amber<" in html
    assert "Green: at or better than (at or above) the target of 900 calls" in html
    # Figures by period, by organisation and by age band, each with its table and downloads.
    periods = spec_of(html, "chart-periods-spec")
    assert [r["period"] for r in periods["data"]["values"]] == ["30 Mar 2020", "13 Apr 2020", "27 Apr 2020"]
    organisations = spec_of(html, "chart-breakdown-1-spec")
    assert [r["label"] for r in organisations["data"]["values"]] == ["Mind in Mid Herts", "Stevenage Helps"]
    ages = spec_of(html, "chart-breakdown-2-spec")
    assert [r["label"] for r in ages["data"]["values"]] == ["Adults", "Older people"]
    assert "By organisation" in html
    assert html.count("Download the data as CSV") == 3
    # What it belongs to, and what it is.
    assert f'href="/p/{partnership.slug}/initiatives/befriending/"' in html
    assert "1 Healthy lives" in html
    assert "Calls that reached the resident." in html
    assert "Fortnightly, from the periods of its figures" in html
    # Nothing that applies only to places: no comparators, intervals, maps or inequality.
    for absent in (
        "England",
        "confidence",
        "Map by ward",
        "Inequality by deprivation",
        "profile",
    ):
        assert absent not in html, absent
    assert ">2020-04-27/2W" not in html, "periods are named, never shown as codes"


def test_measure_downloads_match_the_tables(
    client_for: Callable[[User], Client], partnership: Partnership, viewer: User, measures: MeasureScenario
) -> None:
    client = client_for(viewer)
    response = client.get(url(partnership, "calls/data/periods.csv"))
    assert response.status_code == 200
    assert 'filename="calls-periods.csv"' in response["Content-Disposition"]
    lines = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    assert lines[0] == [
        "Period",
        "Period code",
        "Value (calls)",
        "Target",
        "Against target",
        "Note",
        "Status",
    ]
    assert lines[-1] == [
        "27 Apr to 10 May 2020",
        "2020-04-27/2W",
        "838.0",
        "900.0",
        "Amber",
        "Provisional: 2 of 3 organisations' returns approved so far",
        "Provisional",
    ]
    data = client.get(url(partnership, "calls/data/breakdown-1.json")).json()
    assert data["title"] == "Befriending calls made by organisation, 27 Apr to 10 May 2020"
    assert [r["label"] for r in data["rows"]] == ["Mind in Mid Herts", "Stevenage Helps", "Total"]
    assert data["rows"][0]["share"] == pytest.approx(500 / 838 * 100)
    assert client.get(url(partnership, "calls/data/areas.csv")).status_code == 404, "no areas compared"


def test_measure_period_choice(
    client_for: Callable[[User], Client], partnership: Partnership, viewer: User, measures: MeasureScenario
) -> None:
    client = client_for(viewer)
    earlier = client.get(url(partnership, "calls/"), {"period": "2020-03-30/2W"})
    assert earlier.status_code == 200
    html = earlier.content.decode()
    assert "30 Mar to 12 Apr 2020 in detail" in html
    assert "There is no split of this period's figure." in html
    assert "data-latest-value>838 calls<" in html, "the headline stays the latest period"
    bad = client.get(url(partnership, "calls/"), {"period": "1999"})
    assert bad.status_code == 400
    assert "Choose a period from the list" in bad.content.decode()
    assert "27 Apr to 10 May 2020 in detail" in bad.content.decode(), "the latest instead"
    download = client.get(url(partnership, "calls/data/breakdown-1.csv"), {"period": "1999"})
    assert download.status_code == 400


def test_measure_without_figures_says_so_once(
    client_for: Callable[[User], Client], partnership: Partnership, viewer: User, measures: MeasureScenario
) -> None:
    response = client_for(viewer).get(url(partnership, "walk-ins/"))
    assert response.status_code == 200
    html = response.content.decode()
    assert "There are no figures for this measure yet." in html
    assert "There are no figures for this measure yet. They appear here once" in html
    assert "No target is set for this measure." in html
    assert "This measure is not linked to an initiative or a strategy priority yet." in html
    assert "chart-periods-spec" not in html
    assert "data-breakdowns" not in html


def test_measure_page_access(
    client_for: Callable[[User], Client],
    partnership: Partnership,
    other_partnership: Partnership,
    outsider: User,
    viewer: User,
    measures: MeasureScenario,
) -> None:
    assert client_for(outsider).get(url(partnership, "calls/")).status_code == 404
    assert client_for(outsider).get(url(partnership, "calls/data/periods.csv")).status_code == 404
    assert Client().get(url(partnership, "calls/")).status_code == 302
    IndicatorFactory(partnership=other_partnership, slug="their-calls", kind=IndicatorKind.HOW_MUCH)
    assert client_for(viewer).get(url(partnership, "their-calls/")).status_code == 404


def test_place_views_of_a_measure_lead_back_to_it(
    client_for: Callable[[User], Client], partnership: Partnership, viewer: User, measures: MeasureScenario
) -> None:
    client = client_for(viewer)
    for view in ("map/", "inequality/"):
        response = client.get(url(partnership, f"calls/{view}"))
        assert response.status_code == 302
        assert response["Location"] == url(partnership, "calls/")
    assert client.get(url(partnership, "calls/map/data/map.csv")).status_code == 404
    assert client.get(url(partnership, "calls/inequality/data/inequality.csv")).status_code == 404


def test_list_shows_measures_apart_from_population_indicators(
    client_for: Callable[[User], Client], partnership: Partnership, viewer: User, measures: MeasureScenario
) -> None:
    html = client_for(viewer).get(url(partnership)).content.decode()
    population, performance = html.split('data-indicator-table="population"')[1].split(
        'data-indicator-table="performance"'
    )
    assert "Smoking prevalence" in population
    assert "Befriending calls made" not in population
    assert "Befriending calls made" in performance
    assert "27 Apr to 10 May 2020 (provisional)" in performance
    assert "Down 65 calls (7.2%) on the previous period" in performance
    assert ">Amber<" in performance
    assert "Healthy Hub walk-ins" in performance
    assert "Not compared" not in performance
    assert "England" not in performance.split("</table>")[0]


def test_rug_and_profile_leave_measures_out(
    client_for: Callable[[User], Client], partnership: Partnership, viewer: User, measures: MeasureScenario
) -> None:
    client = client_for(viewer)
    rug = client.get(url(partnership, "rug/"))
    assert "calls" not in [c.key for c in rug.context["rug"].columns]
    profile = client.get(url(partnership, "profile/E07000243/")).content.decode()
    assert "Befriending calls" not in profile


@pytest.mark.usefixtures("no_cache")
def test_measure_page_queries_do_not_grow_with_periods(
    client_for: Callable[[User], Client],
    partnership: Partnership,
    viewer: User,
    scenario: Scenario,
    measures: MeasureScenario,
) -> None:
    client = warmed(client_for(viewer), partnership)
    before = queries_for(client, url(partnership, "calls/"))
    start = dt.date(2020, 5, 11)
    for n in range(10):
        ObservationFactory(
            indicator=measures.calls, area=scenario.places.stevenage, **fortnight(start), count=n, value=n
        )
        ObservationFactory(
            indicator=measures.calls,
            area=scenario.places.stevenage,
            category_type="Organisation",
            category=f"Partner {n}",
            **fortnight(start),
            value=n,
        )
        start += dt.timedelta(days=14)
    assert queries_for(client, url(partnership, "calls/")) == before


def test_percentage_measure_is_a_line_with_numerators_and_points_of_change(
    client_for: Callable[[User], Client], partnership: Partnership, viewer: User, scenario: Scenario
) -> None:
    better = IndicatorFactory(
        partnership=partnership,
        slug="better-off",
        name="Clients whose wellbeing improved",
        kind=IndicatorKind.BETTER_OFF,
    )
    for when, count in ((2023, 60), (2024, 64)):
        ObservationFactory(
            indicator=better,
            area=scenario.places.stevenage,
            **year(when),
            count=count,
            denominator=100,
            value=count,
        )
    for name, count, denominator in (("Mind", 40, 60), ("Careline", 24, 40)):
        ObservationFactory(
            indicator=better,
            area=scenario.places.stevenage,
            **year(2024),
            category_type="Organisation",
            category=name,
            count=count,
            denominator=denominator,
            value=100 * count / denominator,
        )
    html = client_for(viewer).get(url(partnership, "better-off/")).content.decode()
    assert "Performance measure: is anyone better off?" in html
    assert "Up 4.0 percentage points on the previous period (60.0%, 2023)." in html
    periods = spec_of(html, "chart-periods-spec")
    assert [layer["mark"]["type"] for layer in periods["layer"]] == ["line", "point"]
    data = client_for(viewer).get(url(partnership, "better-off/data/breakdown-1.json")).json()
    assert [c["label"] for c in data["columns"]] == ["Organisation", "Value (%)", "Numerator", "Denominator"]
    assert data["rows"][-1]["label"] == "Overall"
    assert "Share of the total" not in html, "percentages are not shares of a total"
