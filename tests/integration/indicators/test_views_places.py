"""Inequality, ward map, area profile, tartan rug and a strategy node's indicators."""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Callable
from typing import Any

import pytest
from django.test import Client

from tests.factories.indicator_pages import Scenario, build_scenario, warmed
from tests.factories.strategy import NodeFactory
from tests.unit.charts.helpers import layer_values, one_line
from wellboard.geography.models import Area
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


def marks(spec: dict[str, Any]) -> list[str]:
    return [
        layer["mark"] if isinstance(layer["mark"], str) else layer["mark"]["type"] for layer in spec["layer"]
    ]


# ---------------------------------------------------------------- inequality


def test_inequality_page_states_the_sii_in_words(
    client_for: Callable[[User], Client],
    partnership: Partnership,
    viewer: User,
    scenario: Scenario,
    django_assert_max_num_queries: Any,
) -> None:
    client = warmed(client_for(viewer), partnership)
    with django_assert_max_num_queries(17):
        response = client.get(url(partnership, "smoking/inequality/"))
    assert response.status_code == 200
    html = response.content.decode()
    assert "England, 2022, from the most deprived decile" in html
    assert "The slope index of inequality is -10.0 (95% confidence interval" in html
    assert "10.0 percentage points lower than in the most deprived areas" in html
    assert "statistically significant" in html
    spec = spec_of(html, "chart-inequality-spec")
    assert [r["decile"] for r in spec["data"]["values"]] == [str(d) for d in range(1, 11)]
    assert "line" in marks(spec), "the fitted slope is drawn"
    assert "Slope index of inequality: -10.0" in one_line(spec["title"]["subtitle"])
    table = client_for(viewer).get(url(partnership, "smoking/inequality/data/inequality.json")).json()
    assert table["rows"][0]["decile"] == "Most deprived decile (IMD2019)"
    assert table["rows"][-1]["decile"] == "Slope index of inequality"


def test_inequality_page_without_deciles(
    client_for: Callable[[User], Client], partnership: Partnership, viewer: User, scenario: Scenario
) -> None:
    response = client_for(viewer).get(url(partnership, "loneliness/inequality/"))
    assert response.status_code == 200
    assert "There are no figures by deprivation decile for this indicator" in response.content.decode()


def test_inequality_access(
    client_for: Callable[[User], Client],
    partnership: Partnership,
    outsider: User,
    viewer: User,
    scenario: Scenario,
) -> None:
    assert client_for(outsider).get(url(partnership, "smoking/inequality/")).status_code == 404
    assert client_for(viewer).get(url(partnership, "nothing/inequality/")).status_code == 404
    assert client_for(viewer).get(url(partnership, "smoking/inequality/data/map.csv")).status_code == 404


# ---------------------------------------------------------------- ward map


def test_ward_map_shades_wards_and_lists_them(
    client_for: Callable[[User], Client],
    partnership: Partnership,
    viewer: User,
    scenario: Scenario,
    django_assert_max_num_queries: Any,
) -> None:
    client = warmed(client_for(viewer), partnership)
    with django_assert_max_num_queries(16):
        response = client.get(url(partnership, "smoking/map/"))
    assert response.status_code == 200
    html = response.content.decode()
    spec = spec_of(html, "chart-map-spec")
    assert marks(spec)[0] == "geoshape"
    assert set(marks(spec)[1:]) == {"text"}, "each ward is labelled with its group number"
    features = spec["layer"][0]["data"]["values"]["features"]
    assert {f["properties"]["name"] for f in features} == {"Bedwell", "Shephall"}
    assert "Each ward is compared with Stevenage as a whole (15.0%)" in html
    assert '<strong class="wb-sig wb-sig--worse">Worse</strong>' in html
    assert '<strong class="wb-sig wb-sig--better">Better</strong>' in html
    rows = list(
        csv.reader(
            io.StringIO(
                client_for(viewer)
                .get(url(partnership, "smoking/map/data/map.csv"))
                .content.decode("utf-8-sig")
            )
        )
    )
    assert rows[0][:3] == ["Area", "Code", "Value (%)"]
    assert [r[0] for r in rows[1:]] == ["Bedwell", "Shephall"]


def test_ward_map_without_boundaries_still_gives_the_table(
    client_for: Callable[[User], Client], partnership: Partnership, viewer: User, scenario: Scenario
) -> None:
    Area.objects.filter(type="ward").update(geometry=None)
    response = client_for(viewer).get(url(partnership, "smoking/map/"))
    assert response.status_code == 200
    html = response.content.decode()
    assert "Ward boundaries have not been imported" in html
    assert "chart-map-spec" not in html
    assert "Bedwell" in html


