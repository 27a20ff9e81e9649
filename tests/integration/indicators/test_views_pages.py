"""The indicator list and the indicator page, with their charts, tables and downloads."""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Callable
from typing import Any

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from tests.factories.indicator_pages import Scenario, build_scenario, warmed, wilson
from tests.factories.indicators import IndicatorFactory, ObservationFactory, make_area, year
from wellboard.core.access import Actor
from wellboard.geography.models import AreaType
from wellboard.indicators.models import Indicator, IndicatorKind
from wellboard.indicators.services import ObservationInput, observations_save
from wellboard.partners.models import Partnership, User

pytestmark = pytest.mark.django_db


@pytest.fixture
def scenario(partnership: Partnership) -> Scenario:
    return build_scenario(partnership)


def url(partnership: Partnership, rest: str = "") -> str:
    return f"/p/{partnership.slug}/indicators/{rest}"


def spec_of(html: str, spec_id: str) -> dict[str, Any]:
    """The Vega-Lite spec a page carries in its json_script block."""
    opening = f'<script id="{spec_id}" type="application/json">'
    start = html.index(opening) + len(opening)
    return json.loads(html[start : html.index("</script>", start)])  # type: ignore[no-any-return]


# ---------------------------------------------------------------- list


def test_list_shows_latest_value_comparison_and_trend(
    client_for: Callable[[User], Client],
    partnership: Partnership,
    viewer: User,
    scenario: Scenario,
    django_assert_max_num_queries: Any,
) -> None:
    client = warmed(client_for(viewer), partnership)
    with django_assert_max_num_queries(25):
        response = client.get(url(partnership))
    assert response.status_code == 200
    html = response.content.decode()
    assert response.context["section"] == "indicators"
    assert "Latest figures for Stevenage" in html
    assert "15.0%" in html
    assert "Stevenage, 2022" in html
    assert '<strong class="wb-sig wb-sig--similar">Similar</strong>' in html
    assert "Similar to England" in html, "the comparison is written out, not just coloured"
    assert "Decreasing and getting better" in html
    assert "No data yet" in html, "the indicator without figures is listed calmly"
    assert f'href="/p/{partnership.slug}/indicators/smoking/"' in html


def queries_for(client: Client, path: str) -> int:
    with CaptureQueriesContext(connection) as context:
        assert client.get(path).status_code == 200
    return len(context.captured_queries)


@pytest.mark.usefixtures("no_cache")
def test_query_counts_do_not_grow_with_indicators_or_figures(
    client_for: Callable[[User], Client], partnership: Partnership, viewer: User, scenario: Scenario
) -> None:
    client = client_for(viewer)
    client.get(url(partnership))  # the session's first request does extra work
    before = {path: queries_for(client, url(partnership, path)) for path in ("", "smoking/")}
    for n in range(15):
        extra = IndicatorFactory(partnership=partnership, slug=f"extra-{n}", name=f"Extra {n}")
        for when in (2018, 2019, 2020, 2021, 2022):
            ObservationFactory(
                indicator=extra, area=scenario.places.stevenage, **year(when), **wilson(30, 300)
            )
    for when in (2010, 2011, 2012, 2013, 2014):
        ObservationFactory(
            indicator=scenario.smoking, area=scenario.places.stevenage, **year(when), **wilson(700, 3000)
        )
    after = {path: queries_for(client, url(partnership, path)) for path in ("", "smoking/")}
    assert after == before


def test_list_filters(
    client_for: Callable[[User], Client], partnership: Partnership, viewer: User, scenario: Scenario
) -> None:
    client = client_for(viewer)
    by_name = client.get(url(partnership), {"q": "smok"})
    assert [i.slug for i in by_name.context["indicators"]] == ["smoking"]
    by_node = client.get(url(partnership), {"node": str(scenario.node.pk)})
    assert {i.slug for i in by_node.context["indicators"]} == {"smoking", "loneliness"}
    none = client.get(url(partnership), {"kind": IndicatorKind.HOW_MUCH})
    assert none.status_code == 200
    assert "No indicators match the filters" in none.content.decode()


def test_list_bad_filters_answer_400_with_the_error_summary(
    client_for: Callable[[User], Client], partnership: Partnership, viewer: User, scenario: Scenario
) -> None:
    response = client_for(viewer).get(url(partnership), {"kind": "nonsense", "q": "smok", "node": "99999"})
    assert response.status_code == 400
    html = response.content.decode()
    assert "<title>Error: Indicators" in html
    assert "There is a problem" in html
    assert "Choose a kind from the list" in html
    assert "Choose a theme or priority from the list" in html
    # The valid filter still applies; the page still works.
    assert [i.slug for i in response.context["indicators"]] == ["smoking"]


