"""A contributor signs in, opens the strategy, posts a progress update to their organisation's action
and finds it in the history; another organisation's action offers them no form and refuses a post."""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import TYPE_CHECKING

import pytest

from tests.factories.strategy import ProgressUpdateFactory, build_strategy_world
from wellboard.partners.models import Partnership, User
from wellboard.strategy.models import ProgressUpdate

if TYPE_CHECKING:
    from playwright.sync_api import Page

pytestmark = pytest.mark.browser


def test_contributor_posts_a_progress_update(
    page: Page,
    partnership: Partnership,
    council_contributor: User,
    sign_in: Callable[..., None],
    assert_accessible: Callable[[Page], None],
) -> None:
    world = build_strategy_world(partnership)
    ProgressUpdateFactory(action=world.council_action, narrative="Six parks booked for August", rag="green")
    sign_in(page, council_contributor.email)

    page.get_by_role("link", name="Strategy", exact=True).click()
    page.get_by_role("link", name="Community strategy").click()
    assert page.get_by_role("heading", level=1).inner_text() == "Community strategy"
    assert page.get_by_text("2 actions: 1 amber, 1 green.").count() >= 1
    assert_accessible(page)

    page.get_by_text("2 actions under 1.1").click()
    page.get_by_role("link", name="A1 Run pop-up play in parks").click()
    assert page.get_by_role("heading", level=1).inner_text() == "Run pop-up play in parks"
    assert page.get_by_text("Six parks booked for August").is_visible()
    assert_accessible(page)

    page.get_by_label("Action to date").fill("Sixty sessions held in twelve parks over five weeks")
    page.get_by_label("Amber: at risk").check()
    page.get_by_role("button", name="Post the update").click()
    banner = page.locator("#progress .govuk-notification-banner")
    banner.wait_for()
    assert "posted" in banner.inner_text()
    history = page.locator("#progress .wb-update")
    assert "Sixty sessions held in twelve parks" in history.first.inner_text()
    assert "Amber" in history.first.inner_text()
    assert_accessible(page)

    update = ProgressUpdate.objects.get(narrative__startswith="Sixty sessions")
    assert update.author == council_contributor
    world.council_action.refresh_from_db()
    assert world.council_action.rag == "amber"

    page.get_by_role("link", name="History of action A1").click()
    assert page.get_by_role("heading", level=1).inner_text() == "History"
    posted = page.get_by_role(
        "heading", level=2, name=re.compile(r"posted the progress update for 20\d\d.\d\d Q\d")
    )
    assert posted.count() == 1
    assert page.get_by_text("Sixty sessions held in twelve parks over five weeks").count() >= 1
    assert_accessible(page)


def test_update_form_shows_errors_without_losing_what_was_typed(
    page: Page,
    partnership: Partnership,
    council_contributor: User,
    sign_in: Callable[..., None],
    assert_accessible: Callable[[Page], None],
) -> None:
    world = build_strategy_world(partnership)
    sign_in(page, council_contributor.email)
    page.goto(f"/p/{partnership.slug}/actions/{world.council_action.pk}/")
    page.get_by_label("Action to date").fill("Half-written update")
    page.get_by_role("button", name="Post the update").click()
    summary = page.locator(".govuk-error-summary")
    summary.wait_for()
    assert "Choose a RAG rating" in summary.inner_text()
    assert page.get_by_label("Action to date").input_value() == "Half-written update"
    assert_accessible(page)
    assert not ProgressUpdate.objects.exists()


def test_another_organisations_action_offers_no_update(
    page: Page,
    partnership: Partnership,
    council_contributor: User,
    sign_in: Callable[..., None],
) -> None:
    world = build_strategy_world(partnership)
    sign_in(page, council_contributor.email)
    url = f"/p/{partnership.slug}/actions/{world.charity_action.pk}/"
    page.goto(url)
    assert page.get_by_role("heading", level=1).inner_text() == "Befriending calls"
    assert page.get_by_role("button", name="Post the update").count() == 0
    assert page.get_by_role("link", name="Edit the action").count() == 0

    token = next(c["value"] for c in page.context.cookies() if c["name"] == "csrftoken")
    response = page.request.post(
        url + "updates/new/",
        form={"period": "2026/27 Q2", "narrative": "Not ours to post", "rag": "red"},
        headers={"X-CSRFToken": token, "Referer": page.url},
    )
    assert response.status == 404
    edit = page.request.get(url + "edit/")
    assert edit.status == 404
    assert not ProgressUpdate.objects.exists()