def test_ward_map_empty_states(
    client_for: Callable[[User], Client], partnership: Partnership, viewer: User, scenario: Scenario
) -> None:
    client = client_for(viewer)
    no_figures = client.get(url(partnership, "loneliness/map/"))
    assert "There are no ward figures for this indicator in Stevenage" in no_figures.content.decode()
    partnership.area_code = ""
    partnership.save(update_fields=["area_code"])
    no_place = client.get(url(partnership, "smoking/map/"))
    assert no_place.status_code == 200
    assert "This partnership's place is not set" in no_place.content.decode()


# ---------------------------------------------------------------- area profile


def test_area_profile_spine_chart(
    client_for: Callable[[User], Client],
    partnership: Partnership,
    viewer: User,
    scenario: Scenario,
    django_assert_max_num_queries: Any,
) -> None:
    client = client_for(viewer)
    home = client.get(url(partnership, "profile/"))
    assert home.status_code == 302
    assert home["Location"] == url(partnership, "profile/E07000243/")
    # A fixed number whatever the number of indicators: one of them reads each indicator's latest period.
    with django_assert_max_num_queries(16):
        response = client.get(url(partnership, "profile/E07000243/"))
    assert response.status_code == 200
    html = response.content.decode()
    spec = spec_of(html, "chart-profile-spec")
    assert "point" in marks(spec)
    marker = next(layer for layer in spec["layer"] if layer["mark"]["type"] == "point")
    rows = {r["indicator"]: r for r in layer_values(spec, marker)}
    assert set(rows) == {"Smoking prevalence (2022)", "Adults who are obese (2022)"}
    assert rows["Adults who are obese (2022)"]["significance"] == "Worse"
    assert rows["Adults who are obese (2022)"]["position"] < 0.5, "worse is to the left"
    row = rows["Smoking prevalence (2022)"]
    assert row["significance"] == "Similar"
    # Lower is better and Stevenage (15.0) is below England (15.6): right of centre.
    assert row["position"] > 0.5
    data = client.get(url(partnership, "profile/E07000243/data/profile.json")).json()
    smoking = next(r for r in data["rows"] if r["indicator"] == "Smoking prevalence (%)")
    assert smoking["polarity"] == "Lower is better"
    assert smoking["england"] == pytest.approx(15.6)


def test_area_profile_of_another_area_and_bad_codes(
    client_for: Callable[[User], Client],
    partnership: Partnership,
    viewer: User,
    outsider: User,
    scenario: Scenario,
) -> None:
    client = client_for(viewer)
    county = client.get(url(partnership, "profile/E10000015/"))
    assert county.status_code == 200
    assert "Hertfordshire: area profile" in county.content.decode()
    assert client.get(url(partnership, "profile/E99999999/")).status_code == 404
    assert client.get(url(partnership, "profile/E99999999/data/profile.csv")).status_code == 404
    assert client_for(outsider).get(url(partnership, "profile/E07000243/")).status_code == 404


def test_area_profile_empty_states(
    client_for: Callable[[User], Client], partnership: Partnership, viewer: User, scenario: Scenario
) -> None:
    client = client_for(viewer)
    ward = client.get(url(partnership, "profile/E05007388/"))
    assert ward.status_code == 200
    assert "Shephall: area profile" in ward.content.decode()
    assert "chart-profile-spec" in ward.content.decode()
    # A place with no figures at all says so.
    region = client.get(url(partnership, "profile/E12000006/"))
    assert "There are no indicator figures for East of England yet." in region.content.decode()
    partnership.area_code = ""
    partnership.save(update_fields=["area_code"])
    no_place = client.get(url(partnership, "profile/"))
    assert no_place.status_code == 200
    assert "This partnership's place is not set" in no_place.content.decode()


# ---------------------------------------------------------------- tartan rug