def test_list_empty_state(
    client_for: Callable[[User], Client], partnership: Partnership, analyst: User, viewer: User
) -> None:
    for_analyst = client_for(analyst).get(url(partnership)).content.decode()
    assert "There are no indicators yet" in for_analyst
    assert "Import a Fingertips data file" in for_analyst
    for_viewer = client_for(viewer).get(url(partnership)).content.decode()
    assert "An analyst or the partnership coordinator can add them" in for_viewer
    assert "Import a Fingertips" not in for_viewer


def test_list_is_for_members_only(
    client_for: Callable[[User], Client], partnership: Partnership, outsider: User, scenario: Scenario
) -> None:
    assert client_for(outsider).get(url(partnership)).status_code == 404
    assert Client().get(url(partnership)).status_code == 302


# ---------------------------------------------------------------- indicator page


def test_indicator_page_has_every_part(
    client_for: Callable[[User], Client],
    partnership: Partnership,
    board_member: User,
    scenario: Scenario,
    django_assert_max_num_queries: Any,
) -> None:
    client = warmed(client_for(board_member), partnership)
    with django_assert_max_num_queries(25):
        response = client.get(url(partnership, "smoking/"))
    assert response.status_code == 200
    html = response.content.decode()
    # Definition
    assert "Adults who say they smoke" in html
    for term in ("Percentage", "Lower is better", "Wilson score (proportions)", "Annual Population Survey"):
        assert term in html
    assert "1 Healthy lives" in html
    # Latest value with limits
    assert "data-latest-value>15.0%<" in html
    assert "95% confidence interval: 13.8 to 16.3" in html
    # Significance against each comparator, in words
    assert "Similar to England" in html
    assert "15.6%" in html
    # Recent trend as a sentence
    assert "Getting better: the value has fallen significantly over the last five periods." in html
    # RAG with its thresholds written beside the colour
    assert "govuk-tag--yellow" in html
    assert ">Amber<" in html
    assert "amber: within 1.5 percentage points above it" in html
    # Charts with their tables and downloads
    trend = spec_of(html, "chart-trend-spec")
    assert trend["$schema"].endswith("vega-lite/v6.json")
    assert len(trend["data"]["values"]) == 8
    assert any(layer["mark"]["type"] == "rule" for layer in trend["layer"]), "the target line"
    areas = spec_of(html, "chart-areas-spec")
    assert [r["area"] for r in areas["data"]["values"]] == ["Stevenage (this area)", "North Hertfordshire"]
    by_sex = spec_of(html, "chart-breakdown-1-spec")
    assert {r["area"] for r in by_sex["data"]["values"]} == {"Persons", "Male", "Female"}
    assert 'data-chart="chart-trend-spec"' in html
    assert html.count("Download the data as CSV") == 3
    assert f'href="/p/{partnership.slug}/indicators/smoking/data/trend.csv"' in html
    assert "vendor/vega-interpreter-2.3.2/vega-interpreter.min.js" in html
    assert "wellboard/js/charts.js" in html


def test_indicator_page_with_no_figures_explains_itself(
    client_for: Callable[[User], Client], partnership: Partnership, viewer: User, scenario: Scenario
) -> None:
    response = client_for(viewer).get(url(partnership, "loneliness/"))
    assert response.status_code == 200
    html = response.content.decode()
    # Said once, at the top; no empty charts below repeat it.
    assert html.count("There is no figure for this indicator yet") == 1
    assert "There are no figures over time for this indicator yet." not in html
    assert "There are no figures for other areas to compare with." not in html
    assert "No target is set for this period" in html
    assert "chart-trend-spec" not in html
    assert "chart-areas-spec" not in html


def test_indicator_page_without_a_unit_says_so_in_words(
    client_for: Callable[[User], Client], partnership: Partnership, viewer: User, scenario: Scenario
) -> None:
    Indicator.objects.filter(slug="loneliness", partnership=partnership).update(unit="")
    html = client_for(viewer).get(url(partnership, "loneliness/")).content.decode()
    unit = '<dt class="govuk-summary-list__key">Unit</dt><dd class="govuk-summary-list__value">No unit</dd>'
    assert unit in html


def test_indicator_page_for_another_area_and_comparator(
    client_for: Callable[[User], Client], partnership: Partnership, viewer: User, scenario: Scenario
) -> None:
    response = client_for(viewer).get(
        url(partnership, "smoking/"), {"area": "E10000015", "comparator": "england"}
    )
    assert response.status_code == 200
    html = response.content.decode()
    assert "Latest value for Hertfordshire" in html
    assert "Better than England" in html
    assert (
        f"/p/{partnership.slug}/indicators/smoking/data/trend.csv?area=E10000015&amp;comparator=england"
        in html
    )


