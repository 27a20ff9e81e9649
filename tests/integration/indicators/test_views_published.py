"""Figures without confidence intervals that came with their publisher's verdict (as Fingertips
publishes many district figures): every page, chart and download shows that verdict, and says who
made it."""

from __future__ import annotations

import csv
import io
from collections.abc import Callable

import pytest
from django.test import Client

from tests.factories.indicator_pages import Scenario, build_scenario
from wellboard.core.access import Actor
from wellboard.indicators.models import Indicator, Polarity, ValueType
from wellboard.indicators.services import ObservationInput, indicator_create, observations_save
from wellboard.partners.models import Partnership, User

pytestmark = pytest.mark.django_db

ATTRIBUTION = "As published by Fingertips"


@pytest.fixture
def scenario(partnership: Partnership) -> Scenario:
    return build_scenario(partnership)


@pytest.fixture
def inactive(scenario: Scenario, cli_actor: Actor) -> Indicator:
    """Physically inactive adults: values and Fingertips' verdicts against England, no limits."""
    indicator = indicator_create(
        by=cli_actor,
        name="Percentage of physically inactive adults",
        short_name="Physically inactive adults",
        value_type=ValueType.PERCENTAGE,
        polarity=Polarity.LOW_IS_GOOD,
        unit="%",
        nodes=[scenario.node],
    )
    rows = [
        ObservationInput(area_code="E92000001", period=str(y), value=22.0 - (y - 2017) / 10)
        for y in (2017, 2018, 2019)
    ]
    rows += [
        ObservationInput(area_code="E07000243", period="2017", value=27.0, published_vs_england="Worse"),
        ObservationInput(area_code="E07000243", period="2018", value=21.0, published_vs_england="Similar"),
        ObservationInput(area_code="E07000243", period="2019", value=27.9, published_vs_england="Worse"),
        ObservationInput(area_code="E07000099", period="2019", value=18.0, published_vs_england="Better"),
        ObservationInput(
            area_code="E10000015", period="2019", value=20.5, published_vs_england="Not compared"
        ),
    ]
    report = observations_save(by=cli_actor, indicator=indicator, rows=rows, source="Fingertips")
    assert report.ok, report.rejections
    return indicator


def url(partnership: Partnership, rest: str = "") -> str:
    return f"/p/{partnership.slug}/indicators/{rest}"


def csv_rows(client: Client, path: str) -> list[list[str]]:
    response = client.get(path)
    assert response.status_code == 200
    return list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))


def test_indicator_page_shows_the_published_verdict_and_who_made_it(
    client_for: Callable[[User], Client], partnership: Partnership, viewer: User, inactive: Indicator
) -> None:
    client = client_for(viewer)
    response = client.get(url(partnership, f"{inactive.slug}/"))
    assert response.status_code == 200
    html = response.content.decode()
    assert "No confidence interval is available for this figure." in html
    assert "data-published-verdict" in html
    assert '<strong class="wb-sig wb-sig--worse">Worse</strong>' in html
    assert "Worse than England, as published by Fingertips" in html
    assert ATTRIBUTION in html
    assert "Compared by Fingertips: the comparison with England is the one Fingertips published" in html
    assert "Wellboard could not test it because the figure has no confidence interval." in html
    assert "data-not-compared" not in html
    # The areas compared and the trend say who compared each figure, on the page and in the files.
    assert "figures without one are compared as Fingertips published them" in html
    areas = csv_rows(client, url(partnership, f"{inactive.slug}/data/areas.csv"))
    header = areas[0]
    by_area = {row[0]: row for row in areas[1:]}
    assert by_area["Stevenage (this area)"][header.index("Compared by")] == "Fingertips"
    assert by_area["North Hertfordshire"][header.index("Compared with England")] == "Better"
    trend = client.get(url(partnership, f"{inactive.slug}/data/trend.json")).json()
    assert [(r["significance"], r["compared_by"]) for r in trend["rows"]] == [
        ("Worse", "Fingertips"),
        ("Similar", "Fingertips"),
        ("Worse", "Fingertips"),
    ]


def test_a_bad_choice_still_shows_the_published_verdict_and_outsiders_see_nothing(
    client_for: Callable[[User], Client],
    partnership: Partnership,
    viewer: User,
    outsider: User,
    inactive: Indicator,
) -> None:
    bad = client_for(viewer).get(url(partnership, f"{inactive.slug}/"), {"comparator": "mars"})
    assert bad.status_code == 400
    assert "Worse than England, as published by Fingertips" in bad.content.decode()
    assert client_for(outsider).get(url(partnership, f"{inactive.slug}/")).status_code == 404
    assert client_for(outsider).get(url(partnership, "rug/")).status_code == 404


def test_list_and_strategy_panels_attribute_the_published_verdict(
    client_for: Callable[[User], Client],
    partnership: Partnership,
    viewer: User,
    scenario: Scenario,
    inactive: Indicator,
) -> None:
    client = client_for(viewer)
    listed = client.get(url(partnership)).content.decode()
    row = listed[listed.index("Physically inactive adults") :]
    row = row[: row.index("</tr>")]
    assert '<strong class="wb-sig wb-sig--worse">Worse</strong>' in row
    assert ATTRIBUTION in row
    assert "Not compared" not in row
    panel = client.get(
        f"/p/{partnership.slug}/strategies/{scenario.strategy.slug}/nodes/{scenario.node.ref}/indicators/"
    )
    assert panel.status_code == 200
    assert "Worse than England, as published by Fingertips" in panel.content.decode()


def test_area_profile_and_rug_mark_the_published_verdicts(
    client_for: Callable[[User], Client], partnership: Partnership, viewer: User, inactive: Indicator
) -> None:
    client = client_for(viewer)
    profile = client.get(url(partnership, "profile/E07000243/")).content.decode()
    assert "27.9%, worse*" in profile
    assert "* As published by Fingertips: these figures have no confidence intervals" in profile
    spine = csv_rows(client, url(partnership, "profile/E07000243/data/profile.csv"))
    header = spine[0]
    inactive_row = next(r for r in spine[1:] if r[0].startswith("Physically inactive adults"))
    assert inactive_row[header.index("Compared by")] == "Fingertips"
    smoking_row = next(r for r in spine[1:] if r[0].startswith("Smoking prevalence"))
    assert smoking_row[header.index("Compared by")] == "Wellboard"

    rug = client.get(url(partnership, "rug/"))
    html = rug.content.decode()
    assert '<span class="wb-rug__label" aria-hidden="true">Worse*</span>' in html
    assert "Worse than England, as published by Fingertips" in html
    assert "* As published by Fingertips" in html
    not_compared = rug.context["not_compared"]
    assert not any(name.startswith("Physically inactive adults") for name in not_compared)
    cells = csv_rows(client, url(partnership, "rug/data/rug.csv"))
    header = cells[0]
    stevenage = next(r for r in cells[1:] if r[1] == "E07000243" and r[2] == "Physically inactive adults")
    assert stevenage[header.index("Compared by")] == "Fingertips"
    county = next(r for r in cells[1:] if r[1] == "E10000015" and r[2] == "Physically inactive adults")
    assert (county[header.index("Compared with England")], county[header.index("Compared by")]) == (
        "Not compared",
        "",
    )
