"""A charity's contributor fills in a fortnight's return in chromium, is told what is wrong with a bad
figure, fixes it and submits; an approver finds it in the completeness grid and approves it; the reach
dashboard then counts it, with its chart drawn. axe-core checks the form and the grid."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterator
from typing import TYPE_CHECKING

import pytest

from tests.factories.returns import befriending
from tests.factories.strategy import InitiativeFactory
from wellboard.core import clock
from wellboard.partners.models import Partnership, User
from wellboard.returns.models import Collection, Figure, Measure, Return, ReturnStatus

if TYPE_CHECKING:
    from playwright.sync_api import Page

pytestmark = pytest.mark.browser
PERIOD = "8 Jun to 21 Jun 2020"


@pytest.fixture(autouse=True)
def first_of_july() -> Iterator[None]:
    """1 July 2020, for the test and the live server's thread alike: the fortnight from 8 June has
    ended and its return is due on Friday 3 July."""
    with clock.frozen_at(dt.datetime(2020, 7, 1, 9, tzinfo=clock.LONDON)):
        yield


@pytest.fixture
def collection(partnership: Partnership) -> Collection:
    collection = befriending(partnership, first_period_start=dt.date(2020, 5, 25))
    initiative = InitiativeFactory(  # type: ignore[no-untyped-call]
        partnership=partnership, slug="befriending", name="Befriending service"
    )
    Measure.objects.filter(collection=collection, code__in=["calls", "visits"]).update(initiative=initiative)
    return collection


def _sign_out(page: Page) -> None:
    page.get_by_role("button", name="Sign out").click()
    page.wait_for_load_state()


def test_contributor_submits_approver_approves_reach_counts_it(
    page: Page,
    collection: Collection,
    charity_contributor: User,
    approver: User,
    sign_in: Callable[..., None],
    assert_accessible: Callable[[Page], None],
) -> None:
    sign_in(page, charity_contributor.email)
    page.get_by_role("link", name="Data returns", exact=True).click()
    assert page.get_by_role("heading", name="Your returns to do").is_visible()
    page.get_by_role("link", name=f"Befriending for {PERIOD}").click()
    assert page.get_by_role("heading", level=1).inner_text() == f"Test Charity: {PERIOD}"

    page.get_by_label("Calls made", exact=True).fill("120")
    page.get_by_label("Sex: Female").fill("70")
    page.get_by_label("Sex: Male").fill("50")
    page.get_by_label("Home visits", exact=True).fill("lots")
    page.get_by_role("button", name="Save and submit").click()

    summary = page.locator(".govuk-error-summary")
    summary.wait_for()
    assert page.title().startswith("Error: ")
    assert "Home visits must be a number, like 12" in summary.inner_text()
    beside = page.locator("#id_visits-error")
    assert "Home visits must be a number, like 12" in beside.inner_text()
    assert page.get_by_label("Home visits", exact=True).input_value() == "lots"
    assert page.get_by_label("Calls made", exact=True).input_value() == "120"
    assert_accessible(page)
    summary.get_by_role("link", name="Home visits must be a number, like 12").click()
    assert page.evaluate("document.activeElement.id") == "id_visits"
    assert not Return.objects.exists()

    page.get_by_label("Home visits", exact=True).fill("35")
    page.get_by_role("button", name="Save and submit").click()
    banner = page.locator(".govuk-notification-banner")
    banner.wait_for()
    assert "Return submitted for approval" in banner.inner_text()
    assert page.locator("#return-status").inner_text().startswith("Submitted")
    assert Return.objects.get().status == ReturnStatus.SUBMITTED
    assert Figure.objects.get(measure__code="visits").value == 35
    _sign_out(page)

    sign_in(page, approver.email)
    page.goto(f"/p/{collection.partnership.slug}/returns/{collection.slug}/")
    grid = page.get_by_role("table", name="Returns by organisation for the last 3 periods")
    assert "Submitted" in grid.get_by_role("row", name="Test Charity").inner_text()
    assert "Missing" in grid.get_by_role("row", name="Test Council").inner_text()
    assert_accessible(page)
    grid.get_by_role("link", name=f"Test Charity, {PERIOD}").click()
    assert page.get_by_role("heading", level=1).inner_text() == f"Test Charity: {PERIOD}"
    page.get_by_role("button", name="Approve").click()
    banner = page.locator(".govuk-notification-banner")
    banner.wait_for()
    assert f"Return approved: Test Charity, {PERIOD}" in banner.inner_text()
    assert page.locator("#return-status").inner_text().startswith("Approved")
    assert Return.objects.get().status == ReturnStatus.APPROVED

    page.get_by_role("link", name="Data returns", exact=True).first.click()
    page.get_by_role("link", name="See the reach dashboard").click()
    # Wait for the dashboard itself: on a busy machine the click's navigation may not be done yet.
    page.get_by_role("heading", level=2, name="Befriending service").wait_for()
    calls = page.get_by_role("table", name="Calls made (calls)")
    assert calls.get_by_role("row", name=PERIOD).inner_text().split()[-3:] == ["120", "120", "1"]
    assert "Test Council" in page.locator(".govuk-warning-text").first.inner_text()
    chart = page.locator('[data-chart="reach-chart-0"]')
    chart.and_(page.locator('[data-chart-state="ready"]')).wait_for()
    assert chart.locator("svg").count() >= 1
    assert_accessible(page)
