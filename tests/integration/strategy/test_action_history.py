"""An action's history (with its milestones and progress updates) reads as sentences with labels."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable

import pytest
from django.test import Client

from tests.factories.strategy import StrategyWorld
from tests.integration.readable import assert_reads_as_words
from wellboard.core import clock
from wellboard.core.access import Actor
from wellboard.partners.models import Organisation, User
from wellboard.strategy.services import action_update

pytestmark = pytest.mark.django_db

ClientFor = Callable[[User], Client]
WHEN = r"on \d{1,2} [A-Z][a-z]+ \d{4} at \d{1,2}:\d{2}[ap]m"


def test_action_history_shows_labels_and_formatted_values(
    client_for: ClientFor,
    world: StrategyWorld,
    charity: Organisation,
    cli_actor: Actor,
    council_contributor: User,
    viewer: User,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    # Winter, with microseconds: 09:05:03.654321 UTC is 9:05am in London.
    monkeypatch.setattr(clock, "now", lambda: dt.datetime(2026, 12, 2, 9, 5, 3, 654321, tzinfo=dt.UTC))
    action = world.council_action
    action_update(
        by=cli_actor,
        action=action,
        expected_version=None,
        status="on_hold",
        due_date=dt.date(2027, 6, 30),
        supporting_organisations=[charity],
    )
    contributor = client_for(council_contributor)
    added = contributor.post(
        f"/p/test-town/actions/{action.pk}/milestones/new/",
        {"title": "Order packs", "due_date": "2027-01-15"},
    )
    assert added.status_code == 302
    posted = contributor.post(
        f"/p/test-town/actions/{action.pk}/updates/new/",
        {"period": "2026/27 Q3", "narrative": "Twelve parks booked", "rag": "amber"},
    )
    assert posted.status_code == 302

    response = client_for(viewer).get(f"/p/test-town/actions/{action.pk}/history/")
    assert response.status_code == 200
    text = assert_reads_as_words(response.content.decode())
    assert re.search(f"Command line \\(\\w+\\) changed the action {WHEN} Due date", text)
    assert "Due date Was 31 March 2027 → , now 30 June 2027 Status Was In progress → , now On hold" in text
    assert "Supporting organisations Added: Test Charity" in text
    assert re.search(f"added the milestone “Order packs” {WHEN}", text)
    assert "Title Order packs Due date 15 January 2027" in text
    assert re.search(f"posted the progress update for 2026/27 Q3 {WHEN}", text)
    assert "Period 2026/27 Q3 Action to date Twelve parks booked RAG rating Amber" in text
    assert "Posted 2 December 2026 at 9:05am" in text
    # The page is about the action: its milestones and updates do not repeat it field by field.
    assert "Action Run pop-up play in parks" not in text


def test_action_history_is_not_found_for_another_partnership(
    client_for: ClientFor, world: StrategyWorld, outsider: User
) -> None:
    assert (
        client_for(outsider).get(f"/p/test-town/actions/{world.council_action.pk}/history/").status_code
        == 404
    )
    assert client_for(outsider).get("/p/test-town/actions/999999/history/").status_code == 404
