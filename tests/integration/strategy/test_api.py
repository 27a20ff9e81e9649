"""The strategy API with real bearer tokens: reading, filtering and posting progress updates."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from django.test import Client

from tests.factories.strategy import InitiativeFactory, StrategyWorld
from wellboard.core.access import Actor
from wellboard.core.models import AuditEvent
from wellboard.partners.models import Partnership, User
from wellboard.partners.services import api_token_create
from wellboard.strategy.models import ProgressUpdate

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("frozen_clock")]

ActorOf = Callable[[User], Actor]


@pytest.fixture
def bearer(actor_of: ActorOf) -> Callable[[User], dict[str, str]]:
    def build(user: User) -> dict[str, str]:
        _, token = api_token_create(by=actor_of(user), name="tests")
        return {"Authorization": f"Bearer {token}"}

    return build


@pytest.fixture
def outsider_bearer(outsider: User, other_partnership: Partnership) -> dict[str, str]:
    from wellboard.partners.selectors import actor_for

    actor = actor_for(user=outsider, partnership=other_partnership)
    assert actor is not None
    _, token = api_token_create(by=actor, name="outsider")
    return {"Authorization": f"Bearer {token}"}


def test_token_is_required(client: Client, world: StrategyWorld) -> None:
    assert client.get("/api/v1/strategies").status_code == 401
    assert client.post(f"/api/v1/actions/{world.council_action.pk}/updates", {}).status_code == 401


def test_list_and_get_strategy_with_tree(
    client: Client, world: StrategyWorld, viewer: User, bearer: Callable[[User], dict[str, str]]
) -> None:
    headers = bearer(viewer)
    listed = client.get("/api/v1/strategies", headers=headers)
    assert listed.status_code == 200
    assert [s["slug"] for s in listed.json()] == ["community"]
    assert client.get("/api/v1/strategies?status=draft", headers=headers).json() == []
    response = client.get("/api/v1/strategies/community", headers=headers)
    assert response.status_code == 200
    body = response.json()
    assert body["level_names"] == ["Theme", "Priority"]
    assert [(n["ref"], n["parent_ref"], n["level_name"]) for n in body["nodes"]] == [
        ("1", None, "Theme"),
        ("1.1", "1", "Priority"),
    ]
    theme = body["nodes"][0]
    assert theme["counts"]["total"] == 2  # rolled up from its priority
    assert (theme["counts"]["green"], theme["counts"]["amber"]) == (1, 1)
    assert sorted(body["nodes"][1]["action_ids"]) == sorted(
        [world.council_action.pk, world.charity_action.pk]
    )
    assert body["totals"]["total"] == 2


def test_other_partnership_sees_nothing(
    client: Client, world: StrategyWorld, outsider_bearer: dict[str, str]
) -> None:
    assert client.get("/api/v1/strategies", headers=outsider_bearer).json() == []
    assert client.get("/api/v1/strategies/community", headers=outsider_bearer).status_code == 404
    assert (
        client.get(f"/api/v1/actions/{world.council_action.pk}", headers=outsider_bearer).status_code == 404
    )
    assert client.get("/api/v1/actions", headers=outsider_bearer).json() == []


def test_list_actions_with_filters(
    client: Client, world: StrategyWorld, board_member: User, bearer: Callable[[User], dict[str, str]]
) -> None:
    headers = bearer(board_member)
    everything = client.get("/api/v1/actions", headers=headers).json()
    assert {a["ref"] for a in everything} == {"A1", "A2"}
    amber = client.get("/api/v1/actions?rag=amber", headers=headers).json()
    assert [a["ref"] for a in amber] == ["A2"]
    led = client.get(
        "/api/v1/actions?lead_organisation=test-council&strategy=community", headers=headers
    ).json()
    assert [a["ref"] for a in led] == ["A1"]
    assert led[0]["lead_organisation"]["slug"] == "test-council"
    assert client.get("/api/v1/actions?overdue=true", headers=headers).json() == []
    bad = client.get("/api/v1/actions?rag=purple&lead_organisation=nobody", headers=headers)
    assert bad.status_code == 422
    assert set(bad.json()["errors"]) == {"rag", "lead_organisation"}
    assert client.get("/api/v1/actions?strategy=nope", headers=headers).status_code == 404


def test_get_action_in_full(
    client: Client, world: StrategyWorld, viewer: User, bearer: Callable[[User], dict[str, str]]
) -> None:
    response = client.get(f"/api/v1/actions/{world.charity_action.pk}", headers=bearer(viewer))
    assert response.status_code == 200
    body = response.json()
    assert body["ref"] == "A2"
    assert [o["slug"] for o in body["supporting_organisations"]] == ["test-council"]
    assert [m["title"] for m in body["milestones"]] == ["Recruit befrienders"]
    assert body["updates"] == []


def test_contributor_posts_update_to_own_action(
    client: Client,
    world: StrategyWorld,
    council_contributor: User,
    bearer: Callable[[User], dict[str, str]],
) -> None:
    url = f"/api/v1/actions/{world.council_action.pk}/updates"
    response = client.post(
        url,
        {"period": "2026/27 Q2", "narrative": "Twelve parks visited", "rag": "amber"},
        content_type="application/json",
        headers=bearer(council_contributor),
    )
    assert response.status_code == 201, response.content
    body = response.json()
    assert (body["period"], body["rag"]) == ("2026/27 Q2", "amber")
    assert body["author"] == council_contributor.get_full_name()
    world.council_action.refresh_from_db()
    assert world.council_action.rag == "amber"
    assert AuditEvent.objects.filter(action="progress_update.post", actor=council_contributor).exists()


def test_contributor_of_another_organisation_gets_404(
    client: Client,
    world: StrategyWorld,
    charity_contributor: User,
    bearer: Callable[[User], dict[str, str]],
) -> None:
    response = client.post(
        f"/api/v1/actions/{world.council_action.pk}/updates",
        {"period": "2026/27 Q2", "narrative": "Not mine", "rag": "red"},
        content_type="application/json",
        headers=bearer(charity_contributor),
    )
    assert response.status_code == 404
    assert not ProgressUpdate.objects.exists()


@pytest.mark.parametrize("who", ["viewer", "board_member"])
def test_readers_cannot_post_updates(
    who: str,
    client: Client,
    world: StrategyWorld,
    request: pytest.FixtureRequest,
    bearer: Callable[[User], dict[str, str]],
) -> None:
    response = client.post(
        f"/api/v1/actions/{world.council_action.pk}/updates",
        {"period": "2026/27 Q2", "narrative": "x", "rag": "red"},
        content_type="application/json",
        headers=bearer(request.getfixturevalue(who)),
    )
    assert response.status_code == 404
    assert not ProgressUpdate.objects.exists()


def test_bad_update_answers_422_and_saves_nothing(
    client: Client, world: StrategyWorld, coordinator: User, bearer: Callable[[User], dict[str, str]]
) -> None:
    response = client.post(
        f"/api/v1/actions/{world.council_action.pk}/updates",
        {"period": "next year", "narrative": " ", "rag": "blue"},
        content_type="application/json",
        headers=bearer(coordinator),
    )
    assert response.status_code == 422
    assert set(response.json()["errors"]) == {"period", "narrative", "rag"}
    missing = client.post(
        f"/api/v1/actions/{world.council_action.pk}/updates",
        {"period": "2026/27 Q2"},
        content_type="application/json",
        headers=bearer(coordinator),
    )
    assert missing.status_code == 422
    assert not ProgressUpdate.objects.exists()


def test_list_initiatives(
    client: Client, world: StrategyWorld, viewer: User, bearer: Callable[[User], dict[str, str]]
) -> None:
    partnership = world.strategy.partnership
    council = world.council_action.lead_organisation
    charity = world.charity_action.lead_organisation
    initiative = InitiativeFactory(
        partnership=partnership,
        slug="so-active",
        name="So Active",
        lead_organisation=council,
        places=["Parks"],
    )
    initiative.partners.add(charity)
    initiative.nodes.add(world.priority)
    InitiativeFactory(partnership=partnership, slug="hub", name="Healthy Hub", kind="service")
    body = client.get("/api/v1/initiatives?kind=project", headers=bearer(viewer)).json()
    assert [i["slug"] for i in body] == ["so-active"]
    assert body[0]["nodes"] == ["community/1.1"]
    assert [p["slug"] for p in body[0]["partners"]] == ["test-charity"]
    assert body[0]["places"] == ["Parks"]
