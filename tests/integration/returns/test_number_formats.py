"""Figures are numbers written with the digits 0 to 9, on every channel: a boolean in the API, or
another script's digits in a form, a CSV file or a workbook cell, is refused with a clear message
and nothing is saved."""

from __future__ import annotations

import io
import json
from collections.abc import Callable

import pytest
from django.test import Client

from tests.integration.returns.conftest import GOOD, RETURN
from tests.integration.returns.test_api import _workbook
from wellboard.partners.models import User
from wellboard.partners.selectors import actor_for
from wellboard.partners.services import api_token_create
from wellboard.returns.models import Collection, Return

pytestmark = pytest.mark.django_db
API = "/api/v1/returns/collections/befriending/returns/test-charity/2020-06-08"
DIGITS = "Calls made must be written with the digits 0 to 9, like 12"


@pytest.fixture
def api(collection: Collection, charity_contributor: User) -> Client:
    actor = actor_for(user=charity_contributor, partnership=collection.partnership)
    assert actor is not None
    _, token = api_token_create(by=actor, name="CRM")
    return Client(HTTP_AUTHORIZATION=f"Bearer {token}")


@pytest.mark.parametrize(
    ("sent", "message"),
    [
        (True, "Calls made must be a number, like 12"),
        (False, "Calls made must be a number, like 12"),
        ("٣٦", DIGITS),
    ],
)
def test_the_api_refuses_a_boolean_or_other_digits_as_a_figure(
    api: Client, sent: object, message: str
) -> None:
    body = {"values": {**GOOD, "calls": sent}, "expected_version": 0}
    response = api.put(API, json.dumps(body), "application/json")
    assert response.status_code == 422
    assert response.json()["errors"]["calls"] == [message]
    assert not Return.objects.exists()


def test_the_api_refuses_a_boolean_as_the_version(api: Client) -> None:
    body = {"values": GOOD, "expected_version": False}
    response = api.put(API, json.dumps(body), "application/json")
    assert response.status_code == 422
    assert not Return.objects.exists()


def test_the_web_form_refuses_other_digits(
    client_for: Callable[[User], Client], collection: Collection, charity_contributor: User
) -> None:
    response = client_for(charity_contributor).post(
        RETURN.format(org="test-charity"), {**GOOD, "calls": "١٢٠", "version": "0"}
    )
    assert response.status_code == 400
    assert DIGITS in response.content.decode()
    assert not Return.objects.exists()


def test_a_workbook_cell_with_other_digits_is_refused(api: Client) -> None:
    template = api.get(API + "/template.xlsx").content
    filled = {"G8": "١٢٠", "G9": 70, "G10": 50, "G11": 35}
    response = api.post(API + "/upload", {"file": _workbook(template, filled), "dry_run": "false"})  # type: ignore[dict-item]
    assert response.status_code == 422
    assert response.json()["rejections"][0]["reason"] == f"G8: {DIGITS}"
    assert not Return.objects.exists()


def test_a_csv_cell_with_other_digits_is_refused(
    client_for: Callable[[User], Client], collection: Collection, charity_contributor: User
) -> None:
    rows = "organisation,period,measure,value\nTest Charity,2020-06-08,calls,٣٦\n"
    buffer = io.BytesIO(rows.encode())
    buffer.name = "returns.csv"
    response = client_for(charity_contributor).post(
        "/p/test-town/returns/befriending/upload/", {"file": buffer}
    )
    assert response.status_code == 400
    assert DIGITS in response.content.decode()
    assert not Return.objects.exists()


def test_a_collection_setting_with_other_digits_is_refused(
    client_for: Callable[[User], Client], collection: Collection, coordinator: User
) -> None:
    response = client_for(coordinator).post(
        "/p/test-town/returns/new/",
        {
            "name": "Quits",
            "frequency": "quarter",
            "first_period_start": "2024-04-01",
            "due_days": "١٠",  # noqa: RUF001 (the digits under test)
            "due_rule": "working_days",
            "reminder_days": "3",
        },
    )
    assert response.status_code == 400
    assert "Write the number with the digits 0 to 9, like 12" in response.content.decode()
    assert not Collection.objects.filter(name="Quits").exists()
