from __future__ import annotations

import io
import json
from collections.abc import Callable

import openpyxl
import pytest
from django.test import Client

from tests.integration.returns.conftest import GOOD
from wellboard.core.access import Actor
from wellboard.core.models import AuditEvent
from wellboard.partners.models import User
from wellboard.partners.selectors import actor_for
from wellboard.partners.services import api_token_create
from wellboard.returns.models import Collection, Return
from wellboard.returns.services import return_approve

# A deprecated way of answering (such as ninja's bare (status, body) tuple) fails the test.
pytestmark = [pytest.mark.django_db, pytest.mark.filterwarnings("error::DeprecationWarning")]
BASE = "/api/v1/returns/collections/befriending/returns/{org}/2020-06-08"


@pytest.fixture
def token_for(partnership: object) -> Callable[[User], str]:
    def make(user: User) -> str:
        actor = actor_for(user=user, partnership=user.role_grants.first().partnership)  # type: ignore[union-attr]
        assert actor is not None
        _, token = api_token_create(by=actor, name="CRM")
        return token

    return make


def call(
    method: str, url: str, token: str, body: dict[str, object] | None = None
) -> tuple[int, dict[str, object]]:
    client = Client()
    response = getattr(client, method)(
        url,
        data=json.dumps(body) if body is not None else None,
        content_type="application/json",
        HTTP_AUTHORIZATION=f"Bearer {token}",
    )
    return response.status_code, (
        response.json() if response["Content-Type"].startswith("application/json") else {}
    )


def test_collections_and_periods(
    collection: Collection, charity_contributor: User, token_for: Callable[[User], str]
) -> None:
    token = token_for(charity_contributor)
    status, body = call("get", "/api/v1/returns/collections", token)
    assert status == 200
    assert body[0]["slug"] == "befriending"
    assert body[0]["organisations"] == ["test-charity"]
    names = [f["name"] for f in body[0]["measures"][0]["fields"]]  # type: ignore[index]
    assert names == ["calls", "calls__b0c0", "calls__b0c1", "calls__comment"]
    assert call("get", "/api/v1/returns/collections", "wrong")[0] == 401


def test_submit_a_return_with_the_same_validation(
    collection: Collection, charity_contributor: User, token_for: Callable[[User], str], cli_actor: Actor
) -> None:
    token = token_for(charity_contributor)
    status, body = call(
        "put", BASE.format(org="test-charity"), token, {"values": {"calls": "-1"}, "expected_version": 0}
    )
    assert status == 422
    assert body["errors"] == {"calls": ["Calls made must be 0 or more"]}
    status, body = call(
        "put", BASE.format(org="test-charity"), token, {"values": GOOD, "submit": True, "expected_version": 0}
    )
    assert status == 200
    assert body["status"] == "submitted"
    assert body["version"] == 1
    status, body = call(
        "put", BASE.format(org="test-charity"), token, {"values": {"calls": "1"}, "expected_version": 0}
    )
    assert status == 409
    return_approve(by=cli_actor, data_return=Return.objects.get(), expected_version=None)
    status, body = call(
        "put", BASE.format(org="test-charity"), token, {"values": {"calls": "1"}, "expected_version": 2}
    )
    assert status == 409
    assert "approved" in str(body["detail"])
    status, body = call("get", BASE.format(org="test-charity"), token)
    assert status == 200
    assert body["values"]["calls"] == "120.0000"


def test_another_organisations_return_is_not_found(
    collection: Collection, charity_contributor: User, token_for: Callable[[User], str]
) -> None:
    token = token_for(charity_contributor)
    assert call("get", BASE.format(org="test-council"), token)[0] == 404
    assert (
        call("put", BASE.format(org="test-council"), token, {"values": GOOD, "expected_version": 0})[0] == 404
    )
    assert call("get", BASE.format(org="test-council") + "/template.xlsx", token)[0] == 404
    assert not Return.objects.exists()