def test_tartan_rug_cells_carry_value_and_words(
    client_for: Callable[[User], Client],
    partnership: Partnership,
    viewer: User,
    scenario: Scenario,
    django_assert_max_num_queries: Any,
) -> None:
    client = warmed(client_for(viewer), partnership)
    with django_assert_max_num_queries(22):
        response = client.get(url(partnership, "rug/"))
    assert response.status_code == 200
    html = response.content.decode()
    assert [r.name for r in response.context["rug"].rows] == [
        "Hertfordshire",
        "North Hertfordshire",
        "Stevenage",
    ]
    assert 'class="govuk-table__cell wb-sig wb-sig--similar"><span class="wb-rug__value">15.0</span>' in html
    assert "Similar to England" in html
    assert "(our place)" in html
    assert "England: 15.6%" in html
    wards = client.get(url(partnership, "rug/"), {"areas": "wards"})
    assert [r.name for r in wards.context["rug"].rows] == ["Bedwell", "Shephall"]
    assert "Worse than England" in wards.content.decode()
    long = client.get(url(partnership, "rug/data/rug.csv"), {"areas": "wards"})
    rows = list(csv.reader(io.StringIO(long.content.decode("utf-8-sig"))))
    assert rows[0] == ["Area", "Code", "Indicator", "Period", "Value", "Compared with England", "Compared by"]
    assert rows[1][:3] == ["Bedwell", "E05007380", "Smoking prevalence"]
    assert {row[6] for row in rows[1:]} == {"Wellboard"}


def test_tartan_rug_bad_choice_and_access(
    client_for: Callable[[User], Client],
    partnership: Partnership,
    viewer: User,
    outsider: User,
    scenario: Scenario,
) -> None:
    bad = client_for(viewer).get(url(partnership, "rug/"), {"areas": "galaxies"})
    assert bad.status_code == 400
    assert "There is a problem" in bad.content.decode()
    assert client_for(outsider).get(url(partnership, "rug/")).status_code == 404
    assert client_for(viewer).get(url(partnership, "rug/data/rug.xml")).status_code == 404


def test_tartan_rug_empty_states(
    client_for: Callable[[User], Client], partnership: Partnership, viewer: User
) -> None:
    response = client_for(viewer).get(url(partnership, "rug/"))
    assert response.status_code == 200
    assert "There are no areas to show" in response.content.decode()


# ---------------------------------------------------------------- a strategy node's indicators


def node_url(partnership: Partnership, scenario: Scenario, ref: str = "1") -> str:
    return f"/p/{partnership.slug}/strategies/{scenario.strategy.slug}/nodes/{ref}/indicators/"


def test_node_indicators_fragment_for_htmx(
    client_for: Callable[[User], Client],
    partnership: Partnership,
    council_contributor: User,
    scenario: Scenario,
    django_assert_max_num_queries: Any,
) -> None:
    client = warmed(client_for(council_contributor), partnership)
    with django_assert_max_num_queries(24):
        fragment = client.get(node_url(partnership, scenario), HTTP_HX_REQUEST="true")
    assert fragment.status_code == 200
    html = fragment.content.decode()
    assert "<html" not in html, "htmx gets only the fragment"
    assert "data-node-indicators" in html
    assert "15.0%" in html
    assert "Similar to England" in html
    assert "Decreasing and getting better" in html
    assert ">Amber<" in html
    assert "amber: within 1.5 percentage points above it" in html
    assert "No data yet" in html
    page = client.get(node_url(partnership, scenario))
    assert page.status_code == 200
    assert '<h1 class="govuk-heading-l"' in page.content.decode()
    assert page.context["section"] == "indicators"


def test_node_indicators_empty_and_denied(
    client_for: Callable[[User], Client],
    partnership: Partnership,
    viewer: User,
    outsider: User,
    scenario: Scenario,
) -> None:
    bare = NodeFactory(strategy=scenario.strategy, ref="9", title="Quiet priority")
    response = client_for(viewer).get(node_url(partnership, scenario, bare.ref), HTTP_HX_REQUEST="true")
    assert "No indicators are linked to 9 Quiet priority yet" in response.content.decode()
    # On its own page the sentence is all the page has; on the node's page it is one section.
    alone = client_for(viewer).get(node_url(partnership, scenario, bare.ref)).content.decode()
    assert "data-empty>No indicators are linked to 9 Quiet priority yet" in alone
    node_page = client_for(viewer).get(
        f"/p/{partnership.slug}/strategies/{scenario.strategy.slug}/nodes/{bare.ref}/"
    )
    assert node_page.status_code == 200
    assert "No indicators are linked to 9 Quiet priority yet" in node_page.content.decode()
    assert "data-empty" not in node_page.content.decode()
    assert client_for(viewer).get(node_url(partnership, scenario, "nope")).status_code == 404
    assert client_for(outsider).get(node_url(partnership, scenario)).status_code == 404
