"""The data-version cache: entries are reused until an audited write changes the partnership."""

from __future__ import annotations

import contextvars
from collections.abc import Callable
from pathlib import Path
from typing import Any, cast

import pytest
from django.core.cache.backends.filebased import FileBasedCache
from django.db import transaction
from django.http import HttpRequest, HttpResponse
from django.test import RequestFactory

from tests.factories import PartnershipFactory
from wellboard.core.access import Actor
from wellboard.core.audit import audit_record
from wellboard.core.cache import (
    PAGES,
    DataVersionMiddleware,
    cache_key,
    cached,
    data_version,
    data_version_bump,
    is_cached,
    versions_digest,
)
from wellboard.partners.models import Partnership

pytestmark = pytest.mark.django_db


class Builds:
    """A build function that counts its calls."""

    def __init__(self) -> None:
        self.calls = 0

    def __call__(self) -> dict[str, int]:
        self.calls += 1
        return {"calls": self.calls}


def remember(partnership: Partnership, build: Builds, *parts: object) -> dict[str, int]:
    return cached(partnership_id=partnership.pk, name="test", parts=parts, build=build)


def test_a_bump_changes_only_that_partnerships_version(partnership: Partnership) -> None:
    other = PartnershipFactory(slug="other-town")
    mine, theirs = data_version(partnership.pk), data_version(other.pk)
    data_version_bump(partnership.pk)
    assert data_version(partnership.pk) != mine
    assert data_version(other.pk) == theirs


def test_a_global_bump_changes_every_partnerships_version(partnership: Partnership) -> None:
    other = PartnershipFactory(slug="other-town")
    before = {data_version(partnership.pk), data_version(other.pk)}
    data_version_bump(None)
    after = {data_version(partnership.pk), data_version(other.pk)}
    assert before.isdisjoint(after)


def test_cached_builds_once_until_the_data_changes(partnership: Partnership) -> None:
    build = Builds()
    assert remember(partnership, build, 1) == {"calls": 1}
    assert remember(partnership, build, 1) == {"calls": 1}
    assert remember(partnership, build, 2) == {"calls": 2}, "other parts are another entry"
    data_version_bump(partnership.pk)
    assert remember(partnership, build, 1) == {"calls": 3}


def test_an_audited_write_makes_cached_entries_stale(partnership: Partnership) -> None:
    build = Builds()
    remember(partnership, build)
    audit_record(by=Actor.command_line(partnership.pk), action="partnership.update", obj=partnership)
    remember(partnership, build)
    assert build.calls == 2


def test_a_rolled_back_change_never_reuses_its_version(partnership: Partnership) -> None:
    before = data_version(partnership.pk)
    seen: list[str] = []

    def failing_change() -> None:
        with transaction.atomic():
            data_version_bump(partnership.pk)
            seen.append(data_version(partnership.pk))
            raise RuntimeError("the change fails")

    with pytest.raises(RuntimeError):
        failing_change()
    inside = seen[0]
    assert inside != before
    assert data_version(partnership.pk) == before
    data_version_bump(partnership.pk)
    assert data_version(partnership.pk) not in {before, inside}


def test_no_caching_when_turned_off(partnership: Partnership, settings: pytest.FixtureRequest) -> None:
    settings.WELLBOARD_CACHE_SECONDS = 0  # type: ignore[attr-defined]
    build = Builds()
    remember(partnership, build)
    remember(partnership, build)
    assert build.calls == 2


# ---------------------------------------------------------------- in a request


def in_request(view: Callable[[], object]) -> object:
    """Run ``view`` as the view of a request that passes through ``DataVersionMiddleware``."""
    seen: list[object] = []

    def get_response(request: HttpRequest) -> HttpResponse:
        seen.append(view())
        return HttpResponse()

    DataVersionMiddleware(get_response)(RequestFactory().get("/"))
    return seen[0]


def test_a_request_keys_on_the_versions_as_it_began(partnership: Partnership) -> None:
    """A page may read data before it asks for the version: a write committed in between must not
    make what it read count as the new version's."""
    before = data_version(partnership.pk)

    def view() -> tuple[str, str]:
        began = data_version(partnership.pk)
        # Another person's write, in another request (so another context), committed meanwhile.
        contextvars.Context().run(data_version_bump, partnership.pk)
        return began, data_version(partnership.pk)

    began, later = cast(tuple[str, str], in_request(view))
    assert began == before
    assert later == before, "the request keeps the versions it began with"
    assert data_version(partnership.pk) != before


def test_a_requests_own_committed_write_is_keyed_on_the_new_version(
    partnership: Partnership, django_capture_on_commit_callbacks: Callable[..., Any]
) -> None:
    build = Builds()

    def view() -> tuple[str, dict[str, int]]:
        remember(partnership, build)
        with django_capture_on_commit_callbacks(execute=True):
            data_version_bump(partnership.pk)
        return data_version(partnership.pk), remember(partnership, build)

    version, value = cast(tuple[str, dict[str, int]], in_request(view))
    assert version == data_version(partnership.pk)
    assert value == {"calls": 2}, "built afresh after the write"
    assert remember(partnership, build) == {"calls": 2}, "and kept under the new version"


def test_a_request_caches_nothing_while_its_own_write_is_uncommitted(partnership: Partnership) -> None:
    build = Builds()

    def view() -> list[dict[str, int]]:
        data_version_bump(partnership.pk)  # its commit never comes in this test's transaction
        return [remember(partnership, build), remember(partnership, build)]

    assert in_request(view) == [{"calls": 1}, {"calls": 2}]
    assert remember(partnership, build) == {"calls": 3}, "nothing was kept"


# ---------------------------------------------------------------- shared between processes


def test_the_page_cache_is_shared_through_files(
    partnership: Partnership, settings: pytest.FixtureRequest, tmp_path: Path
) -> None:
    """Production keeps entries in files: what one process built, another (a second cache object
    over the same directory, as another worker would open) reads without building."""
    location = str(tmp_path / "cache")
    settings.CACHES = {  # type: ignore[attr-defined]
        "default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"},
        PAGES: {"BACKEND": "django.core.cache.backends.filebased.FileBasedCache", "LOCATION": location},
    }
    build = Builds()
    remember(partnership, build, "shared")
    other_process = FileBasedCache(location, {})
    key = cache_key(partnership_id=partnership.pk, name="test", parts=("shared",))
    assert other_process.get(key) == {"calls": 1}
    assert is_cached(partnership_id=partnership.pk, name="test", parts=("shared",))
    data_version_bump(partnership.pk)
    assert not is_cached(partnership_id=partnership.pk, name="test", parts=("shared",))
    assert remember(partnership, build, "shared") == {"calls": 2}


def test_hooks_are_told_of_a_change_once_it_commits(
    partnership: Partnership,
    settings: pytest.FixtureRequest,
    django_capture_on_commit_callbacks: Callable[..., Any],
) -> None:
    settings.WELLBOARD_DATA_CHANGED_HOOKS = [f"{__name__}.{record_change.__name__}"]  # type: ignore[attr-defined]
    CHANGES.clear()
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        data_version_bump(partnership.pk)
    assert CHANGES == [], "not before the commit"
    for callback in callbacks:
        callback()
    assert [partnership.pk] == CHANGES, "once committed"


def test_the_versions_digest_moves_with_any_change(partnership: Partnership) -> None:
    before = versions_digest()
    assert versions_digest() == before
    data_version_bump(partnership.pk)
    assert versions_digest() != before


CHANGES: list[int | None] = []


def record_change(partnership_id: int | None) -> None:
    CHANGES.append(partnership_id)
