"""A person's own write shows on the very next page, whatever other readers were doing meanwhile.

The interleavings are played out explicitly (a write lands in the middle of another person's page
view), so these tests decide the outcome without depending on timing.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from django.test import Client

from tests.factories.strategy import StrategyWorld
from wellboard.core.access import Actor
from wellboard.partners.models import Partnership, User
from wellboard.partners.selectors import actor_for
from wellboard.strategy.models import Strategy
from wellboard.strategy.services import progress_update_post, strategy_update
from wellboard.strategy.views import strategies as strategy_views

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("frozen_clock")]

ClientFor = Callable[[User], Client]
STRATEGY = "/p/test-town/strategies/community/"


def _actor(user: User, partnership: Partnership) -> Actor:
    actor = actor_for(user=user, partnership=partnership)
    assert actor is not None
    return actor


def test_a_write_landing_during_another_readers_page_view_shows_on_the_writers_next_page(
    client_for: ClientFor,
    world: StrategyWorld,
    coordinator: User,
    viewer: User,
    partnership: Partnership,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """The viewer's page reads the strategy, then the coordinator's change commits, then the viewer's
    page goes on to build and cache the tree. The coordinator's next page must show the change."""
    coordinator_actor = _actor(coordinator, partnership)
    real_strategy_get = strategy_views.strategy_get

    def strategy_get_then_a_write_commits(**kwargs: Any) -> Strategy:
        found = real_strategy_get(**kwargs)
        strategy_update(
            by=coordinator_actor,
            strategy=world.strategy,
            expected_version=world.strategy.version,
            level_names="Pillar > Recommendation",
        )
        progress_update_post(
            by=coordinator_actor,
            action=world.council_action,
            period="2026/27 Q2",
            narrative="Two parks lost.",
            rag="red",
        )
        return found

    monkeypatch.setattr(strategy_views, "strategy_get", strategy_get_then_a_write_commits)
    assert client_for(viewer).get(STRATEGY).status_code == 200
    monkeypatch.setattr(strategy_views, "strategy_get", real_strategy_get)

    html = client_for(coordinator).get(STRATEGY).content.decode()
    assert "Pillar 1" in html, "the coordinator's level names"
    assert "Theme 1" not in html
    assert '<div class="wb-tile wb-tile--red"><span class="wb-tile__value">1</span>' in html


def test_posting_an_update_with_htmx_shows_the_new_rag_wherever_the_page_shows_it(
    client_for: ClientFor, world: StrategyWorld, coordinator: User
) -> None:
    action = world.council_action
    assert action.rag == "green"
    response = client_for(coordinator).post(
        f"/p/test-town/actions/{action.pk}/updates/new/",
        {"period": "2026/27 Q2", "narrative": "Two parks lost.", "rag": "red"},
        HTTP_HX_REQUEST="true",
    )
    assert response.status_code == 200
    html = response.content.decode()
    # The progress section is swapped in; the rating at the top of the page and in the details
    # list are swapped out of band, so the confirmation never shows the old rating.
    assert html.count('hx-swap-oob="true"') == 2
    assert '<p class="govuk-body" id="action-status" hx-swap-oob="true">' in html
    assert 'id="action-rag" hx-swap-oob="true"><strong class="govuk-tag govuk-tag--red wb-rag">Red' in html
    assert "govuk-tag--green" not in html, "the old rating"


def test_a_bad_htmx_update_changes_nothing_on_the_page_but_the_form(
    client_for: ClientFor, world: StrategyWorld, coordinator: User
) -> None:
    response = client_for(coordinator).post(
        f"/p/test-town/actions/{world.council_action.pk}/updates/new/",
        {"period": "2026/27 Q2", "narrative": "", "rag": "red"},
        HTTP_HX_REQUEST="true",
    )
    assert response.status_code == 400
    assert "hx-swap-oob" not in response.content.decode()


def test_the_full_action_page_marks_where_the_rating_is_shown(
    client_for: ClientFor, world: StrategyWorld, coordinator: User
) -> None:
    html = client_for(coordinator).get(f"/p/test-town/actions/{world.council_action.pk}/").content.decode()
    assert '<p class="govuk-body" id="action-status">' in html
    assert 'id="action-rag"><strong class="govuk-tag govuk-tag--green wb-rag">Green' in html
    assert "hx-swap-oob" not in html
