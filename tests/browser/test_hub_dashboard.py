"""The hub dashboard in a browser: every chart drawn, nothing wider than a phone, nothing that
axe-core calls serious, and the monthly figures form usable from the keyboard."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

import pytest

from tests.browser.test_page_widths import CHARTS_SETTLED, ESCAPED, TEXT_OUTSIDE
from tests.factories.hub import make_hub_worker
from tests.factories.hub_dashboard import make_figure_world
from wellboard.hub.models import HubMonth
from wellboard.partners.models import Partnership

pytestmark = pytest.mark.browser

DASHBOARD = "/p/test-town/hubs/healthy-hub/dashboard/?from=2026-01-01&to=2026-12-31"


@pytest.fixture(autouse=True)
def _pseudonym_key(settings: pytest.FixtureRequest) -> None:
    settings.WELLBOARD_PSEUDONYM_KEY = "test-only-pseudonym-key"  # type: ignore[attr-defined]


@pytest.mark.parametrize("width", [1280, 375])
def test_the_dashboard_draws_every_chart_within_the_screen(
    page: object,
    partnership: Partnership,
    sign_in: Callable[..., None],
    assert_accessible: Callable[[object], None],
    width: int,
) -> None:
    world = make_figure_world(partnership)
    worker = make_hub_worker(partnership, "hub-worker", world.hub)
    for month in (1, 2, 3):
        HubMonth.objects.create(
            hub=world.hub,
            month=dt.date(2026, month, 1),
            room_bookings=80,
            room_hire_income="3840.00",
            memberships=60,
            membership_income="1920.00",
            other_income="1400.00",
            running_cost="6900.00",
        )
    browser_page = page  # Playwright's Page
    browser_page.set_viewport_size({"width": width, "height": 900})  # type: ignore[attr-defined]
    sign_in(browser_page, worker.email)
    browser_page.goto(DASHBOARD)  # type: ignore[attr-defined]
    browser_page.wait_for_function(CHARTS_SETTLED)  # type: ignore[attr-defined]
    charts = browser_page.locator("[data-chart]")  # type: ignore[attr-defined]
    ready = browser_page.locator('[data-chart][data-chart-state="ready"]')  # type: ignore[attr-defined]
    assert charts.count() >= 12
    assert ready.count() == charts.count()
    assert browser_page.evaluate("document.documentElement.scrollWidth") <= width, browser_page.evaluate(  # type: ignore[attr-defined]
        ESCAPED
    )
    assert browser_page.evaluate(TEXT_OUTSIDE) == []  # type: ignore[attr-defined]
    if width == 1280:
        assert_accessible(browser_page)
        browser_page.screenshot(path="/tmp/h4-dashboard.png", full_page=True)  # type: ignore[attr-defined]
