"""A return saved without the version it started from is refused and saves nothing, on the web, the
API and the filled-in template: otherwise it would overwrite a newer save silently."""

from __future__ import annotations

import json
from collections.abc import Callable

import pytest
from django.test import Client

from tests.integration.returns.conftest import GOOD, RETURN
from tests.integration.returns.test_api import _workbook
from wellboard.core.versioning import VERSION_MISSING
from wellboard.partners.models import User
from wellboard.partners.selectors import actor_for
from wellboard.partners.services import api_token_create
from wellboard.returns.models import Collection, Figure, Return
from wellboard.returns.workbook.upload import STALE

pytestmark = pytest.mark.django_db
API = "/api/v1/returns/collections/befriending/returns/test-charity/2020-06-08"


def calls() -> object:
    return Figure.objects.get(measure__code="calls", breakdown="").value


@pytest.fixture
def api(collection: Collection, charity_contributor: User) -> Client:
    actor = actor_for(user=charity_contributor, partnership=collection.partnership)
    assert actor is not None
    _, token = api_token_create(by=actor, name="CRM")
    return Client(HTTP_AUTHORIZATION=f"Bearer {token}")


@pytest.mark.parametrize("version", [None, "", "x"])
def test_a_return_saved_on_the_web_without_its_version_overwrites_nothing(
    client_for: Callable[[User], Client],
    collection: Collection,
    charity_contributor: User,
    version: str | None,
) -> None:
    client = client_for(charity_contributor)
    url = RETURN.format(org="test-charity")
    assert client.post(url, {**GOOD, "version": "0"}).status_code == 302
    assert client.post(url, {**GOOD, "calls": "130", "version": "1"}).status_code == 302
    stale = {**GOOD, "calls": "99"} | ({} if version is None else {"version": version})
    response = client.post(url, stale)
    assert response.status_code == 400
    html = response.content.decode()
    assert "There is a problem" in html
    assert VERSION_MISSING in html
    assert calls() == 130
    assert Return.objects.get().version == 2


def test_a_return_started_by_someone_else_meanwhile_is_a_conflict_on_the_web(
    client_for: Callable[[User], Client], collection: Collection, charity_contributor: User
) -> None:
    client = client_for(charity_contributor)
    url = RETURN.format(org="test-charity")
    assert client.post(url, {**GOOD, "version": "0"}).status_code == 302
    response = client.post(url, {**GOOD, "calls": "99", "version": "0"})
    assert response.status_code == 409
    assert calls() == 120


def test_a_return_put_without_its_version_answers_422_naming_it(api: Client) -> None:
    body = {"values": GOOD, "expected_version": 0}
    assert api.put(API, json.dumps(body), "application/json").status_code == 200
    for stale in ({"values": {"calls": 99}}, {"values": {"calls": 99}, "expected_version": None}):
        response = api.put(API, json.dumps(stale), "application/json")
        assert response.status_code == 422
        assert list(response.json()["errors"]) == ["expected_version"]
    assert calls() == 120


def test_a_return_not_started_reads_as_version_0_and_put_back_with_it(api: Client) -> None:
    read = api.get(API).json()
    assert read["version"] == 0
    body = {"values": GOOD, "expected_version": read["version"]}
    assert api.put(API, json.dumps(body), "application/json").status_code == 200
    assert api.put(API, json.dumps(body), "application/json").status_code == 409


def test_a_template_downloaded_before_someone_saved_the_return_is_refused(api: Client) -> None:
    template = api.get(API + "/template.xlsx").content
    body = {"values": GOOD, "expected_version": 0}
    assert api.put(API, json.dumps(body), "application/json").status_code == 200
    filled = {"G8": 99, "G9": 50, "G10": 49, "G11": 35}
    response = api.post(API + "/upload", {"file": _workbook(template, filled), "dry_run": "false"})
    assert response.status_code == 422
    assert response.json()["rejections"][0]["reason"] == STALE
    assert calls() == 120
    fresh = api.get(API + "/template.xlsx").content
    again = api.post(API + "/upload", {"file": _workbook(fresh, filled), "dry_run": "false"})
    assert again.status_code == 200
    assert calls() == 99


@pytest.mark.parametrize("page", ["submit/", "approve/"])
def test_a_workflow_button_without_its_version_changes_nothing(
    client_for: Callable[[User], Client],
    collection: Collection,
    charity_contributor: User,
    approver: User,
    page: str,
) -> None:
    url = RETURN.format(org="test-charity")
    assert client_for(charity_contributor).post(url, {**GOOD, "version": "0"}).status_code == 302
    if page == "approve/":
        client_for(charity_contributor).post(url + "submit/", {"version": "1"})
    before = Return.objects.get()
    client = client_for(charity_contributor if page == "submit/" else approver)
    response = client.post(url + page, {})
    assert response.status_code == 302
    assert VERSION_MISSING in client.get(response["Location"]).content.decode()
    after = Return.objects.get()
    assert (after.status, after.version) == (before.status, before.version)


def test_a_measure_edited_without_its_version_is_refused(
    client_for: Callable[[User], Client], collection: Collection, coordinator: User
) -> None:
    url = "/p/test-town/returns/befriending/measures/visits/"
    response = client_for(coordinator).post(
        url, {"label": "Visits at home", "unit": "visits", "required": "on"}
    )
    assert response.status_code == 400
    assert VERSION_MISSING in response.content.decode()
    assert collection.measures.get(code="visits").label != "Visits at home"
