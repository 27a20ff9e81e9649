"""Choosing the period (and which areas are compared) on the indicator page, the ward map, the
inequality page and the rug; downloads give the same figures as the page."""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Callable
from typing import Any

import pytest
from django.test import Client

from tests.factories.indicator_pages import YEARS, Scenario, build_scenario, warmed, wilson
from tests.factories.indicators import ObservationFactory, make_area, year
from tests.unit.charts.helpers import one_line
from wellboard.geography.models import AreaType
from wellboard.partners.models import Partnership, User

pytestmark = pytest.mark.django_db


@pytest.fixture
def scenario(partnership: Partnership) -> Scenario:
    return build_scenario(partnership)


def url(partnership: Partnership, rest: str = "") -> str:
    return f"/p/{partnership.slug}/indicators/{rest}"


def spec_of(html: str, spec_id: str) -> dict[str, Any]:
    opening = f'<script id="{spec_id}" type="application/json">'
    start = html.index(opening) + len(opening)
    return json.loads(html[start : html.index("</script>", start)])  # type: ignore[no-any-return]


def csv_rows(response: Any) -> list[list[str]]:
    return list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))


# ---------------------------------------------------------------- indicator page


def test_the_period_choice_sets_areas_compared_and_breakdowns(
    client_for: Callable[[User], Client], partnership: Partnership, viewer: User, scenario: Scenario
) -> None:
    client = client_for(viewer)
    latest = client.get(url(partnership, "smoking/"))
    html = latest.content.decode()
    assert '<option value="2018">2018</option>' in html, "every year with a figure can be chosen"
    assert "Change the area, comparator or period" in html
    assert one_line(spec_of(html, "chart-areas-spec")["title"]["text"]).endswith("2022: areas compared")

    response = client.get(url(partnership, "smoking/"), {"period": "2018"})
    assert response.status_code == 200
    html = response.content.decode()
    areas = spec_of(html, "chart-areas-spec")
    assert one_line(areas["title"]["text"]).endswith("2018: areas compared")
    stevenage = next(r for r in areas["data"]["values"] if r["area"].startswith("Stevenage"))
    assert stevenage["value"] == pytest.approx(wilson(660 - 30 * YEARS.index(2018), 3000)["value"])
    # The sex breakdown exists for 2022 only, so 2018 has no breakdowns to show.
    assert "chart-breakdown-1-spec" not in html
    assert '<option value="2018" selected>2018</option>' in html
    # The latest value and the trend do not change with the period.
    assert "data-latest-value>15.0%<" in html
    # Downloads carry the choice and give the 2018 figures.
    assert f'href="/p/{partnership.slug}/indicators/smoking/data/areas.csv?period=2018"' in html
    download = client.get(url(partnership, "smoking/data/areas.csv"), {"period": "2018"})
    assert download.status_code == 200
    row = next(r for r in csv_rows(download) if r[1] == "E07000243")
    assert float(row[2]) == pytest.approx(19.0)


def test_a_period_without_figures_answers_400_with_the_error_summary(
    client_for: Callable[[User], Client], partnership: Partnership, viewer: User, scenario: Scenario
) -> None:
    client = client_for(viewer)
    response = client.get(url(partnership, "smoking/"), {"period": "1999"})
    assert response.status_code == 400
    html = response.content.decode()
    assert "<title>Error: " in html
    assert "There is a problem" in html
    assert "Choose a period from the list" in html
    # The page still shows the latest figures, and its downloads do not repeat the bad choice.
    assert one_line(spec_of(html, "chart-areas-spec")["title"]["text"]).endswith("2022: areas compared")
    assert f'href="/p/{partnership.slug}/indicators/smoking/data/areas.csv"' in html
    download = client.get(url(partnership, "smoking/data/areas.csv"), {"period": "1999"})
    assert download.status_code == 400
    assert "Choose a period from the list" in download.content.decode()


def _many_districts(scenario: Scenario, count: int) -> None:
    """Districts of another county, each with a 2022 smoking figure."""
    region = make_area("E12000008", "South East", AreaType.REGION, scenario.places.england)
    county = make_area("E10000014", "Hampshire", AreaType.UTLA, region)
    for n in range(count):
        district = make_area(f"E07000{100 + n:03d}", f"District {n:02d}", AreaType.LTLA, county)
        ObservationFactory(indicator=scenario.smoking, area=district, **year(2022), **wilson(300 + n, 2000))


def test_areas_compared_keeps_to_the_county_when_many_areas_have_figures(
    client_for: Callable[[User], Client], partnership: Partnership, viewer: User, scenario: Scenario
) -> None:
    _many_districts(scenario, 25)
    client = client_for(viewer)
    html = client.get(url(partnership, "smoking/")).content.decode()
    areas = spec_of(html, "chart-areas-spec")
    assert [r["area"] for r in areas["data"]["values"]] == ["Stevenage (this area)", "North Hertfordshire"]
    assert "Only areas in Hertfordshire are shown, as many areas have figures" in html
    assert '<option value="E10000015">Areas in Hertfordshire</option>' in html
    assert '<option value="E12000006">Areas in East of England</option>' in html

    wide = client.get(url(partnership, "smoking/"), {"within": "all"})
    assert wide.status_code == 200
    everything = spec_of(wide.content.decode(), "chart-areas-spec")["data"]["values"]
    assert len(everything) == 27
    download = client.get(url(partnership, "smoking/data/areas.csv"), {"within": "all"})
    assert len([r for r in csv_rows(download) if r[1].startswith("E07")]) == 27

    region = client.get(url(partnership, "smoking/"), {"within": "E12000006"})
    values = spec_of(region.content.decode(), "chart-areas-spec")["data"]["values"]
    assert len(values) == 2, "East of England holds only the two Hertfordshire districts"
    assert "Only areas in East of England are shown." in region.content.decode()

    bad = client.get(url(partnership, "smoking/"), {"within": "E10000014"})
    assert bad.status_code == 400
    assert "Choose which areas to compare from the list" in bad.content.decode()


