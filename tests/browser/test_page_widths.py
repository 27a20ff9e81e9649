"""No page is wider than the screen, on a desktop (1280 px) or a phone (375 px): wide tables scroll
inside their own labelled box, long filter options shrink to their column, and every chart's title,
axis labels and words are drawn inside the chart.

The pages are filled with what makes them wide: a dozen indicators in the tartan rug, a strategy
priority with a long title in the indicator filter, a quarter of fortnightly returns in the
completeness grid, the reach dashboard's charts and tables, the area profile's spine chart, and the
lists of organisations, initiatives, actions and milestones, with long names."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterator
from decimal import Decimal
from typing import TYPE_CHECKING

import pytest

from tests.factories.indicator_pages import Scenario, build_scenario, wilson
from tests.factories.indicators import IndicatorFactory, ObservationFactory, year
from tests.factories.returns import befriending
from tests.factories.strategy import InitiativeFactory, MilestoneFactory, NodeFactory, build_strategy_world
from wellboard.core import clock
from wellboard.indicators.models import Method, Polarity, ValueType
from wellboard.partners.models import Organisation, Partnership, User
from wellboard.returns.models import Collection, Figure, Measure, Return, ReturnStatus

if TYPE_CHECKING:
    from playwright.sync_api import Page

pytestmark = pytest.mark.browser

WIDTHS = (1280, 375)
LONG_PRIORITY = (
    "Give every child the best start in life, with support for parents from pregnancy onwards, "
    "in every ward of the town"
)
# What sticks out past the window and is not clipped by a box that scrolls: a positioned element
# escapes every scroll box below its containing block (the visually hidden text in a table did).
ESCAPED = """() => {
  const style = (node) => getComputedStyle(node);
  const clipped = (element) => {
    let node = element;
    while (node) {
      let parent = node.parentElement;
      if (["absolute", "fixed"].includes(style(node).position)) {
        while (parent && style(parent).position === "static") parent = parent.parentElement;
      }
      if (!parent) return false;
      if (style(parent).overflowX !== "visible") return true;
      node = parent;
    }
    return false;
  };
  const width = window.innerWidth, found = [];
  for (const element of document.querySelectorAll("body *")) {
    const right = element.getBoundingClientRect().right;
    if (right > width + 0.5 && !clipped(element)) {
      found.push(`${element.tagName.toLowerCase()}.${element.className} to ${Math.round(right)} px`);
    }
  }
  return found.slice(0, 10);
}"""
# Each piece of text a chart draws outside the chart's box (where it would be cut off).
TEXT_OUTSIDE = """() => [...document.querySelectorAll("[data-chart]")].flatMap((chart) => {
  const box = chart.getBoundingClientRect();
  return [...chart.querySelectorAll("svg text")].filter((text) => text.textContent.trim()).flatMap((text) => {
    const drawn = text.getBoundingClientRect();
    const outside = drawn.left < box.left - 0.5 || drawn.right > box.right + 0.5;
    return outside ? [`${chart.dataset.chart}: "${text.textContent}"`] : [];
  });
})"""
CHARTS_SETTLED = """() => [...document.querySelectorAll("[data-chart]")].every(
  (chart) => ["ready", "failed", "unavailable"].includes(chart.getAttribute("data-chart-state")))"""


@pytest.fixture(autouse=True)
def first_of_march_2023() -> Iterator[None]:
    """A fixed day, for the test and the live server's thread alike."""
    with clock.frozen_at(dt.datetime(2023, 3, 1, 9, tzinfo=clock.LONDON)):
        yield


def _wide_rug(partnership: Partnership, scenario: Scenario) -> None:
    places = scenario.places
    for number in range(1, 11):
        indicator = IndicatorFactory(
            partnership=partnership,
            slug=f"wide-{number}",
            name=f"Adults in the survey who reported outcome number {number} in the last year",
            value_type=ValueType.PERCENTAGE,
            method=Method.WILSON,
            multiplier=100,
            unit="%",
            polarity=Polarity.HIGH_IS_GOOD,
        )
        for area, count in (
            (places.england, 40000),
            (places.county, 4100 + number),
            (places.stevenage, 420 - number),
            (places.north_herts, 400),
        ):
            ObservationFactory(indicator=indicator, area=area, **year(2022), **wilson(count, 100000))


def _approved_returns(partnership: Partnership) -> Collection:
    collection = befriending(partnership, first_period_start=dt.date(2022, 10, 3))
    initiative = InitiativeFactory(  # type: ignore[no-untyped-call]
        partnership=partnership, slug="befriending", name="Befriending service"
    )
    Measure.objects.filter(collection=collection).update(initiative=initiative)
    measures = {m.code: m for m in collection.measures.all()}
    day = clock.today()
    for number, period in enumerate(p for p in collection.periods(until=day) if p.end < day):
        for organisation in collection.organisations.all():
            made = Return.objects.create(
                collection=collection,
                organisation=organisation,
                period=period.code,
                period_start=period.start,
                period_end=period.end,
                due_date=collection.due_date(period),
                status=ReturnStatus.APPROVED,
            )
            calls, visits = Decimal(410 + 7 * number), Decimal(35 + number)
            Figure.objects.create(data_return=made, measure=measures["calls"], value=calls)
            Figure.objects.create(data_return=made, measure=measures["visits"], value=visits)
            Figure.objects.create(
                data_return=made,
                measure=measures["less_lonely"],
                value=Decimal(30 + number),
                denominator=Decimal(60),
            )
    return collection


