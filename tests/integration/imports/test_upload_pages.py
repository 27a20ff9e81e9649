"""What every upload page shares: a stale, forged or someone else's upload is refused with the same
message; files over the limit are never read in full; the CSRF check still applies."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from django.test import Client

from tests.integration.imports.conftest import (
    FINGERTIPS_UPLOAD,
    RETURNS_CSV,
    RETURNS_UPLOAD,
    STRATEGY_UPLOAD,
    fingertips_csv,
    named,
    strategy_workbook_with_a_new_priority,
)
from wellboard.core import clock
from wellboard.core.clock import frozen_at
from wellboard.indicators.models import Indicator
from wellboard.partners.models import User
from wellboard.returns.models import Collection, Return
from wellboard.strategy.models import Node

pytestmark = pytest.mark.django_db
EXPIRED_PAGE = "This upload has expired or is not yours"
AN_HOUR_LATER = dt.timedelta(hours=1, minutes=1)


@pytest.fixture(autouse=True)
def uploads(settings: Any, tmp_path: Path) -> Path:
    settings.VAR_DIR = tmp_path
    return tmp_path / "uploads"


def stored(uploads: Path) -> list[Path]:
    return [p for p in uploads.rglob("*") if p.is_file()] if uploads.exists() else []


# ---------------------------------------------------------------- strategy workbooks


def strategy_review_url(client: Client) -> str:
    checked = client.post(
        STRATEGY_UPLOAD, {"workbook": named(strategy_workbook_with_a_new_priority(client), "plan.xlsx")}
    )
    assert checked.status_code == 302
    return str(checked["Location"])


def test_another_coordinators_strategy_upload_is_not_theirs(
    client_for: Callable[[User], Client], strategy: None, coordinator: User, partnership: Any
) -> None:
    from tests.factories import make_person
    from wellboard.core.access import Role

    review_url = strategy_review_url(client_for(coordinator))
    colleague = client_for(make_person(partnership, "colleague", Role.COORDINATOR))
    for response in (colleague.get(review_url), colleague.post(review_url, {"digest": "0" * 64})):
        assert response.status_code == 404
        html = response.content.decode()
        assert EXPIRED_PAGE in html
        assert f'href="{STRATEGY_UPLOAD}"' in html
    assert not Node.objects.filter(ref="2.2").exists()


def test_a_strategy_upload_expires(
    client_for: Callable[[User], Client], strategy: None, coordinator: User, uploads: Path
) -> None:
    client = client_for(coordinator)
    review_url = strategy_review_url(client)
    assert client.get(review_url).status_code == 200
    with frozen_at(clock.now() + AN_HOUR_LATER):
        expired = client.get(review_url)
    assert expired.status_code == 404
    assert "waits an hour to be confirmed" in expired.content.decode()


def test_a_strategy_workbook_over_the_limit_is_never_kept(
    client_for: Callable[[User], Client], strategy: None, coordinator: User, uploads: Path
) -> None:
    response = client_for(coordinator).post(
        STRATEGY_UPLOAD, {"workbook": named(b"PK\x03\x04" + b"x" * (10 * 1024 * 1024), "plan.xlsx")}
    )
    assert response.status_code == 400
    html = response.content.decode()
    assert "There is a problem" in html
    assert "The selected file must be smaller than 10 MB" in html
    assert "Select a strategy workbook" not in html
    assert stored(uploads) == []


# ---------------------------------------------------------------- Fingertips


def test_a_fingertips_upload_expires(
    client_for: Callable[[User], Client], analyst: User, uploads: Path
) -> None:
    client = client_for(analyst)
    checked = client.post(FINGERTIPS_UPLOAD, {"file": named(fingertips_csv(), "rates.csv")})
    token = checked.context["confirm"].initial["token"]
    with frozen_at(clock.now() + AN_HOUR_LATER):
        expired = client.post(FINGERTIPS_UPLOAD + "confirm/", {"token": token})
    assert expired.status_code == 400
    assert "no longer available (uploads are kept for an hour)" in expired.content.decode()
    assert not Indicator.objects.exists()


# ---------------------------------------------------------------- returns


def returns_digest(client: Client) -> str:
    checked = client.post(RETURNS_UPLOAD, {"file": named(RETURNS_CSV.encode(), "returns.csv")})
    assert checked.status_code == 200
    found = re.search(r'name="digest" value="([^"]+)"', checked.content.decode())
    assert found is not None
    return found.group(1)


def test_another_persons_returns_upload_is_not_theirs(
    client_for: Callable[[User], Client],
    collection: Collection,
    charity_contributor: User,
    coordinator: User,
) -> None:
    digest = returns_digest(client_for(charity_contributor))
    other = client_for(coordinator)
    refused = other.post(RETURNS_UPLOAD, {"digest": digest, "apply": "yes"})
    assert refused.status_code == 302
    assert refused["Location"] == RETURNS_UPLOAD
    assert "The upload has expired; choose the file again" in other.get(RETURNS_UPLOAD).content.decode()
    forged = other.post(RETURNS_UPLOAD, {"digest": "0" * 64, "apply": "yes"})
    assert forged.status_code == 302
    assert not Return.objects.exists()


def test_a_returns_upload_is_confirmed_only_on_the_page_that_checked_it(
    client_for: Callable[[User], Client], collection: Collection, charity_contributor: User
) -> None:
    client = client_for(charity_contributor)
    digest = returns_digest(client)
    own_return = "/p/test-town/returns/befriending/test-charity/2020-06-08/upload/"
    moved = client.post(own_return, {"digest": digest, "apply": "yes"})
    assert moved.status_code == 302
    assert not Return.objects.exists()
    assert client.post(RETURNS_UPLOAD, {"digest": digest, "apply": "yes"}).status_code == 302
    assert Return.objects.count() == 1


def test_a_returns_upload_expires(
    client_for: Callable[[User], Client],
    collection: Collection,
    charity_contributor: User,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    client = client_for(charity_contributor)
    digest = returns_digest(client)
    later = clock.now() + AN_HOUR_LATER
    monkeypatch.setattr(clock, "now", lambda: later)
    expired = client.post(RETURNS_UPLOAD, {"digest": digest, "apply": "yes"})
    assert expired.status_code == 302
    assert not Return.objects.exists()


def test_a_returns_file_over_the_limit_is_never_read_in_full(
    client_for: Callable[[User], Client], collection: Collection, charity_contributor: User, uploads: Path
) -> None:
    big = named(RETURNS_CSV.encode() + b"x" * (10 * 1024 * 1024), "returns.csv")
    response = client_for(charity_contributor).post(RETURNS_UPLOAD, {"file": big})
    assert response.status_code == 400
    html = response.content.decode()
    assert "The selected file must be smaller than 10 MB" in html
    assert "Select a file to upload" not in html
    assert stored(uploads) == []


@pytest.mark.parametrize(
    ("url", "field"), [(RETURNS_UPLOAD, "file"), (STRATEGY_UPLOAD, "workbook"), (FINGERTIPS_UPLOAD, "file")]
)
def test_the_capped_upload_pages_still_check_the_csrf_token(
    collection: Collection, coordinator: User, url: str, field: str
) -> None:
    client = Client(enforce_csrf_checks=True)
    client.force_login(coordinator)
    response = client.post(url, {field: named(RETURNS_CSV.encode(), "returns.csv")})
    assert response.status_code == 403
    assert "CSRF verification failed" in response.content.decode()
    assert not Return.objects.exists()