def test_indicator_page_bad_options_answer_400_and_show_the_defaults(
    client_for: Callable[[User], Client], partnership: Partnership, viewer: User, scenario: Scenario
) -> None:
    response = client_for(viewer).get(url(partnership, "smoking/"), {"area": "E99999999"})
    assert response.status_code == 400
    html = response.content.decode()
    assert "There is a problem" in html
    assert "Choose a area from the list" in html or "Choose an area from the list" in html
    assert "Latest value for Stevenage" in html


@pytest.mark.usefixtures("scenario")
def test_indicator_page_denies_outsiders_and_unknown_indicators(
    client_for: Callable[[User], Client],
    partnership: Partnership,
    other_partnership: Partnership,
    outsider: User,
    viewer: User,
) -> None:
    assert client_for(outsider).get(url(partnership, "smoking/")).status_code == 404
    assert client_for(viewer).get(url(partnership, "no-such-indicator/")).status_code == 404
    # An indicator of another partnership is not found through this one.
    IndicatorFactory(partnership=other_partnership, slug="elsewhere-only")
    assert client_for(viewer).get(url(partnership, "elsewhere-only/")).status_code == 404


# ---------------------------------------------------------------- downloads


def test_trend_csv_and_json_match_the_table(
    client_for: Callable[[User], Client], partnership: Partnership, viewer: User, scenario: Scenario
) -> None:
    client = client_for(viewer)
    response = client.get(url(partnership, "smoking/data/trend.csv"))
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/csv")
    assert 'filename="smoking-trend.csv"' in response["Content-Disposition"]
    lines = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    assert lines[0] == [
        "Period",
        "Value (%)",
        "Lower 95% limit",
        "Upper 95% limit",
        "England",
        "Compared with England",
        "Compared by",
        "Target",
    ]
    assert len(lines) == 9
    assert lines[-1][0] == "2022"
    assert float(lines[-1][1]) == pytest.approx(15.0)
    assert lines[-1][6:8] == ["Wellboard", "14.0"]
    data = client.get(url(partnership, "smoking/data/trend.json")).json()
    assert data["title"] == "Smoking prevalence: Stevenage, trend"
    assert data["rows"][-1]["significance"] == "Similar"
    assert data["rows"][-1]["compared_by"] == "Wellboard"
    assert data["rows"][0]["comparator"] == pytest.approx(17.0)


def test_csv_download_is_formula_safe(
    client_for: Callable[[User], Client], partnership: Partnership, viewer: User, scenario: Scenario
) -> None:
    hostile = make_area("E07000999", '=HYPERLINK("http://evil")', AreaType.LTLA, scenario.places.county)
    ObservationFactory(indicator=scenario.smoking, area=hostile, **year(2022), **wilson(100, 1000))
    response = client_for(viewer).get(url(partnership, "smoking/data/areas.csv"))
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    names = [row[0] for row in rows[1:]]
    assert '\'=HYPERLINK("http://evil")' in names
    assert not any(name.startswith("=") for name in names)


def test_download_bad_input_and_access(
    client_for: Callable[[User], Client],
    partnership: Partnership,
    viewer: User,
    outsider: User,
    scenario: Scenario,
) -> None:
    client = client_for(viewer)
    assert client.get(url(partnership, "smoking/data/nonsense.csv")).status_code == 404
    assert client.get(url(partnership, "smoking/data/trend.xml")).status_code == 404
    assert client_for(outsider).get(url(partnership, "smoking/data/trend.csv")).status_code == 404
    assert Client().get(url(partnership, "smoking/data/trend.csv")).status_code == 302


def test_pages_show_figures_saved_after_they_were_cached(
    client_for: Callable[[User], Client],
    partnership: Partnership,
    analyst: User,
    scenario: Scenario,
    actor_of: Callable[[User], Actor],
) -> None:
    client = client_for(analyst)
    assert "Stevenage, 2022" in client.get(url(partnership)).content.decode()
    assert "Latest value 15.0% in 2022" in client.get(url(partnership, "smoking/")).content.decode()
    observations_save(
        by=actor_of(analyst),
        indicator=scenario.smoking,
        rows=[ObservationInput(area_code="E07000243", period="2023", count=120, denominator=1000)],
        source="test",
    )
    assert "Stevenage, 2023" in client.get(url(partnership)).content.decode()
    page = client.get(url(partnership, "smoking/")).content.decode()
    assert "Latest value 12.0% in 2023" in page
