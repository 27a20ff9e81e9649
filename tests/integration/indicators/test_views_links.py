"""No page links to a view that then says it has nothing to show: it says why instead, once. And
"not compared" or "could not be calculated" always comes with the reason."""

from __future__ import annotations

import re
from collections.abc import Callable

import pytest
from django.test import Client

from tests.factories.indicator_pages import Scenario, build_measure, build_scenario, wilson
from tests.factories.indicators import IndicatorFactory, ObservationFactory, make_places, year
from wellboard.core.access import Actor
from wellboard.indicators.services import ObservationInput, observations_save
from wellboard.partners.models import Partnership, User

pytestmark = pytest.mark.django_db

VIEWS = re.compile(r'href="(/p/[^"]+/indicators/(?:[^"/]+/(?:map|inequality)/|profile/[^"]*|rug/))"')


@pytest.fixture
def scenario(partnership: Partnership) -> Scenario:
    built = build_scenario(partnership)
    build_measure(partnership, built)
    # Figures without confidence limits, for Stevenage only, and England's for another year.
    quoted = IndicatorFactory(partnership=partnership, slug="quoted", name="Adults who eat healthily")
    ObservationFactory(indicator=quoted, area=built.places.stevenage, **year(2012), value=27.2)
    ObservationFactory(indicator=quoted, area=built.places.england, **year(2011), value=25.0)
    return built


def url(partnership: Partnership, rest: str = "") -> str:
    return f"/p/{partnership.slug}/indicators/{rest}"


def test_no_page_links_to_a_view_with_nothing_to_show(
    client_for: Callable[[User], Client], partnership: Partnership, viewer: User, scenario: Scenario
) -> None:
    client = client_for(viewer)
    pages = [url(partnership), url(partnership, "rug/"), url(partnership, "profile/E07000243/")]
    pages += [
        url(partnership, f"{slug}/") for slug in ("smoking", "obesity", "loneliness", "quoted", "calls")
    ]
    followed = set()
    for source in pages:
        response = client.get(source)
        assert response.status_code == 200, source
        for target in VIEWS.findall(response.content.decode()):
            followed.add(target)
            shown = client.get(target, follow=True)
            assert shown.status_code == 200, target
            assert "data-empty" not in shown.content.decode(), f"{source} links to {target}, which is empty"
    assert url(partnership, "smoking/map/") in followed, "views with figures are linked"
    assert url(partnership, "smoking/inequality/") in followed
    assert not any("/obesity/" in target or "/calls/" in target for target in followed)


def test_indicator_page_says_once_why_a_view_is_not_linked(
    client_for: Callable[[User], Client], partnership: Partnership, viewer: User, scenario: Scenario
) -> None:
    html = client_for(viewer).get(url(partnership, "obesity/")).content.decode()
    assert "Map by ward" not in html
    assert "Inequality by deprivation" not in html
    assert html.count("No ward figures yet: ward maps need figures for the wards of Stevenage.") == 1
    assert html.count("No figures by deprivation yet: the inequality view needs figures by deprivation") == 1
    smoking = client_for(viewer).get(url(partnership, "smoking/")).content.decode()
    assert "No ward figures yet" not in smoking
    assert "No figures by deprivation yet" not in smoking


def test_not_compared_and_no_trend_say_why(
    client_for: Callable[[User], Client], partnership: Partnership, viewer: User, scenario: Scenario
) -> None:
    html = client_for(viewer).get(url(partnership, "quoted/")).content.decode()
    assert "England has no figure for 2012, so it is not compared." in html
    assert "No data" not in html, "a comparator without a figure is named once, not listed as no data"
    assert (
        "The recent trend could not be calculated: it needs 5 periods with figures, and there is only one."
        in html
    )
    # One figure: no trend chart and no chart of one area, each said once in words.
    assert "There is a figure for one period only (2012), so there is no trend to chart yet." in html
    assert "No other areas to compare: only Stevenage has a figure for 2012." in html
    assert "chart-trend-spec" not in html
    assert "chart-areas-spec" not in html


def test_a_figure_without_limits_is_not_tested(
    client_for: Callable[[User], Client], partnership: Partnership, viewer: User, scenario: Scenario
) -> None:
    limitless = IndicatorFactory(partnership=partnership, slug="limitless", name="GCSEs")
    ObservationFactory(indicator=limitless, area=scenario.places.stevenage, **year(2011), value=77.0)
    ObservationFactory(indicator=limitless, area=scenario.places.england, **year(2011), value=80.5)
    html = client_for(viewer).get(url(partnership, "limitless/")).content.decode()
    assert "80.5%" in html, "England's figure is still shown"
    assert "At 95% confidence" not in html
    assert "Not compared: this figure has no confidence interval" in html


