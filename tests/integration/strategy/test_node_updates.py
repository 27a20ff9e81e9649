"""Progress updates on parts of the tree, from the node's page and the API: a coordinator posts
them; every member reads them; another partnership's node is not found."""

from __future__ import annotations

import re
from collections.abc import Callable

import pytest
from django.test import Client

from tests.factories.strategy import StrategyWorld
from tests.integration.strategy.conftest import error_summary
from wellboard.core.access import Actor
from wellboard.partners.models import Partnership, User
from wellboard.partners.selectors import actor_for
from wellboard.partners.services import api_token_create
from wellboard.strategy.models import ProgressUpdate
from wellboard.strategy.services import node_progress_update_post

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("frozen_clock")]

ClientFor = Callable[[User], Client]
ActorOf = Callable[[User], Actor]
PAGE = "/p/test-town/strategies/community/nodes/1.1/"
POST = PAGE + "updates/new/"
API = "/api/v1/strategies/community/nodes/1.1/updates"


def bearer(actor: Actor) -> dict[str, str]:
    _, token = api_token_create(by=actor, name="tests")
    return {"Authorization": f"Bearer {token}"}


# ---------------------------------------------------------------- the page


def test_a_coordinator_posts_from_the_node_page_and_everyone_reads_it(
    client_for: ClientFor, world: StrategyWorld, coordinator: User, viewer: User
) -> None:
    client = client_for(coordinator)
    page = client.get(PAGE).content.decode()
    assert "Progress and impact to date" in page
    assert re.search(r"No updates on \w+ 1\.1 yet\.", page)
    assert f'action="{POST}"' in page
    response = client.post(
        POST, {"period": "2026/27 Q2", "narrative": "Both actions under way", "rag": "green"}
    )
    assert response.status_code == 302
    assert response["Location"] == PAGE + "#progress"
    update = ProgressUpdate.objects.get()
    assert (update.node_id, update.narrative, update.rag) == (
        world.priority.pk,
        "Both actions under way",
        "green",
    )
    seen = client_for(viewer).get(PAGE).content.decode()
    assert "Both actions under way" in seen
    assert f'action="{POST}"' not in seen  # a viewer is not offered the form


def test_a_second_update_for_the_period_asks_replace_or_add(
    client_for: ClientFor, world: StrategyWorld, coordinator: User, actor_of: ActorOf
) -> None:
    node_progress_update_post(
        by=actor_of(coordinator), node=world.priority, period="2026/27 Q2", narrative="First", rag="amber"
    )
    client = client_for(coordinator)
    asked = client.post(POST, {"period": "2026/27 Q2", "narrative": "Second", "rag": "green"})
    assert asked.status_code == 400
    html = asked.content.decode()
    assert error_summary(html)
    assert "There is already an update for" in html
    token = re.search(r'name="replaces" value="([^"]*)"', html)
    assert token is not None
    replaced = client.post(
        POST,
        {
            "period": "2026/27 Q2",
            "narrative": "Second",
            "rag": "green",
            "mode": "replace",
            "replaces": token.group(1),
        },
    )
    assert replaced.status_code == 302
    assert list(ProgressUpdate.objects.values_list("narrative", "version")) == [("Second", 2)]


def test_bad_input_comes_back_with_its_errors_and_writes_nothing(
    client_for: ClientFor, world: StrategyWorld, coordinator: User
) -> None:
    response = client_for(coordinator).post(POST, {"period": "2026/27 Q2", "narrative": "", "rag": "purple"})
    assert response.status_code == 400
    html = response.content.decode()
    assert error_summary(html)
    assert "Describe the action to date" in html
    assert "Select a valid choice" in html
    assert not ProgressUpdate.objects.exists()


@pytest.mark.parametrize("role", ["viewer", "council_contributor"])
def test_a_member_who_is_not_a_coordinator_is_forbidden(
    client_for: ClientFor, world: StrategyWorld, role: str, request: pytest.FixtureRequest
) -> None:
    user = request.getfixturevalue(role)
    response = client_for(user).post(POST, {"period": "2026/27 Q2", "narrative": "x", "rag": "green"})
    assert response.status_code == 403
    assert not ProgressUpdate.objects.exists()