@pytest.fixture
def wide_pages(partnership: Partnership) -> dict[str, str]:
    scenario = build_scenario(partnership)
    NodeFactory(strategy=scenario.strategy, parent=scenario.node, ref="1.1", title=LONG_PRIORITY)
    _wide_rug(partnership, scenario)
    collection = _approved_returns(partnership)
    world = build_strategy_world(partnership)
    Organisation.objects.filter(pk=world.council_action.lead_organisation_id).update(
        name="East and North Hertfordshire Health and Care Partnership Council"
    )
    MilestoneFactory(
        action=world.council_action,
        title="Survey three hundred local families about what they need from the parks",
        due_date=dt.date(2023, 1, 31),
    )
    base = f"/p/{partnership.slug}"
    return {
        "indicator list": f"{base}/indicators/",
        "tartan rug": f"{base}/indicators/rug/",
        "indicator page": f"{base}/indicators/{scenario.smoking.slug}/",
        "area profile": f"{base}/indicators/profile/{scenario.places.stevenage.code}/",
        "strategy page": f"{base}/strategies/{scenario.strategy.slug}/",
        "completeness grid": f"{base}/returns/{collection.slug}/",
        "reach dashboard": f"{base}/returns/reach/",
        "returns home": f"{base}/returns/",
        "organisation list": f"{base}/organisations/",
        "initiative list": f"{base}/initiatives/",
        "action list": f"{base}/actions/",
        "action page": f"{base}/actions/{world.council_action.pk}/",
        "people": f"{base}/people/",
    }


@pytest.mark.parametrize("width", WIDTHS)
def test_no_page_is_wider_than_the_screen(
    page: Page,
    wide_pages: dict[str, str],
    coordinator: User,
    sign_in: Callable[..., None],
    width: int,
) -> None:
    page.set_viewport_size({"width": width, "height": 900})
    sign_in(page, coordinator.email)
    too_wide = {}
    for name, url in wide_pages.items():
        page.goto(url)
        page.wait_for_function(CHARTS_SETTLED)
        scroll_width = page.evaluate("document.documentElement.scrollWidth")
        if scroll_width > page.evaluate("window.innerWidth"):
            too_wide[name] = f"{scroll_width} px wide: {page.evaluate(ESCAPED)}"
    assert too_wide == {}


@pytest.mark.parametrize("width", WIDTHS)
def test_chart_titles_and_labels_are_drawn_inside_their_charts(
    page: Page,
    wide_pages: dict[str, str],
    coordinator: User,
    sign_in: Callable[..., None],
    width: int,
) -> None:
    page.set_viewport_size({"width": width, "height": 900})
    sign_in(page, coordinator.email)
    cut_off = {}
    for name, charts in (("reach dashboard", 3), ("indicator page", 3), ("area profile", 1)):
        page.goto(wide_pages[name])
        page.wait_for_function(CHARTS_SETTLED)
        assert page.locator('[data-chart][data-chart-state="ready"]').count() >= charts
        cut_off[name] = page.evaluate(TEXT_OUTSIDE)
    assert cut_off == {"reach dashboard": [], "indicator page": [], "area profile": []}


def test_wide_tables_scroll_in_a_labelled_box_that_takes_the_focus(
    page: Page, wide_pages: dict[str, str], coordinator: User, sign_in: Callable[..., None]
) -> None:
    page.set_viewport_size({"width": 375, "height": 900})
    sign_in(page, coordinator.email)
    page.goto(wide_pages["tartan rug"])
    region = page.get_by_role("region", name="Areas by indicator (table)")
    assert region.get_attribute("tabindex") == "0"
    sizes = region.evaluate("box => [box.scrollWidth, box.clientWidth]")
    assert sizes[0] > sizes[1], "the rug is wider than the phone and scrolls inside its box"
    region.focus()
    page.keyboard.press("ArrowRight")
    page.wait_for_function("() => document.activeElement.scrollLeft > 0")
    # The filter with long options fits its column on the indicator list.
    page.goto(wide_pages["indicator list"])
    select = page.get_by_label("Strategy theme or priority (optional)")
    column = page.locator("form.wb-filters")
    select_box, column_box = select.bounding_box(), column.bounding_box()
    assert select_box is not None
    assert column_box is not None
    assert select_box["x"] + select_box["width"] <= column_box["x"] + column_box["width"] + 0.5
