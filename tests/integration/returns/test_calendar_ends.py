"""A return's URL with a period at the ends of the calendar answers 404, never a server error: on
every page of a return and every API operation on one."""

from __future__ import annotations

import json
from collections.abc import Callable

import pytest
from django.test import Client

from wellboard.partners.models import User
from wellboard.partners.selectors import actor_for
from wellboard.partners.services import api_token_create
from wellboard.returns.models import Collection

pytestmark = pytest.mark.django_db
ENDS = ["9999-12-31", "9999-12-27", "0001-01-01", "9999-12-27%2F2W", "0001-01"]
PAGES = ["", "template.xlsx", "upload/", "submit/", "approve/", "send-back/", "unapprove/", "history/"]
API = "/api/v1/returns/collections/befriending/returns/test-charity/{period}"


@pytest.mark.parametrize("period", ENDS)
@pytest.mark.parametrize("page", PAGES)
@pytest.mark.parametrize("method", ["get", "post"])
def test_every_return_page_answers_404_at_the_ends_of_the_calendar(
    client_for: Callable[[User], Client],
    collection: Collection,
    coordinator: User,
    period: str,
    page: str,
    method: str,
) -> None:
    client = client_for(coordinator)
    url = f"/p/test-town/returns/befriending/test-charity/{period}/{page}"
    response = getattr(client, method)(url, {"version": "1", "reason": "Wrong"} if method == "post" else None)
    # 405: a page that only takes a POST refuses a GET before reading the period.
    assert response.status_code in {404, 405}, (url, response.status_code)


@pytest.mark.parametrize("period", ["9999-12-31", "9999-12-27", "0001-01-01", "0001-01"])
def test_every_return_operation_of_the_api_answers_404_at_the_ends_of_the_calendar(
    collection: Collection, coordinator: User, period: str
) -> None:
    actor = actor_for(user=coordinator, partnership=collection.partnership)
    assert actor is not None
    _, token = api_token_create(by=actor, name="CRM")
    client = Client(HTTP_AUTHORIZATION=f"Bearer {token}")
    url = API.format(period=period)
    answers = [
        client.get(url),
        client.put(url, json.dumps({"values": {"calls": 1}, "expected_version": 1}), "application/json"),
        client.get(url + "/template.xlsx"),
        client.post(url + "/upload", {}),
    ]
    statuses = [response.status_code for response in answers]
    assert statuses[:3] == [404, 404, 404], (url, statuses)
    assert statuses[3] in {404, 422}, (url, statuses)
    assert "period" in answers[0].json()["detail"].lower()
