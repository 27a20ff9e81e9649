"""Two app servers behind one address, sharing one database and one upload storage: a file checked on
one server is confirmed on the other.

Each server has only its own local state: its var directory and its in-process cache. The browser is
one browser, so both servers see its cookies, and its session, which lives in the shared database. The
pending upload must therefore live in the shared storage and be named by the token the page carries.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from http.cookies import SimpleCookie
from pathlib import Path
from typing import Any

import pytest
from django.core.cache import cache
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
from wellboard.indicators.models import Indicator, Observation
from wellboard.partners.models import User
from wellboard.returns.models import Collection, Return
from wellboard.strategy.models import Node

pytestmark = pytest.mark.django_db


@dataclass
class Server:
    """One app server: a var directory and a memory cache of its own; every request switches to them."""

    name: str
    var_dir: Path
    settings: Any
    cookies: SimpleCookie
    client: Client = field(init=False)

    def __post_init__(self) -> None:
        self.client = Client()
        self.client.cookies = self.cookies  # one browser: the same cookie jar whichever server answers

    def _switch(self) -> None:
        self.settings.VAR_DIR = self.var_dir
        cache.clear()

    def get(self, url: str) -> Any:
        self._switch()
        return self.client.get(url)

    def post(self, url: str, data: dict[str, Any]) -> Any:
        self._switch()
        return self.client.post(url, data)


@pytest.fixture
def shared_storage(settings: Any, tmp_path: Path) -> Path:
    folder = tmp_path / "shared-uploads"
    settings.STORAGES = {
        **settings.STORAGES,
        "uploads": {
            "BACKEND": "wellboard.core.importing.pending.PendingUploadStorage",
            "OPTIONS": {"location": str(folder)},
        },
    }
    return folder


@pytest.fixture
def servers(settings: Any, tmp_path: Path, shared_storage: Path) -> Iterator[tuple[Server, Server]]:
    cookies: SimpleCookie = SimpleCookie()
    first = Server("first", tmp_path / "first-var", settings, cookies)
    second = Server("second", tmp_path / "second-var", settings, cookies)
    yield first, second
    for server in (first, second):
        assert not (server.var_dir / "uploads").exists(), f"the {server.name} server kept a file locally"


def sign_in(servers: tuple[Server, Server], user: User) -> None:
    servers[0].client.force_login(user)  # the session is in the database; the cookie in the shared jar


def kept_files(storage: Path) -> list[Path]:
    return [p for p in storage.rglob("*") if p.is_file()]


def test_a_fingertips_file_checked_on_one_server_is_imported_on_the_other(
    servers: tuple[Server, Server], analyst: User, shared_storage: Path
) -> None:
    first, second = servers
    sign_in(servers, analyst)
    checked = first.post(FINGERTIPS_UPLOAD, {"file": named(fingertips_csv(), "rates.csv")})
    assert checked.status_code == 200
    assert "Check the import" in checked.content.decode()
    assert len(kept_files(shared_storage)) == 1
    token = checked.context["confirm"].initial["token"]

    imported = second.post(FINGERTIPS_UPLOAD + "confirm/", {"token": token, "polarity": ""})
    assert imported.status_code == 302
    indicator = Indicator.objects.get(external_id="90001")
    assert Observation.objects.filter(indicator=indicator).count() == 1
    assert kept_files(shared_storage) == []


def test_a_strategy_workbook_checked_on_one_server_is_reviewed_and_imported_across_both(
    servers: tuple[Server, Server], strategy: None, coordinator: User, shared_storage: Path
) -> None:
    first, second = servers
    sign_in(servers, coordinator)
    workbook = strategy_workbook_with_a_new_priority(first.client)
    checked = first.post(STRATEGY_UPLOAD, {"workbook": named(workbook, "plan.xlsx")})
    assert checked.status_code == 302
    review_url = checked["Location"]

    review = second.get(review_url)
    assert review.status_code == 200
    digest = re.search(r'name="digest" value="([0-9a-f]+)"', review.content.decode())
    assert digest is not None

    imported = first.post(review_url, {"digest": digest.group(1)})
    assert imported.status_code == 302
    assert Node.objects.filter(ref="2.2", title="Clean air").exists()
    assert kept_files(shared_storage) == []
    assert second.get(review_url).status_code == 404


def test_a_csv_of_returns_checked_on_one_server_is_saved_on_the_other(
    servers: tuple[Server, Server], collection: Collection, charity_contributor: User, shared_storage: Path
) -> None:
    first, second = servers
    sign_in(servers, charity_contributor)
    checked = first.post(RETURNS_UPLOAD, {"file": named(RETURNS_CSV.encode(), "returns.csv")})
    assert checked.status_code == 200
    body = checked.content.decode()
    assert "Dry run: nothing has been saved yet" in body
    digest = body.split('name="digest" value="')[1].split('"')[0]
    assert [p.suffix for p in kept_files(shared_storage)] == [".csv"]

    saved = second.post(RETURNS_UPLOAD, {"digest": digest, "apply": "yes"})
    assert saved.status_code == 302
    assert Return.objects.get().organisation.slug == "test-charity"
    assert kept_files(shared_storage) == []