def test_list_gives_the_reasons(
    client_for: Callable[[User], Client], partnership: Partnership, viewer: User, scenario: Scenario
) -> None:
    html = client_for(viewer).get(url(partnership)).content.decode()
    row = html.split("Adults who eat healthily")[1].split("</tr>")[0]
    assert "England has no figure for 2012" in row
    assert "It needs 5 periods with figures, and there is only one" in row
    obesity = html.split("Adults who are obese")[1].split("</tr>")[0]
    assert "Worse" in obesity
    assert "It needs 5 periods with figures, and there is only one" in obesity


def test_strategy_panel_gives_the_reasons(
    client_for: Callable[[User], Client], partnership: Partnership, viewer: User, scenario: Scenario
) -> None:
    scenario.smoking.nodes.clear()
    quoted = scenario.node.indicators.model.objects.get(slug="quoted")
    quoted.nodes.add(scenario.node)
    response = client_for(viewer).get(
        f"/p/{partnership.slug}/strategies/{scenario.strategy.slug}/nodes/1/indicators/"
    )
    html = response.content.decode()
    assert "England has no figure for 2012" in html
    assert "It needs 5 periods with figures, and there is only one" in html
    assert "Befriending calls made" in html
    assert "Performance measure: judged against its target" in html


def test_rug_leaves_out_indicators_with_one_area_and_says_so(
    client_for: Callable[[User], Client], partnership: Partnership, viewer: User, scenario: Scenario
) -> None:
    limitless = IndicatorFactory(partnership=partnership, slug="limitless", name="GCSEs")
    for area, value in ((scenario.places.stevenage, 77.0), (scenario.places.north_herts, 81.0)):
        ObservationFactory(indicator=limitless, area=area, **year(2022), value=value)
    ObservationFactory(indicator=limitless, area=scenario.places.england, **year(2022), value=80.5)
    response = client_for(viewer).get(url(partnership, "rug/"))
    assert [c.key for c in response.context["rug"].columns] == ["obesity", "limitless", "smoking"]
    html = response.content.decode()
    assert "Not shown, as only one of these areas has a figure for it: Adults who eat healthily." in html
    assert "Not compared with England: GCSEs (its figures have no confidence intervals)." in html


def test_profile_says_once_which_indicators_have_no_range(
    client_for: Callable[[User], Client], partnership: Partnership, viewer: User, scenario: Scenario
) -> None:
    html = client_for(viewer).get(url(partnership, "profile/E07000243/")).content.decode()
    assert (
        "1 of the 3 indicators have no range of areas to show, as Stevenage is the only comparable "
        "area with a figure for it: Adults who eat healthily."
    ) in html


def test_pages_about_all_indicators_are_not_linked_without_figures(
    client_for: Callable[[User], Client], partnership: Partnership, viewer: User
) -> None:
    # No place set, no figures: nothing for the area profile or the rug to show.
    html = client_for(viewer).get(url(partnership)).content.decode()
    assert 'href="/p/test-town/indicators/profile/"' not in html
    assert 'href="/p/test-town/indicators/rug/"' not in html
    assert html.count("No area profile or tartan rug: the partnership&#x27;s place is not set.") == 1


def test_rug_link_needs_figures_for_two_areas(
    client_for: Callable[[User], Client],
    partnership: Partnership,
    viewer: User,
    analyst: User,
    actor_of: Callable[[User], Actor],
) -> None:
    places = make_places(partnership)
    alone = IndicatorFactory(partnership=partnership, slug="alone", name="Stevenage only")
    ObservationFactory(indicator=alone, area=places.stevenage, **year(2022), **wilson(30, 100))
    html = client_for(viewer).get(url(partnership)).content.decode()
    assert 'href="/p/test-town/indicators/profile/"' in html
    assert 'href="/p/test-town/indicators/rug/"' not in html
    assert "No tartan rug yet: no population indicator has figures for more than one area" in html
    observations_save(
        by=actor_of(analyst),
        indicator=alone,
        rows=[ObservationInput(area_code=places.north_herts.code, period="2022", count=20, denominator=100)],
        source="test",
    )
    html = client_for(viewer).get(url(partnership)).content.decode()
    assert 'href="/p/test-town/indicators/rug/"' in html, "the next view after the change links it"
