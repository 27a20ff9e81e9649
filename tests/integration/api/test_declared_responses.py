"""Every operation of the published contract declares the error statuses it can answer, each with
its body, and the answers really have those bodies: a client generated from docs/openapi.json (or a
schemathesis run against it) meets no undeclared status."""

from __future__ import annotations

import json
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client

from tests.integration.returns.conftest import collection  # noqa: F401 (a fixture)
from wellboard.core.access import Actor
from wellboard.partners.models import User
from wellboard.partners.services import api_token_create
from wellboard.returns import api as returns_api

ROOT = Path(__file__).resolve().parents[3]
SPEC = json.loads((ROOT / "docs" / "openapi.json").read_text())
ERROR = "#/components/schemas/ErrorOut"
WRITES = {"post", "put", "patch", "delete"}


def operations() -> Iterator[tuple[str, str, dict[str, Any]]]:
    for path, item in SPEC["paths"].items():
        for method, operation in item.items():
            yield method, path, operation


OPERATIONS = [pytest.param(m, p, o, id=f"{m.upper()} {p}") for m, p, o in operations()]


def token_required(operation: dict[str, Any]) -> bool:
    return {} not in operation.get("security", [{}])


def body_schema(operation: dict[str, Any], status: str) -> str:
    content = operation["responses"][status].get("content", {})
    return str(content.get("application/json", {}).get("schema", {}).get("$ref", ""))


def test_the_contract_lists_every_operation() -> None:
    assert len(OPERATIONS) >= 17


@pytest.mark.parametrize(("method", "path", "operation"), OPERATIONS)
def test_each_operation_declares_the_errors_it_can_answer(
    method: str, path: str, operation: dict[str, Any]
) -> None:
    declared = set(operation["responses"])
    expected: set[str] = set()
    if token_required(operation):
        expected |= {"401", "403"}  # no token; a token whose role may not do this
    if "{" in path:
        expected.add("404")  # a record that does not exist for this reader
    if operation.get("parameters") or operation.get("requestBody"):
        expected.add("422")  # input that is not valid
    if method in WRITES:
        expected.add("409")  # a newer version, or a locked record
    assert expected <= declared, f"{method.upper()} {path} does not declare {sorted(expected - declared)}"
    for status in declared - {"200", "201"}:
        schema = body_schema(operation, status)
        assert schema, f"{method.upper()} {path} answers {status} without a declared body"
        if not path.endswith("/upload"):
            assert schema in {ERROR, "#/components/schemas/ConflictOut"}, (method, path, status, schema)


def test_an_upload_refusal_always_carries_dry_run() -> None:
    (path,) = [p for p in SPEC["paths"] if p.endswith("/upload")]
    operation = SPEC["paths"][path]["post"]
    schema = SPEC["components"]["schemas"][body_schema(operation, "422").rsplit("/", 1)[1]]
    assert "dry_run" in schema["required"]


@pytest.fixture
def token(
    request: pytest.FixtureRequest, charity_contributor: User, actor_of: Callable[[User], Actor]
) -> str:
    request.getfixturevalue("collection")  # the returns' collection the requests are about
    _, made = api_token_create(by=actor_of(charity_contributor), name="CRM")
    return made


RETURN = "/api/v1/returns/collections/befriending/returns/test-charity/2020-06-08"


@pytest.mark.django_db
def test_error_answers_have_the_declared_body(client: Client, token: str) -> None:
    headers = {"Authorization": f"Bearer {token}"}
    answers = {
        401: client.get("/api/v1/me"),
        404: client.get("/api/v1/returns/collections/nowhere/periods", headers=headers),
        422: client.put(RETURN, json.dumps({"values": {}}), "application/json", headers=headers),
    }
    for status, response in answers.items():
        assert response.status_code == status
        body = response.json()
        assert isinstance(body["detail"], str), body
        assert isinstance(body.get("errors", {}), dict), body
    assert answers[422].json()["errors"] == {"expected_version": ["Field required"]}


@pytest.mark.django_db
def test_a_body_that_is_not_json_answers_422_with_the_declared_body(client: Client, token: str) -> None:
    response = client.put(
        RETURN, "{not json", "application/json", headers={"Authorization": f"Bearer {token}"}
    )
    assert response.status_code == 422
    assert isinstance(response.json()["detail"], str)


@pytest.mark.django_db
@pytest.mark.parametrize("form", [{}, {"dry_run": "perhaps"}])
def test_an_upload_refused_by_its_schema_answers_with_an_upload_report(
    client: Client, token: str, form: dict[str, str]
) -> None:
    response = client.post(RETURN + "/upload", form, headers={"Authorization": f"Bearer {token}"})
    assert response.status_code == 422
    body = response.json()
    assert body["dry_run"] is True
    assert body["applied"] is False
    assert body["rejections"]


@pytest.mark.django_db
def test_an_upload_too_large_answers_with_an_upload_report(
    client: Client, token: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(returns_api, "MAX_UPLOAD_BYTES", 10)
    file = SimpleUploadedFile("big.xlsx", b"x" * 100)
    response = client.post(
        RETURN + "/upload", {"file": file, "dry_run": "false"}, headers={"Authorization": f"Bearer {token}"}
    )
    assert response.status_code == 422, response.content
    body = response.json()
    assert (body["dry_run"], body["rejections"][0]["reason"]) == (
        False,
        "The file must be smaller than 10 MB",
    )
