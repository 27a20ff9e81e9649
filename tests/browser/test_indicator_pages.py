"""The indicator page in chromium: every chart is drawn as SVG under the content security policy
(no eval, no inline scripts), nothing is logged as an error, and axe-core finds no serious or
critical problems. The other chart pages are drawn too."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

import pytest

from tests.factories.indicator_pages import build_measure, build_scenario
from wellboard.partners.models import Partnership, User

if TYPE_CHECKING:
    from playwright.sync_api import ConsoleMessage, Page

pytestmark = pytest.mark.browser


def collect_problems(page: Page) -> list[str]:
    """Console errors (CSP violations among them), uncaught exceptions and Vega's own warnings about a
    spec, as they happen."""
    problems: list[str] = []

    def on_console(message: ConsoleMessage) -> None:
        if message.type == "error" or (message.type == "warning" and message.text.startswith("WARN")):
            problems.append(f"console {message.type}: {message.text}")

    page.on("console", on_console)
    page.on("pageerror", lambda error: problems.append(f"page error: {error}"))
    return problems


def wait_for_charts(page: Page, expected: int) -> None:
    charts = page.locator("[data-chart]")
    assert charts.count() == expected
    for index in range(expected):
        chart = charts.nth(index)
        chart.locator("svg").first.wait_for()
        assert chart.get_attribute("data-chart-state") == "ready"


def test_indicator_page_draws_its_charts_accessibly(
    page: Page,
    partnership: Partnership,
    viewer: User,
    sign_in: Callable[..., None],
    assert_accessible: Callable[[Page], None],
) -> None:
    build_scenario(partnership)
    problems = collect_problems(page)
    sign_in(page, viewer.email)

    page.get_by_role("link", name="Indicators", exact=True).click()
    assert page.get_by_role("heading", level=1).inner_text() == "Indicators"
    assert_accessible(page)

    page.get_by_role("link", name="Smoking prevalence").click()
    assert page.get_by_role("heading", level=1).inner_text() == "Smoking prevalence in adults (18+)"
    wait_for_charts(page, expected=3)  # trend, areas compared, by sex
    trend = page.locator('[data-chart="chart-trend-spec"]')
    # Vega names the chart for screen readers with the spec's description.
    assert trend.get_attribute("role") == "graphics-document"
    assert "Latest value 15.0% in 2022" in (trend.get_attribute("aria-label") or "")
    assert page.locator('[data-chart="chart-trend-spec"] svg path').count() > 5
    # The fallback text goes once the chart is drawn; the table stays.
    assert page.locator(".wb-chart__fallback").count() == 0
    assert page.get_by_role("table", name="Smoking prevalence: Stevenage, trend").is_visible()
    assert_accessible(page)
    assert problems == []


@pytest.fixture
def viewer_page(page: Page, partnership: Partnership, viewer: User, sign_in: Callable[..., None]) -> Page:
    """A signed-in viewer's page, with the indicator pages' figures loaded."""
    build_scenario(partnership)
    sign_in(page, viewer.email)
    return page


@pytest.mark.parametrize(
    ("path", "charts"),
    [("smoking/inequality/", 1), ("smoking/map/", 1), ("profile/E07000243/", 1), ("rug/", 0)],
)
def test_other_chart_pages_draw_and_pass_axe(
    viewer_page: Page,
    partnership: Partnership,
    assert_accessible: Callable[[Page], None],
    path: str,
    charts: int,
) -> None:
    problems = collect_problems(viewer_page)
    viewer_page.goto(f"/p/{partnership.slug}/indicators/{path}")
    wait_for_charts(viewer_page, expected=charts)
    assert_accessible(viewer_page)
    assert problems == []


def test_performance_measure_page_draws_and_passes_axe(
    page: Page,
    partnership: Partnership,
    viewer: User,
    sign_in: Callable[..., None],
    assert_accessible: Callable[[Page], None],
) -> None:
    build_measure(partnership, build_scenario(partnership))
    problems = collect_problems(page)
    sign_in(page, viewer.email)
    page.goto(f"/p/{partnership.slug}/indicators/")
    page.get_by_role("link", name="Befriending calls made").click()
    assert page.get_by_role("heading", level=1).inner_text() == "Befriending calls made"
    wait_for_charts(page, expected=3)  # by period, by organisation, by age band
    assert_accessible(page)
    assert problems == []


def test_choosing_a_period_redraws_the_charts_and_a_bad_one_is_explained(
    viewer_page: Page, partnership: Partnership, assert_accessible: Callable[[Page], None]
) -> None:
    problems = collect_problems(viewer_page)
    viewer_page.goto(f"/p/{partnership.slug}/indicators/smoking/")
    viewer_page.get_by_text("Change the area, comparator or period").click()
    viewer_page.get_by_label("Period (optional)").select_option("2018")
    viewer_page.get_by_role("button", name="Show").click()
    viewer_page.wait_for_url("**period=2018**")
    wait_for_charts(viewer_page, expected=2)  # trend and areas compared: no breakdowns in 2018
    assert "2018: areas compared" in (
        viewer_page.locator('[data-chart="chart-areas-spec"]').get_attribute("aria-label") or ""
    )
    assert_accessible(viewer_page)

    viewer_page.goto(f"/p/{partnership.slug}/indicators/rug/?period=1990")
    summary = viewer_page.locator(".govuk-error-summary")
    summary.wait_for()
    assert "Choose a period from the list" in summary.inner_text()
    assert viewer_page.title().startswith("Error: ")
    assert_accessible(viewer_page)
    # The page answers 400 (as a bad choice should), which chromium logs; nothing else may be.
    assert [p for p in problems if "status of 400" not in p] == []


def test_without_javascript_the_tables_carry_the_figures(
    browser: object, live_server: object, partnership: Partnership, viewer: User, sign_in: Callable[..., None]
) -> None:
    from playwright.sync_api import Browser

    assert isinstance(browser, Browser)
    build_scenario(partnership)
    context = browser.new_context(base_url=live_server.url, java_script_enabled=False)  # type: ignore[attr-defined]
    try:
        page = context.new_page()
        sign_in(page, viewer.email)
        page.goto(f"/p/{partnership.slug}/indicators/smoking/")
        assert page.locator("[data-chart] svg").count() == 0
        assert page.get_by_text("The chart is drawn when JavaScript is available.").count() == 3
        assert page.get_by_role("table", name="Smoking prevalence: Stevenage, trend").is_visible()
    finally:
        context.close()
