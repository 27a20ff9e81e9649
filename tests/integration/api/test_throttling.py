"""The API slows down whoever sends too much: per token, per address, and wrong tokens per address,
always answering 429 with a Retry-After header."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from django.test import Client

from wellboard.core.access import Actor
from wellboard.core.models import AuditEvent
from wellboard.partners.models import User
from wellboard.partners.services import api_token_create

pytestmark = pytest.mark.django_db


def test_wrong_tokens_from_one_address_must_wait(settings: pytest.FixtureRequest) -> None:
    settings.WELLBOARD_API_BAD_TOKEN_LIMIT = 5  # type: ignore[attr-defined]
    client = Client(REMOTE_ADDR="192.0.2.20", HTTP_USER_AGENT="token guesser")
    answers = [
        client.get("/api/v1/me", headers={"Authorization": f"Bearer wb_guess{n}"}).status_code
        for n in range(6)
    ]
    assert answers == [401] * 5 + [429]
    refused = client.get("/api/v1/me", headers={"Authorization": "Bearer wb_guess-again"})
    assert refused.status_code == 429
    assert int(refused["Retry-After"]) > 0
    assert "wait" in refused.json()["detail"]
    logged = AuditEvent.objects.filter(action="api.token_refused")
    assert logged.count() == 5
    assert {e.user_agent for e in logged} == {"token guesser"}
    # Another address still gets an answer.
    other = Client(REMOTE_ADDR="198.51.100.9").get("/api/v1/me", headers={"Authorization": "Bearer wb_x"})
    assert other.status_code == 401


def test_one_token_is_limited_per_minute(
    settings: pytest.FixtureRequest, coordinator: User, actor_of: Callable[[User], Actor]
) -> None:
    settings.WELLBOARD_API_RATE_PER_TOKEN = "3/m"  # type: ignore[attr-defined]
    _, token = api_token_create(by=actor_of(coordinator), name="busy system")
    client = Client()
    answers = [
        client.get("/api/v1/me", headers={"Authorization": f"Bearer {token}"}).status_code for _ in range(4)
    ]
    assert answers == [200, 200, 200, 429]
    last = client.get("/api/v1/me", headers={"Authorization": f"Bearer {token}"})
    assert 0 < int(last["Retry-After"]) <= 60


def test_one_address_is_limited_whatever_it_sends(settings: pytest.FixtureRequest) -> None:
    settings.WELLBOARD_API_RATE_PER_ADDRESS = "2/m"  # type: ignore[attr-defined]
    client = Client(REMOTE_ADDR="192.0.2.30")
    answers = [client.get("/api/v1/partnerships/nowhere/indicators").status_code for _ in range(3)]
    assert answers[-1] == 429
    assert Client(REMOTE_ADDR="192.0.2.31").get("/api/v1/partnerships/nowhere/indicators").status_code != 429
