"""The hub dashboard in a browser: every chart drawn, nothing wider than a phone, nothing that
axe-core calls serious, and the monthly figures form usable from the keyboard."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import TYPE_CHECKING

import pytest

from tests.browser.test_page_widths import CHARTS_SETTLED, ESCAPED, TEXT_OUTSIDE
from tests.factories.hub import make_hub_worker
from tests.factories.hub_dashboard import make_figure_world
from wellboard.hub.models import HubMonth
from wellboard.partners.models import Partnership

if TYPE_CHECKING:
    from playwright.sync_api import Page

pytestmark = pytest.mark.browser

DASHBOARD = "/p/test-town/hubs/healthy-hub/dashboard/?from=2026-01-01&to=2026-12-31"


@pytest.fixture(autouse=True)
def _pseudonym_key(settings: pytest.FixtureRequest) -> None:
    settings.WELLBOARD_PSEUDONYM_KEY = "test-only-pseudonym-key"


@pytest.mark.parametrize("width", [1280, 375])
def test_the_dashboard_draws_every_chart_within_the_screen(
    page: Page,
    partnership: Partnership,
    sign_in: Callable[..., None],
    assert_accessible: Callable[[Page], None],
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
    page.set_viewport_size({"width": width, "height": 900})
    sign_in(page, worker.email)
    page.goto(DASHBOARD)
    page.wait_for_function(CHARTS_SETTLED)
    charts = page.locator("[data-chart]")
    ready = page.locator('[data-chart][data-chart-state="ready"]')
    assert charts.count() >= 12
    assert ready.count() == charts.count()
    assert page.evaluate("document.documentElement.scrollWidth") <= width, page.evaluate(ESCAPED)
    assert page.evaluate(TEXT_OUTSIDE) == []
    if width == 1280:
        assert_accessible(page)
