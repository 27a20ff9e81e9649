"""A hub worker signs in, records a visit with an onward referral using only the keyboard, finds the
referral in the hub's referrals list and records that the service accepted it; the service then
opens its status link and says the person attended. axe-core checks each page, every impact."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

import pytest
from playwright.sync_api import expect

from tests.browser.conftest import axe_violations
from tests.factories.directory import make_service
from tests.factories.hub import make_hub, make_hub_worker
from wellboard.hub.models import Contact, Referral
from wellboard.hub.services.referrals import referral_link_token
from wellboard.partners.models import Partnership

if TYPE_CHECKING:
    from playwright.sync_api import Page

pytestmark = pytest.mark.browser
EVERY_IMPACT = frozenset({"minor", "moderate", "serious", "critical"})
MOST_TABS = 60


@pytest.fixture(autouse=True)
def _pseudonym_key(settings: pytest.FixtureRequest) -> None:
    settings.WELLBOARD_PSEUDONYM_KEY = "browser-journey-pseudonym-key"  # type: ignore[attr-defined]


def _no_violations(page: Page) -> None:
    found = axe_violations(page, impacts=EVERY_IMPACT)
    assert not found, "\n".join(
        f"{v['id']} ({v['impact']}): {v['help']} at {[n['target'] for n in v['nodes'][:3]]}" for v in found
    )


def _focused_id(page: Page) -> str:
    return str(page.evaluate("document.activeElement ? document.activeElement.id : ''"))


def _tab_to(page: Page, label: str) -> None:
    """Press Tab until the field labelled ``label`` has the focus, as someone at a keyboard would."""
    target = page.get_by_label(label, exact=True).get_attribute("id")
    for _ in range(MOST_TABS):
        if _focused_id(page) == target:
            return
        page.keyboard.press("Tab")
    raise AssertionError(f"Tab never reached '{label}'")


def test_a_hub_worker_records_a_visit_with_a_referral_by_keyboard(
    page: Page, partnership: Partnership, sign_in: Callable[..., None]
) -> None:
    partnership.two_factor_roles = []
    partnership.save()
    hub = make_hub(partnership, "healthy-hub", name="Healthy Hub")
    worker = make_hub_worker(partnership, "hub-worker", hub)
    make_service(partnership, "carers-drop-in", name="Carers drop-in")
    make_service(partnership, "debt-and-money-advice", name="Debt and money advice")

    sign_in(page, worker.email)
    page.goto(f"/p/{partnership.slug}/hubs/{hub.slug}/contacts/")
    assert page.get_by_role("heading", name="Record a visit").is_visible()
    _no_violations(page)

    # The cursor starts in the identifier box.
    assert _focused_id(page) == page.get_by_label("The hub's identifier for the person").get_attribute("id")
    page.keyboard.type("HH-0042")
    _tab_to(page, "Female")
    page.keyboard.press("Space")
    _tab_to(page, "Age band")
    page.keyboard.type("45")
    _tab_to(page, "Walk-in")
    page.keyboard.press("Space")
    _tab_to(page, "Money")
    page.keyboard.press("Space")
    _tab_to(page, "Debt and money advice")
    page.keyboard.press("Space")
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.textContent.trim()") == "Record the visit"
    page.keyboard.press("Enter")

    banner = page.locator(".govuk-notification-banner__heading")
    banner.wait_for()
    referral = Referral.objects.get()
    assert referral.service.name == "Debt and money advice"
    assert referral.reference in banner.inner_text()
    assert Contact.objects.get().needs == ["money"]
    # Ready for the next visit: the form empty again, with the same date.
    expect(page.get_by_label("The hub's identifier for the person")).to_have_value("")

    page.get_by_role("link", name="See this hub's referrals and what happened to them").focus()
    with page.expect_navigation():
        page.keyboard.press("Enter")
    assert page.get_by_role("heading", name="Referrals").is_visible()
    row = page.get_by_role("row").filter(has_text=referral.reference)
    assert "Debt and money advice" in row.inner_text()
    assert "Sent" in row.inner_text()
    _no_violations(page)

    page.get_by_role("link", name=referral.reference).focus()
    with page.expect_navigation():
        page.keyboard.press("Enter")
    assert page.get_by_role("heading", name=f"Referral {referral.reference}").is_visible()
    _no_violations(page)
    _tab_to(page, "Accepted")
    page.keyboard.press("Space")
    page.get_by_role("button", name="Record the new status").focus()
    with page.expect_navigation():
        page.keyboard.press("Enter")
    assert page.get_by_text(f"Referral {referral.reference} is now accepted").is_visible()
    referral.refresh_from_db()
    assert referral.status == "accepted"

    # The service, with no account, opens its link in a fresh browser.
    with page.expect_navigation():
        page.get_by_role("button", name="Sign out").click()
    page.goto(f"/referral-status/{referral_link_token(referral)}/")
    assert page.get_by_role("heading", name=f"Referral {referral.reference}").is_visible()
    assert "HH-0042" not in page.content()
    _no_violations(page)
    page.get_by_label("Attended", exact=True).check()
    with page.expect_navigation():
        page.get_by_role("button", name="Tell the hub").click()
    assert page.get_by_text("the referral is attended").is_visible()
    referral.refresh_from_db()
    assert referral.status == "attended"
