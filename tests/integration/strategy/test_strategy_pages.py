"""Strategy and tree pages: every view with a happy path, a denied user and bad input."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from tests.factories.strategy import ActionFactory, MilestoneFactory, NodeFactory, StrategyWorld
from tests.integration.readable import assert_reads_as_words
from tests.integration.strategy.conftest import error_summary
from wellboard.core.models import AuditEvent
from wellboard.partners.models import Organisation, Partnership, User
from wellboard.partners.selectors import actor_for
from wellboard.strategy.models import Node, Strategy
from wellboard.strategy.services import progress_update_post

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("frozen_clock")]

ClientFor = Callable[[User], Client]
BASE = "/p/test-town/strategies/"


# ---------------------------------------------------------------- list and detail


def test_strategy_list(client_for: ClientFor, world: StrategyWorld, viewer: User, outsider: User) -> None:
    response = client_for(viewer).get(BASE)
    assert response.status_code == 200
    html = response.content.decode()
    assert "Community strategy" in html
    assert "Create a strategy" not in html  # viewers cannot
    assert client_for(outsider).get(BASE).status_code == 404
    assert Client().get(BASE).status_code == 302


def test_strategy_page_shows_tree_with_rag_counts_in_words(
    client_for: ClientFor, world: StrategyWorld, board_member: User
) -> None:
    MilestoneFactory(action=world.charity_action, title="Late one", due_date=world.strategy.start_date)
    response = client_for(board_member).get(BASE + "community/")
    assert response.status_code == 200
    html = response.content.decode()
    assert "Healthy people" in html
    assert "Support good mental health" in html
    assert "Theme 1" in html
    assert "Priority 1.1" in html
    # RAG as text and a sentence for screen readers, never colour alone.
    assert 'class="govuk-tag govuk-tag--green wb-rag">Green</strong>' in html
    assert "2 actions: 1 amber, 1 green. 1 overdue milestone." in html
    assert "Overdue: 1 milestone" in html
    assert f"/p/test-town/actions/{world.council_action.pk}/" in html


def test_strategy_page_filters_by_rag_and_lead(
    client_for: ClientFor, world: StrategyWorld, viewer: User
) -> None:
    html = client_for(viewer).get(BASE + "community/?rag=amber").content.decode()
    assert "Befriending calls" in html
    assert "Run pop-up play in parks" not in html
    html = client_for(viewer).get(BASE + "community/?lead=test-council").content.decode()
    assert "Run pop-up play in parks" in html
    assert "Befriending calls" not in html
    # Nonsense filters are ignored, not an error.
    assert client_for(viewer).get(BASE + "community/?rag=purple&lead=nobody").status_code == 200


def test_strategy_page_denied_and_unknown(
    client_for: ClientFor, world: StrategyWorld, outsider: User
) -> None:
    assert client_for(outsider).get(BASE + "community/").status_code == 404
    assert Client().get(BASE + "community/").status_code == 302


@pytest.mark.usefixtures("no_cache")
def test_strategy_page_queries_do_not_grow_with_the_tree(
    client_for: ClientFor, world: StrategyWorld, coordinator: User, council: Organisation
) -> None:
    client = client_for(coordinator)
    url = BASE + "community/"
    client.get(url)  # warm up the session and caches
    with CaptureQueriesContext(connection) as small:
        assert client.get(url).status_code == 200
    for theme_number in range(2, 5):
        theme = NodeFactory(strategy=world.strategy, ref=str(theme_number), title=f"Theme {theme_number}")
        for p in range(1, 4):
            priority = NodeFactory(strategy=world.strategy, parent=theme, ref=f"{theme_number}.{p}")
            for _ in range(10):
                action = ActionFactory(node=priority, lead_organisation=council)
                MilestoneFactory(action=action, due_date=world.strategy.start_date)
    with CaptureQueriesContext(connection) as large:
        response = client.get(url)
    assert response.status_code == 200
    assert '<span class="wb-tile__value">92</span>' in response.content.decode()
    assert len(large.captured_queries) == len(small.captured_queries)


def test_strategy_page_query_budget(
    client_for: ClientFor,
    world: StrategyWorld,
    viewer: User,
    django_assert_max_num_queries: Callable[..., object],
) -> None:
    client = client_for(viewer)
    with django_assert_max_num_queries(12):  # type: ignore[operator]
        client.get(BASE + "community/")


# ---------------------------------------------------------------- create and edit


def test_coordinator_creates_strategy(client_for: ClientFor, partnership: object, coordinator: User) -> None:
    client = client_for(coordinator)
    assert client.get(BASE + "new/").status_code == 200
    response = client.post(
        BASE + "new/",
        {
            "title": "Health and wellbeing strategy",
            "start_date": "2025-04-01",
            "end_date": "2028-03-31",
            "level_names": "Pillar > Recommendation",
            "status": "draft",
        },
    )
    assert response.status_code == 302
    strategy = Strategy.objects.get(slug="health-and-wellbeing-strategy")
    assert strategy.level_names == ["Pillar", "Recommendation"]
    assert response["Location"] == BASE + "health-and-wellbeing-strategy/"


def test_create_strategy_bad_input_keeps_what_was_typed(
    client_for: ClientFor, partnership: object, coordinator: User
) -> None:
    response = client_for(coordinator).post(
        BASE + "new/",
        {
            "title": "My plan",
            "start_date": "2025-04-01",
            "end_date": "2024-01-01",
            "level_names": "",
            "status": "live",
        },
    )
    assert response.status_code == 400
    html = response.content.decode()
    assert error_summary(html)
    assert "<title>Error: " in html
    assert "Enter at least one level name, like Priority" in html
    assert 'value="My plan"' in html
    assert not Strategy.objects.exists()
    dates = client_for(coordinator).post(
        BASE + "new/",
        {"title": "My plan", "start_date": "2025-04-01", "end_date": "2024-01-01", "level_names": "Priority",
         "status": "live"},
    )  # fmt: skip
    assert dates.status_code == 400
    assert "The end date must be after the start date" in dates.content.decode()


def test_only_coordinators_create_or_edit_strategies(
    client_for: ClientFor, world: StrategyWorld, viewer: User, council_contributor: User, outsider: User
) -> None:
    for user in (viewer, council_contributor):
        assert client_for(user).get(BASE + "new/").status_code == 403
        assert client_for(user).post(BASE + "community/edit/", {"title": "x"}).status_code == 403
    assert client_for(outsider).get(BASE + "new/").status_code == 404
    assert client_for(outsider).get(BASE + "community/edit/").status_code == 404


def _strategy_post(strategy: Strategy, **changes: object) -> dict[str, object]:
    data: dict[str, object] = {
        "title": strategy.title,
        "vision": strategy.vision,
        "summary": strategy.summary,
        "start_date": strategy.start_date.isoformat(),
        "end_date": strategy.end_date.isoformat(),
        "level_names": " > ".join(strategy.level_names),
        "status": strategy.status,
        "version": strategy.version,
    }
    data.update(changes)
    return data


def test_edit_strategy_and_conflict(client_for: ClientFor, world: StrategyWorld, coordinator: User) -> None:
    client = client_for(coordinator)
    url = BASE + "community/edit/"
    assert client.get(url).status_code == 200
    stale = _strategy_post(world.strategy, vision="Mine")
    assert client.post(url, _strategy_post(world.strategy, vision="Theirs")).status_code == 302
    conflict = client.post(url, stale)
    assert conflict.status_code == 409
    html = conflict.content.decode()
    assert "Theirs" in html
    assert "Mine" in html
    world.strategy.refresh_from_db()
    assert world.strategy.vision == "Theirs"


def test_edit_strategy_bad_input(client_for: ClientFor, world: StrategyWorld, coordinator: User) -> None:
    response = client_for(coordinator).post(
        BASE + "community/edit/", _strategy_post(world.strategy, level_names="Priority", title="Renamed")
    )
    assert response.status_code == 400
    html = response.content.decode()
    assert error_summary(html)
    assert "2 levels deep" in html
    assert 'value="Renamed"' in html
    world.strategy.refresh_from_db()
    assert world.strategy.title == "Community strategy"


def test_strategy_history(
    client_for: ClientFor, world: StrategyWorld, coordinator: User, viewer: User, outsider: User
) -> None:
    client_for(coordinator).post(BASE + "community/edit/", _strategy_post(world.strategy, vision="Changed"))
    response = client_for(viewer).get(BASE + "community/history/")
    assert response.status_code == 200
    html = response.content.decode()
    text = assert_reads_as_words(html)
    assert "changed the strategy on" in text
    assert "Vision" in text
    assert "Changed" in text
    assert client_for(outsider).get(BASE + "community/history/").status_code == 404


# ---------------------------------------------------------------- nodes


def test_node_page(client_for: ClientFor, world: StrategyWorld, viewer: User, outsider: User) -> None:
    response = client_for(viewer).get(BASE + "community/nodes/1.1/")
    assert response.status_code == 200
    html = response.content.decode()
    assert "Support good mental health" in html
    assert "Run pop-up play in parks" in html
    assert "Healthy people" in html  # breadcrumb to the theme
    theme = client_for(viewer).get(BASE + "community/nodes/1/").content.decode()
    assert "Priorities under 1</h2>" in theme  # the level name's plural, not 'Prioritys'
    assert client_for(viewer).get(BASE + "community/nodes/9.9/").status_code == 404
    assert client_for(outsider).get(BASE + "community/nodes/1.1/").status_code == 404


def test_coordinator_adds_a_priority_under_a_theme(
    client_for: ClientFor, world: StrategyWorld, coordinator: User
) -> None:
    client = client_for(coordinator)
    assert client.get(BASE + "community/nodes/new/?parent=1").status_code == 200
    response = client.post(
        BASE + "community/nodes/new/", {"title": "Encourage healthy lifestyles", "parent": world.theme.pk}
    )
    assert response.status_code == 302
    node = Node.objects.get(title="Encourage healthy lifestyles")
    assert (node.ref, node.depth) == ("1.2", 1)


def test_add_node_bad_input(client_for: ClientFor, world: StrategyWorld, coordinator: User) -> None:
    response = client_for(coordinator).post(
        BASE + "community/nodes/new/", {"title": "Dup", "ref": "1.1", "parent": world.theme.pk}
    )
    assert response.status_code == 400
    html = response.content.decode()
    assert error_summary(html)
    assert "already used in this strategy" in html
    assert 'value="Dup"' in html
    assert not Node.objects.filter(title="Dup").exists()


def test_node_pages_denied(
    client_for: ClientFor, world: StrategyWorld, council_contributor: User, outsider: User
) -> None:
    for url in ("nodes/new/", "nodes/1.1/edit/", "nodes/1.1/delete/"):
        assert client_for(council_contributor).get(BASE + "community/" + url).status_code == 403
        assert client_for(outsider).get(BASE + "community/" + url).status_code == 404


def test_edit_node_and_conflict(client_for: ClientFor, world: StrategyWorld, coordinator: User) -> None:
    client = client_for(coordinator)
    url = BASE + "community/nodes/1/edit/"
    assert client.get(url).status_code == 200
    form = {"title": "Healthier people", "ref": "1", "description": "", "version": 1}
    response = client.post(url, form)
    assert response.status_code == 302
    assert response["Location"] == BASE + "community/nodes/1/"
    world.theme.refresh_from_db()
    assert world.theme.title == "Healthier people"
    conflict = client.post(url, {**form, "title": "Stale"})
    assert conflict.status_code == 409
    bad = client.post(url, {**form, "title": "", "version": 2})
    assert bad.status_code == 400
    assert "Enter a title" in bad.content.decode()


def test_delete_node(client_for: ClientFor, world: StrategyWorld, coordinator: User) -> None:
    client = client_for(coordinator)
    refused = client.post(BASE + "community/nodes/1.1/delete/")
    assert refused.status_code == 400
    assert "Move or delete the 2 actions" in refused.content.decode()
    empty = NodeFactory(strategy=world.strategy, ref="2", title="Empty theme")
    assert client.get(BASE + "community/nodes/2/delete/").status_code == 200
    assert client.post(BASE + "community/nodes/2/delete/").status_code == 302
    assert not Node.objects.filter(pk=empty.pk).exists()
    assert AuditEvent.objects.filter(action="node.delete").exists()


def test_node_history(client_for: ClientFor, world: StrategyWorld, viewer: User, outsider: User) -> None:
    assert client_for(viewer).get(BASE + "community/nodes/1.1/history/").status_code == 200
    assert client_for(outsider).get(BASE + "community/nodes/1.1/history/").status_code == 404


def test_strategy_page_shows_a_change_made_after_it_was_cached(
    client_for: ClientFor, world: StrategyWorld, coordinator: User, partnership: Partnership
) -> None:
    client = client_for(coordinator)
    url = BASE + "community/"
    first = client.get(url).content.decode()
    assert "wb-tile--red" not in first
    actor = actor_for(user=coordinator, partnership=partnership)
    progress_update_post(
        by=actor, action=world.council_action, period="2026/27 Q2", narrative="Two parks lost.", rag="red"
    )
    again = client.get(url).content.decode()
    assert '<div class="wb-tile wb-tile--red"><span class="wb-tile__value">1</span>' in again
