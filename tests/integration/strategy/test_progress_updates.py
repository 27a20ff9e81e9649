"""Posting progress updates from the action page and the API: back-filling any started quarter of the
strategy, and choosing to replace or add when the quarter already has an update."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable

import pytest
from django.test import Client

from tests.factories.strategy import StrategyWorld
from tests.integration.strategy.conftest import error_summary
from wellboard.core.access import Actor
from wellboard.core.models import AuditEvent
from wellboard.partners.models import User
from wellboard.partners.services import api_token_create
from wellboard.strategy.models import ProgressUpdate, Strategy

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("frozen_clock")]

ClientFor = Callable[[User], Client]


def page_url(world: StrategyWorld) -> str:
    return f"/p/test-town/actions/{world.council_action.pk}/"


def post_url(world: StrategyWorld) -> str:
    return page_url(world) + "updates/new/"


def replaces_token(html: str) -> str:
    found = re.search(r'name="replaces" value="([^"]*)"', html)
    assert found, "the form should carry the update it asks about"
    return found.group(1)


def test_the_period_list_goes_back_to_the_start_of_the_strategy(
    client_for: ClientFor, world: StrategyWorld, council_contributor: User
) -> None:
    html = client_for(council_contributor).get(page_url(world)).content.decode()
    select = html.split('name="period"', 1)[1].split("</select>", 1)[0]
    options = re.findall(r'<option value="([^"]+)"', select)
    assert options[0] == "2026/27 Q3"  # the newest first, and chosen
    assert options[-1] == "2024/25 Q1"  # the strategy's first quarter, more than eight quarters back
    assert len(options) == 11
    assert "2026/27 Q4" not in options


def test_back_filling_an_early_quarter(
    client_for: ClientFor, world: StrategyWorld, council_contributor: User
) -> None:
    response = client_for(council_contributor).post(
        post_url(world), {"period": "2024/25 Q2", "narrative": "Parks surveyed", "rag": "green"}
    )
    assert response.status_code == 302
    assert ProgressUpdate.objects.get().period == "2024/25 Q2"


def test_a_strategy_not_started_offers_no_form(
    client_for: ClientFor, world: StrategyWorld, council_contributor: User
) -> None:
    Strategy.objects.filter(pk=world.strategy.pk).update(start_date=dt.date(2027, 4, 1))
    html = client_for(council_contributor).get(page_url(world)).content.decode()
    assert "No quarter of this strategy has started yet: updates can be posted from 1 April 2027." in html
    assert 'name="period"' not in html


def test_a_second_update_for_a_quarter_asks_replace_or_add_then_replaces(
    client_for: ClientFor, world: StrategyWorld, council_contributor: User
) -> None:
    client = client_for(council_contributor)
    first = {"period": "2026/27 Q2", "narrative": "Sixty sessions", "rag": "amber"}
    assert client.post(post_url(world), first).status_code == 302
    second = {"period": "2026/27 Q2", "narrative": "Seventy sessions", "rag": "green"}
    asked = client.post(post_url(world), second)
    assert asked.status_code == 400
    html = asked.content.decode()
    assert error_summary(html)
    assert "There is already an update for 2026/27 Q2" in html
    assert "rated amber: “Sixty sessions”" in html
    assert "Choose whether to replace the update for 2026/27 Q2 or add another" in html
    assert 'value="replace"' in html
    assert 'value="add"' in html
    assert "Seventy sessions" in html  # what they typed is kept
    assert ProgressUpdate.objects.count() == 1
    replaced = client.post(post_url(world), {**second, "mode": "replace", "replaces": replaces_token(html)})
    assert replaced.status_code == 302
    update = ProgressUpdate.objects.get()
    assert (update.narrative, update.version) == ("Seventy sessions", 2)
    assert "Progress update for 2026/27 Q2 replaced" in client.get(replaced["Location"]).content.decode()
    history = client.get(page_url(world) + "history/").content.decode()
    assert "replaced the progress update for 2026/27 Q2" in history


def test_choosing_add_keeps_both_updates(
    client_for: ClientFor, world: StrategyWorld, council_contributor: User
) -> None:
    client = client_for(council_contributor)
    client.post(post_url(world), {"period": "2026/27 Q2", "narrative": "First", "rag": "amber"})
    second = {"period": "2026/27 Q2", "narrative": "Second", "rag": "amber"}
    token = replaces_token(client.post(post_url(world), second).content.decode())
    added = client.post(post_url(world), {**second, "mode": "add", "replaces": token})
    assert added.status_code == 302
    assert ProgressUpdate.objects.count() == 2


def test_a_choice_made_about_another_update_is_asked_again(
    client_for: ClientFor, world: StrategyWorld, council_contributor: User
) -> None:
    """The person chose 'replace' looking at one quarter's update, then changed the quarter."""
    client = client_for(council_contributor)
    client.post(post_url(world), {"period": "2026/27 Q1", "narrative": "Q1", "rag": "amber"})
    client.post(post_url(world), {"period": "2026/27 Q2", "narrative": "Q2", "rag": "amber"})
    q1 = ProgressUpdate.objects.get(period="2026/27 Q1")
    again = client.post(
        post_url(world),
        {
            "period": "2026/27 Q2",
            "narrative": "New",
            "rag": "red",
            "mode": "replace",
            "replaces": f"{q1.pk}.1",
        },
    )
    assert again.status_code == 400
    assert "There is already an update for 2026/27 Q2" in again.content.decode()
    assert sorted(ProgressUpdate.objects.values_list("narrative", flat=True)) == ["Q1", "Q2"]


