"""The committed OpenAPI document is the API's contract: it must match what the code serves."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from django.core.management import call_command
from django.test import Client

ROOT = Path(__file__).resolve().parents[3]


def test_committed_openapi_matches_the_code(tmp_path: Path) -> None:
    generated = tmp_path / "openapi.json"
    call_command(
        "export_openapi_schema", api="wellboard.api.main.api", indent=2, sorted=True, output=str(generated)
    )
    committed = ROOT / "docs" / "openapi.json"
    assert committed.exists(), "docs/openapi.json is missing: run `make openapi`"
    assert json.loads(generated.read_text()) == json.loads(committed.read_text()), (
        "docs/openapi.json is out of date: run `make openapi` and commit it"
    )


@pytest.mark.django_db
def test_api_docs_are_served_without_external_resources(client: Client) -> None:
    response = client.get("/api/v1/docs")
    assert response.status_code == 200
    html = response.content.decode()
    assert "cdn." not in html
    assert client.get("/api/v1/openapi.json").status_code == 200


@pytest.mark.django_db
def test_token_is_required(client: Client) -> None:
    response = client.get("/api/v1/me")
    assert response.status_code == 401


@pytest.mark.django_db
def test_me_with_token(client: Client, coordinator: object, actor_of: object) -> None:
    from wellboard.partners.services import api_token_create

    actor = actor_of(coordinator)  # type: ignore[operator]
    _, token = api_token_create(by=actor, name="tests")
    response = client.get("/api/v1/me", headers={"Authorization": f"Bearer {token}"})
    assert response.status_code == 200
    assert response.json()["roles"] == ["coordinator"]
    assert client.get("/api/v1/me", headers={"Authorization": "Bearer wb_wrong"}).status_code == 401