def test_another_partnership_and_an_unknown_node_are_not_found(
    client_for: ClientFor, world: StrategyWorld, outsider: User, coordinator: User
) -> None:
    data = {"period": "2026/27 Q2", "narrative": "x", "rag": "green"}
    assert client_for(outsider).get(PAGE).status_code == 404
    assert client_for(outsider).post(POST, data).status_code == 404
    missing = "/p/test-town/strategies/community/nodes/9.9/updates/new/"
    assert client_for(coordinator).post(missing, data).status_code == 404
    assert not ProgressUpdate.objects.exists()


# ---------------------------------------------------------------- the API


def test_api_posts_and_lists_a_nodes_updates(
    client: Client, world: StrategyWorld, coordinator: User, viewer: User, actor_of: ActorOf
) -> None:
    headers = bearer(actor_of(coordinator))
    body = {"period": "2026/27 Q1", "narrative": "Recruited befrienders", "rag": "amber"}
    created = client.post(API, body, content_type="application/json", headers=headers)
    assert created.status_code == 201
    assert created.json()["node_ref"] == "1.1"
    assert created.json()["strategy"] == "community"
    again = client.post(
        API, {**body, "period": "2026/27 Q2"}, content_type="application/json", headers=headers
    )
    assert again.status_code == 201
    refused = client.post(API, body, content_type="application/json", headers=headers)
    assert refused.status_code == 409  # well formed, but the period already has an update
    replaced = client.post(
        API,
        {**body, "narrative": "Recruited twelve befrienders", "mode": "replace", "expected_version": 1},
        content_type="application/json",
        headers=headers,
    )
    assert replaced.status_code == 200
    assert replaced.json()["version"] == 2
    stale = client.post(
        API,
        {**body, "narrative": "Old news", "mode": "replace", "expected_version": 1},
        content_type="application/json",
        headers=headers,
    )
    assert stale.status_code == 409
    listed = client.get(API, headers=bearer(actor_of(viewer)))
    assert listed.status_code == 200
    assert [(u["period"], u["narrative"]) for u in listed.json()] == [
        ("2026/27 Q2", "Recruited befrienders"),
        ("2026/27 Q1", "Recruited twelve befrienders"),
    ]
    one_period = client.get(API + "?period=2026/27%20Q1", headers=headers).json()
    assert [u["narrative"] for u in one_period] == ["Recruited twelve befrienders"]


def test_api_refuses_bad_input(
    client: Client, world: StrategyWorld, coordinator: User, actor_of: ActorOf
) -> None:
    headers = bearer(actor_of(coordinator))
    response = client.post(
        API,
        {"period": "2030/31 Q1", "narrative": "x", "rag": "purple"},
        content_type="application/json",
        headers=headers,
    )
    assert response.status_code == 422
    assert "rag" in response.content.decode()
    assert not ProgressUpdate.objects.exists()


def test_api_forbids_a_viewer_and_hides_other_partnerships(
    client: Client,
    world: StrategyWorld,
    viewer: User,
    outsider: User,
    other_partnership: Partnership,
    actor_of: ActorOf,
) -> None:
    body = {"period": "2026/27 Q2", "narrative": "x", "rag": "green"}
    as_viewer = client.post(API, body, content_type="application/json", headers=bearer(actor_of(viewer)))
    assert as_viewer.status_code == 403
    outside = actor_for(user=outsider, partnership=other_partnership)
    assert outside is not None
    assert client.get(API, headers=bearer(outside)).status_code == 404
    assert client.post(API, body, content_type="application/json", headers=bearer(outside)).status_code == 404
    assert not ProgressUpdate.objects.exists()


def test_the_nodes_history_includes_its_updates(
    client_for: ClientFor, world: StrategyWorld, coordinator: User, viewer: User, actor_of: ActorOf
) -> None:
    node_progress_update_post(
        by=actor_of(coordinator),
        node=world.priority,
        period="2026/27 Q2",
        narrative="Halfway there",
        rag="amber",
    )
    html = client_for(viewer).get(PAGE + "history/").content.decode()
    assert "Halfway there" in html


def test_the_strategy_tree_shows_each_nodes_latest_update(
    client_for: ClientFor, world: StrategyWorld, coordinator: User, viewer: User, actor_of: ActorOf
) -> None:
    actor = actor_of(coordinator)
    node_progress_update_post(
        by=actor, node=world.priority, period="2026/27 Q1", narrative="Early", rag="red"
    )
    node_progress_update_post(
        by=actor, node=world.priority, period="2026/27 Q2", narrative="Later", rag="green"
    )
    html = client_for(viewer).get("/p/test-town/strategies/community/").content.decode()
    assert html.count("wb-latest-update") == 1
    assert "Later" in html
    assert "Early" not in html