def test_with_few_areas_every_one_is_compared(
    client_for: Callable[[User], Client], partnership: Partnership, viewer: User, scenario: Scenario
) -> None:
    _many_districts(scenario, 5)
    html = client_for(viewer).get(url(partnership, "smoking/")).content.decode()
    assert len(spec_of(html, "chart-areas-spec")["data"]["values"]) == 7
    assert "Only areas in" not in html


@pytest.mark.usefixtures("no_cache")
def test_period_choice_does_not_cost_queries(
    client_for: Callable[[User], Client],
    partnership: Partnership,
    viewer: User,
    scenario: Scenario,
    django_assert_max_num_queries: Any,
) -> None:
    client = warmed(client_for(viewer), partnership)
    with django_assert_max_num_queries(25):
        assert (
            client.get(url(partnership, "smoking/"), {"period": "2019", "within": "all"}).status_code == 200
        )


# ---------------------------------------------------------------- map, inequality and rug


def test_the_map_shows_the_period_chosen(
    client_for: Callable[[User], Client], partnership: Partnership, viewer: User, scenario: Scenario
) -> None:
    places = scenario.places
    ObservationFactory(indicator=scenario.smoking, area=places.bedwell, **year(2019), **wilson(50, 200))
    client = client_for(viewer)
    latest = client.get(url(partnership, "smoking/map/"))
    assert latest.status_code == 200
    html = latest.content.decode()
    assert "data-period-form" in html
    assert '<option value="2019">2019</option>' in html
    chosen = client.get(url(partnership, "smoking/map/"), {"period": "2019"})
    assert chosen.status_code == 200
    page = chosen.content.decode()
    assert "Wards of Stevenage, 2019" in page
    assert "smoking/map/data/map.csv?period=2019" in page
    download = csv_rows(client.get(url(partnership, "smoking/map/data/map.csv"), {"period": "2019"}))
    bedwell = next(row for row in download if "Bedwell" in row)
    assert float(bedwell[2]) == pytest.approx(25.0)
    bad = client.get(url(partnership, "smoking/map/"), {"period": "nonsense"})
    assert bad.status_code == 400
    assert "Choose a period from the list" in bad.content.decode()
    assert client.get(url(partnership, "smoking/map/data/map.csv"), {"period": "1999"}).status_code == 400


def test_the_inequality_page_has_a_period_choice_when_there_are_several(
    client_for: Callable[[User], Client], partnership: Partnership, viewer: User, scenario: Scenario
) -> None:
    client = client_for(viewer)
    one_period = client.get(url(partnership, "smoking/inequality/")).content.decode()
    assert "data-period-form" not in one_period, "nothing to choose between"
    bad = client.get(url(partnership, "smoking/inequality/"), {"period": "2015"})
    assert bad.status_code == 400
    assert "There is a problem" in bad.content.decode()


def test_the_rug_shows_the_period_chosen(
    client_for: Callable[[User], Client], partnership: Partnership, viewer: User, scenario: Scenario
) -> None:
    client = client_for(viewer)
    latest = client.get(url(partnership, "rug/"))
    html = latest.content.decode()
    assert "Latest values compared with" in html
    assert '<option value="2016">2016</option>' in html
    chosen = client.get(url(partnership, "rug/"), {"period": "2016"})
    assert chosen.status_code == 200
    page = chosen.content.decode()
    assert "Values for 2016 compared with" in page
    assert "Indicators without figures for 2016 are left out." in page
    assert "rug/data/rug.csv?period=2016" in page
    rows = csv_rows(client.get(url(partnership, "rug/data/rug.csv"), {"period": "2016"}))
    assert {(r[0], r[2], r[3]) for r in rows[1:]} == {
        ("Hertfordshire", "Smoking prevalence", "2016"),
        ("North Hertfordshire", "Smoking prevalence", "2016"),
        ("Stevenage", "Smoking prevalence", "2016"),
    }, "obesity has no 2016 figures"
    stevenage = next(r for r in rows if r[0] == "Stevenage")
    assert float(stevenage[4]) == pytest.approx(21.0)
    bad = client.get(url(partnership, "rug/"), {"period": "1990"})
    assert bad.status_code == 400
    assert "Choose a period from the list" in bad.content.decode()
    assert "Latest values compared with" in bad.content.decode()
    assert client.get(url(partnership, "rug/data/rug.csv"), {"period": "1990"}).status_code == 400


def test_period_choices_are_for_members_only(
    client_for: Callable[[User], Client], partnership: Partnership, outsider: User, scenario: Scenario
) -> None:
    client = client_for(outsider)
    for path in ("smoking/", "smoking/map/", "rug/", "smoking/data/areas.csv"):
        assert client.get(url(partnership, path), {"period": "2018"}).status_code == 404