def test_replacing_an_update_someone_changed_meanwhile_shows_the_conflict_page(
    client_for: ClientFor, world: StrategyWorld, council_contributor: User, coordinator: User
) -> None:
    client = client_for(council_contributor)
    client.post(post_url(world), {"period": "2026/27 Q2", "narrative": "Sixty sessions", "rag": "amber"})
    mine = {"period": "2026/27 Q2", "narrative": "Mine", "rag": "green"}
    token = replaces_token(client.post(post_url(world), mine).content.decode())
    theirs = client_for(coordinator)
    their_form = theirs.post(post_url(world), {**mine, "narrative": "Theirs"}).content.decode()
    theirs.post(
        post_url(world),
        {**mine, "narrative": "Theirs", "mode": "replace", "replaces": replaces_token(their_form)},
    )
    conflict = client.post(post_url(world), {**mine, "mode": "replace", "replaces": token})
    assert conflict.status_code == 409
    html = conflict.content.decode()
    assert "changed by someone else" in html
    assert "Theirs" in html
    assert "Mine" in html
    assert ProgressUpdate.objects.get().narrative == "Theirs"
    htmx = client.post(
        post_url(world), {**mine, "mode": "replace", "replaces": token}, headers={"HX-Request": "true"}
    )
    assert htmx.status_code == 409
    assert htmx["HX-Retarget"] == "body"


def test_with_htmx_the_question_comes_back_in_the_progress_section(
    client_for: ClientFor, world: StrategyWorld, council_contributor: User
) -> None:
    client = client_for(council_contributor)
    data = {"period": "2026/27 Q2", "narrative": "Sixty sessions", "rag": "amber"}
    client.post(post_url(world), data)
    asked = client.post(post_url(world), data, headers={"HX-Request": "true"})
    assert asked.status_code == 400
    html = asked.content.decode()
    assert html.lstrip().startswith('<section id="progress"')
    assert "There is already an update for 2026/27 Q2" in html
    same = client.post(
        post_url(world),
        {**data, "mode": "replace", "replaces": replaces_token(html)},
        headers={"HX-Request": "true"},
    )
    assert same.status_code == 200
    assert "Nothing changed: the update for 2026/27 Q2 already says that" in same.content.decode()
    assert ProgressUpdate.objects.get().version == 1


def test_another_organisation_cannot_replace(
    client_for: ClientFor, world: StrategyWorld, council_contributor: User, charity_contributor: User
) -> None:
    client_for(council_contributor).post(
        post_url(world), {"period": "2026/27 Q2", "narrative": "x", "rag": "red"}
    )
    update = ProgressUpdate.objects.get()
    denied = client_for(charity_contributor).post(
        post_url(world),
        {
            "period": "2026/27 Q2",
            "narrative": "y",
            "rag": "red",
            "mode": "replace",
            "replaces": f"{update.pk}.1",
        },
    )
    assert denied.status_code == 404
    assert ProgressUpdate.objects.get().narrative == "x"


# ---------------------------------------------------------------- the API


def test_api_asks_for_a_mode_then_replaces_version_checked(
    client: Client, world: StrategyWorld, council_contributor: User, actor_of: Callable[[User], Actor]
) -> None:
    _, token = api_token_create(by=actor_of(council_contributor), name="tests")
    headers = {"Authorization": f"Bearer {token}"}
    url = f"/api/v1/actions/{world.council_action.pk}/updates"

    def send(**body: object) -> tuple[int, dict[str, object]]:
        payload = {"period": "2026/27 Q2", "narrative": "Sixty sessions", "rag": "amber", **body}
        response = client.post(url, payload, content_type="application/json", headers=headers)
        return response.status_code, response.json()

    status, created = send(period="2024/25 Q1")
    assert status == 201
    assert created["version"] == 1
    status, first = send()
    assert status == 201
    status, refused = send(narrative="Seventy")
    assert status == 409  # well formed, but the period already has an update
    assert refused["errors"] == {  # type: ignore[comparison-overlap]
        "mode": ["There is already an update for 2026/27 Q2: choose whether to replace it or add another"]
    }
    status, replaced = send(narrative="Seventy", mode="replace", replaces=first["id"], expected_version=1)
    assert status == 200
    assert (replaced["id"], replaced["narrative"], replaced["version"]) == (first["id"], "Seventy", 2)
    status, _ = send(narrative="Eighty", mode="replace", replaces=first["id"], expected_version=1)
    assert status == 409
    status, added = send(narrative="Another", mode="add")
    assert status == 201
    assert added["id"] != first["id"]
    status, _ = send(mode="sometimes")
    assert status == 422
    assert AuditEvent.objects.filter(action="progress_update.replace").count() == 1
