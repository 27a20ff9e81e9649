"""An edit sent without the version it started from is refused and saves nothing, on every channel:
otherwise it would overwrite whatever someone saved since, silently."""

from __future__ import annotations

import json
from collections.abc import Callable

import pytest
from django.test import Client

from tests.factories.strategy import StrategyWorld
from tests.integration.strategy.conftest import error_summary
from tests.integration.strategy.test_progress_updates import post_url, replaces_token
from wellboard.core.access import Actor
from wellboard.core.versioning import VERSION_MISSING
from wellboard.partners.models import User
from wellboard.partners.services import api_token_create
from wellboard.strategy.models import Action, Milestone, ProgressUpdate

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("frozen_clock")]

ClientFor = Callable[[User], Client]


def edit_form(action: Action, **changes: object) -> dict[str, object]:
    return {
        "status": action.status,
        "rag": action.rag,
        "start_date": action.start_date.isoformat() if action.start_date else "",
        "due_date": action.due_date.isoformat() if action.due_date else "",
        "smart_target": action.smart_target,
        "description": action.description,
        **changes,
    }


@pytest.mark.parametrize("version", [None, "", "  ", "x", "0"])
def test_an_action_edit_without_its_version_overwrites_nothing(
    client_for: ClientFor,
    world: StrategyWorld,
    council_contributor: User,
    coordinator: User,
    version: str | None,
) -> None:
    action = world.council_action
    url = f"/p/test-town/actions/{action.pk}/edit/"
    newer = client_for(coordinator).post(
        url,
        {
            **edit_form(action, smart_target="Their target", version=action.version),
            "title": action.title,
            "node": world.priority.pk,
            "lead_organisation": action.lead_organisation_id,
        },
    )
    assert newer.status_code == 302
    mine = edit_form(action, smart_target="My stale target")
    if version is not None:
        mine["version"] = version
    response = client_for(council_contributor).post(url, mine)
    assert response.status_code == 400
    html = response.content.decode()
    assert error_summary(html)
    assert VERSION_MISSING in html
    assert "My stale target" in html  # what they typed is kept
    action.refresh_from_db()
    assert (action.smart_target, action.version) == ("Their target", 2)


def test_a_milestone_marked_done_without_its_version_is_not_changed(
    client_for: ClientFor, world: StrategyWorld, council_contributor: User
) -> None:
    milestone = world.council_milestone
    client = client_for(council_contributor)
    response = client.post(f"/p/test-town/milestones/{milestone.pk}/complete/", {})
    assert response.status_code == 302
    assert VERSION_MISSING in client.get(response["Location"]).content.decode()
    assert Milestone.objects.get(pk=milestone.pk).completed_on is None


def test_replacing_an_update_on_the_web_without_its_version_changes_nothing(
    client_for: ClientFor, world: StrategyWorld, council_contributor: User
) -> None:
    client = client_for(council_contributor)
    first = {"period": "2026/27 Q2", "narrative": "Sixty sessions", "rag": "amber"}
    assert client.post(post_url(world), first).status_code == 302
    second = {"period": "2026/27 Q2", "narrative": "Seventy sessions", "rag": "green"}
    token = replaces_token(client.post(post_url(world), second).content.decode())
    pk = token.partition(".")[0]
    response = client.post(post_url(world), {**second, "mode": "replace", "replaces": f"{pk}."})
    assert response.status_code == 400
    assert VERSION_MISSING in response.content.decode()
    assert ProgressUpdate.objects.get().narrative == "Sixty sessions"


def test_replacing_an_update_through_the_api_without_its_version_answers_409(
    client: Client, world: StrategyWorld, actor_of: Callable[[User], Actor], council_contributor: User
) -> None:
    _, token = api_token_create(by=actor_of(council_contributor), name="CRM")
    url = f"/api/v1/actions/{world.council_action.pk}/updates"
    headers = {"Authorization": f"Bearer {token}"}
    body = {"period": "2026/27 Q2", "narrative": "Sixty sessions", "rag": "amber"}
    assert client.post(url, json.dumps(body), "application/json", headers=headers).status_code == 201
    again = {**body, "narrative": "Mine", "mode": "replace"}
    response = client.post(url, json.dumps(again), "application/json", headers=headers)
    assert response.status_code == 409
    assert list(response.json()["errors"]) == ["expected_version"]
    assert ProgressUpdate.objects.get().narrative == "Sixty sessions"
