"""A number too large to hold is told the allowed range, however it arrives: the return form, an
uploaded workbook, a CSV file, the API, and a measure's lowest and highest values."""

from __future__ import annotations

import io
import json
from collections.abc import Callable

import openpyxl
import pytest
from django.test import Client

from tests.integration.returns.conftest import GOOD, RETURN
from wellboard.partners.models import User
from wellboard.partners.selectors import actor_for
from wellboard.partners.services import api_token_create
from wellboard.returns.models import Collection, Measure, Return

pytestmark = pytest.mark.django_db
COLLECTION = "/p/test-town/returns/befriending/"
RANGE = "must be between 0 and 999,999,999,999"


def test_return_form_tells_a_huge_number_the_allowed_range(
    client_for: Callable[[User], Client], collection: Collection, charity_contributor: User, viewer: User
) -> None:
    client = client_for(charity_contributor)
    response = client.post(RETURN.format(org="test-charity"), {**GOOD, "visits": "1e20", "version": "0"})
    assert response.status_code == 400
    body = response.content.decode()
    assert f"Home visits {RANGE}" in body
    assert "must be a number, like 12" not in body
    assert 'value="1e20"' in body
    assert not Return.objects.exists()
    assert client.post(RETURN.format(org="test-charity"), {**GOOD, "version": "0"}).status_code == 302
    assert client_for(viewer).post(RETURN.format(org="test-charity"), GOOD).status_code == 404


def test_workbook_cell_of_a_trillion_is_told_the_allowed_range(
    client_for: Callable[[User], Client], collection: Collection, charity_contributor: User
) -> None:
    client = client_for(charity_contributor)
    download = client.get(RETURN.format(org="test-charity") + "template.xlsx")
    wb = openpyxl.load_workbook(io.BytesIO(download.content))
    visits = wb["Return"].data_validations.dataValidation
    assert any(v.formula2 == "999999999999" and "999,999,999,999" in (v.error or "") for v in visits)
    for ref, value in {"G8": 120, "G9": 70, "G10": 50, "G11": 1e12}.items():
        wb["Return"][ref] = value
    buffer = io.BytesIO()
    wb.save(buffer)
    buffer.seek(0)
    buffer.name = "charity.xlsx"
    check = client.post(RETURN.format(org="test-charity") + "upload/", {"file": buffer})
    body = check.content.decode()
    assert f"G11: Home visits {RANGE}" in body
    assert "Save these figures" not in body
    assert not Return.objects.exists()


def test_csv_upload_tells_a_huge_number_the_allowed_range(
    client_for: Callable[[User], Client], collection: Collection, charity_contributor: User
) -> None:
    rows = "organisation,period,measure,value\nTest Charity,2020-06-08,calls,100000000000000000000\n"
    buffer = io.BytesIO(rows.encode())
    buffer.name = "returns.csv"
    check = client_for(charity_contributor).post(COLLECTION + "upload/", {"file": buffer})
    body = check.content.decode()
    assert f"Calls made {RANGE}" in body
    assert not Return.objects.exists()


def test_api_tells_a_huge_number_the_allowed_range(collection: Collection, charity_contributor: User) -> None:
    actor = actor_for(user=charity_contributor, partnership=collection.partnership)
    assert actor is not None
    _, token = api_token_create(by=actor, name="CRM")
    response = Client().put(
        "/api/v1/returns/collections/befriending/returns/test-charity/2020-06-08",
        data=json.dumps({"values": {"calls": 1e20}, "expected_version": 0}),
        content_type="application/json",
        HTTP_AUTHORIZATION=f"Bearer {token}",
    )
    assert response.status_code == 422
    assert response.json()["errors"] == {"calls": [f"Calls made {RANGE}"]}


def test_measure_limits_beyond_what_a_figure_can_hold_are_refused(
    client_for: Callable[[User], Client], collection: Collection, coordinator: User
) -> None:
    url = COLLECTION + "measures/visits/"
    form = {"label": "Home visits", "unit": "visits", "required": "on", "version": "1"}
    bad = client_for(coordinator).post(url, {**form, "max_value": "1e20"})
    assert bad.status_code == 400
    assert "The highest value must be 999,999,999,999 or less" in bad.content.decode()
    assert Measure.objects.get(collection=collection, code="visits").max_value is None