def test_template_and_upload(
    collection: Collection, charity_contributor: User, token_for: Callable[[User], str]
) -> None:
    token = token_for(charity_contributor)
    client = Client(HTTP_AUTHORIZATION=f"Bearer {token}")
    download = client.get(BASE.format(org="test-charity") + "/template.xlsx")
    assert download.status_code == 200
    wb = openpyxl.load_workbook(io.BytesIO(download.content))
    wb["Return"]["G11"] = "lots"
    buffer = io.BytesIO()
    wb.save(buffer)
    buffer.seek(0)
    buffer.name = "x.xlsx"
    response = client.post(BASE.format(org="test-charity") + "/upload", {"file": buffer, "dry_run": "false"})
    assert response.status_code == 422
    assert response.json()["rejections"][0]["reason"] == "G11: Home visits must be a number, like 12"
    assert not Return.objects.exists()


def _workbook(content: bytes, cells: dict[str, int]) -> io.BytesIO:
    wb = openpyxl.load_workbook(io.BytesIO(content))
    for ref, value in cells.items():
        wb["Return"][ref] = value
    buffer = io.BytesIO()
    wb.save(buffer)
    buffer.seek(0)
    buffer.name = "charity.xlsx"
    return buffer


def test_upload_dry_run_then_for_real(
    collection: Collection, charity_contributor: User, token_for: Callable[[User], str]
) -> None:
    client = Client(HTTP_AUTHORIZATION=f"Bearer {token_for(charity_contributor)}")
    url = BASE.format(org="test-charity")
    template = client.get(url + "/template.xlsx").content
    filled = {"G8": 120, "G9": 70, "G10": 50, "G11": 35}
    check = client.post(url + "/upload", {"file": _workbook(template, filled)})
    assert check.status_code == 200
    body = check.json()
    assert body["dry_run"] is True
    assert body["applied"] is False
    assert body["counts"]["figure"]["create"] == 4
    assert not Return.objects.exists()
    saved = client.post(
        url + "/upload", {"file": _workbook(template, filled), "dry_run": "false", "submit": "true"}
    )
    assert saved.status_code == 200
    assert saved.json()["applied"] is True
    assert saved.json()["status"] == "submitted"
    assert Return.objects.get().status == "submitted"


def test_upload_of_a_file_that_is_not_a_workbook_is_refused(
    collection: Collection, charity_contributor: User, token_for: Callable[[User], str]
) -> None:
    client = Client(HTTP_AUTHORIZATION=f"Bearer {token_for(charity_contributor)}")
    renamed = io.BytesIO(b"organisation,period\nx,y\n")
    renamed.name = "renamed.xlsx"
    response = client.post(BASE.format(org="test-charity") + "/upload", {"file": renamed, "dry_run": "false"})
    assert response.status_code == 422
    assert "not an Excel .xlsx" in response.json()["rejections"][0]["reason"]
    assert not Return.objects.exists()


@pytest.mark.parametrize("submit", [False, True])
def test_a_return_read_and_put_back_unchanged_changes_nothing(
    collection: Collection, charity_contributor: User, token_for: Callable[[User], str], submit: bool
) -> None:
    token = token_for(charity_contributor)
    url = BASE.format(org="test-charity")
    values = {
        **GOOD,
        "less_lonely": "12",
        "less_lonely__den": "40",
        "calls__comment": "Two volunteers were off sick.\nCalls resumed in week two.",
        "return_comment": "First fortnight back",
    }
    status, first = call("put", url, token, {"values": values, "submit": submit, "expected_version": 0})
    assert status == 200, first
    saved = Return.objects.get()
    events = AuditEvent.objects.count()
    status, read = call("get", url, token)
    assert status == 200
    status, body = call("put", url, token, {"values": read["values"], "expected_version": read["version"]})
    assert status == 200
    assert body == read
    assert AuditEvent.objects.count() == events
    again = Return.objects.get()
    assert (again.version, again.status, again.updated_at) == (saved.version, saved.status, saved.updated_at)
