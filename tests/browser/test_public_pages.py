"""The public site in a browser, signed out: every page passes axe-core, fits the window at
1280 px and 375 px, and draws its charts."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

import pytest

from tests.factories import PartnershipFactory
from tests.factories.public import build_public_world
from wellboard.core.access import Actor
from wellboard.reports.models import RenderedFile
from wellboard.reports.services import rendered_file_render, report_create, report_publish

if TYPE_CHECKING:
    from playwright.sync_api import Page

pytestmark = pytest.mark.browser

WIDTHS = (1280, 375)
PAGES = [
    "",
    "strategies/community/",
    "indicators/",
    "indicators/smokers/",
    "reach/",
    "reports/",
    "data/",
    "accessibility/",
]


@pytest.mark.parametrize("width", WIDTHS)
def test_public_pages_are_accessible_and_fit_the_window(
    page: Page, assert_accessible: Callable[[Page], None], width: int
) -> None:
    world = build_public_world(PartnershipFactory(slug="test-town", name="Test Town Partnership"))
    actor = Actor.command_line(world.partnership.pk)
    report = report_create(by=actor, strategy=world.strategy.strategy, kind="annual", period="2025/26")
    edition = report_publish(by=actor, report=report, expected_version=report.version)
    rendered_file_render(file_id=RenderedFile.objects.get(edition=edition, format="html").pk)
    page.set_viewport_size({"width": width, "height": 900})
    for path in PAGES:
        response = page.goto(f"/public/test-town/{path}")
        assert response is not None
        assert response.status == 200, path
        if page.locator("[data-chart]").count():
            page.locator("[data-chart] svg").first.wait_for()
        assert page.evaluate("document.documentElement.scrollWidth") <= width, f"{path} is too wide"
        assert_accessible(page)


def test_the_menu_opens_on_a_phone(page: Page) -> None:
    build_public_world(PartnershipFactory(slug="test-town", name="Test Town Partnership"))
    page.set_viewport_size({"width": 375, "height": 800})
    page.goto("/public/test-town/")
    page.get_by_role("button", name="Menu").click()
    page.get_by_role("link", name="Open data").first.click()
    page.wait_for_load_state()
    assert page.url.endswith("/public/test-town/data/")
