"""Pending uploads: kept through the storage API, named by a signed token that only the uploader's
session can use."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

import pytest
from django.contrib.sessions.backends.cache import SessionStore
from django.core.files.storage import storages
from django.http import HttpRequest
from django.test import RequestFactory

from wellboard.core.clock import frozen_at, now
from wellboard.core.importing import pending
from wellboard.core.importing.pending import (
    MAX_HELD_PER_SESSION,
    UploadExpired,
    discard_upload,
    hold_upload,
    pending_storage,
    recall_upload,
    sweep_expired_uploads,
    sweep_pending_uploads,
)
from wellboard.partners.models import User

PARTNERSHIP = 11


@pytest.fixture(autouse=True)
def uploads_dir(settings: Any, tmp_path: Path) -> Path:
    settings.VAR_DIR = tmp_path
    pending._next_sweep = 0.0
    return tmp_path / "uploads"


def request_for(user_id: int, session: SessionStore | None = None) -> HttpRequest:
    request = RequestFactory().post("/p/test-town/import/")
    request.user = User(pk=user_id, username=f"person-{user_id}")
    request.session = session if session is not None else SessionStore()
    return request


def hold(request: HttpRequest, data: bytes = b"a,b\n1,2\n", **options: Any) -> str:
    values: dict[str, Any] = {"kind": "fingertips", "partnership_id": PARTNERSHIP, "filename": "figures.csv"}
    values.update(options)
    return hold_upload(request, data=data, **values)


def recall(request: HttpRequest, token: str, **options: Any) -> pending.PendingUpload:
    values: dict[str, Any] = {"kind": "fingertips", "partnership_id": PARTNERSHIP}
    values.update(options)
    return recall_upload(request, token=token, **values)


def test_an_upload_is_kept_in_the_storage_and_recalled_by_its_token(uploads_dir: Path) -> None:
    request = request_for(1)
    token = hold(request, b"code,value\nE1,1\n", filename="C:\\Users\\me\\figures.csv")
    kept = recall(request, token)
    assert kept.data == b"code,value\nE1,1\n"
    assert kept.name.startswith("fingertips/")
    assert kept.name.endswith(".upload")
    assert (uploads_dir / kept.name).read_bytes() == kept.data
    assert (uploads_dir / kept.name).stat().st_mode & 0o777 == 0o600
    assert kept.filename.endswith("figures.csv")
    discard_upload(request, kept)
    assert not (uploads_dir / kept.name).exists()
    with pytest.raises(
        UploadExpired, match=r"This upload has expired or is not yours\. Upload the file again\."
    ):
        recall(request, token)


def test_another_server_with_the_same_session_and_storage_can_recall_it() -> None:
    session = SessionStore()
    token = hold(request_for(1, session))
    session.save()
    elsewhere = request_for(1, SessionStore(session_key=session.session_key))
    assert recall(elsewhere, token).data == b"a,b\n1,2\n"


@pytest.mark.parametrize(
    ("who", "options"),
    [
        ("another person", {}),
        ("another session", {}),
        ("another partnership", {"partnership_id": PARTNERSHIP + 1}),
        ("another importer", {"kind": "strategy-workbooks"}),
        ("another page", {"scope": "/elsewhere/"}),
    ],
)
def test_a_token_is_refused_to_anyone_and_anywhere_else(who: str, options: dict[str, Any]) -> None:
    owner = request_for(1)
    token = hold(owner)
    if who == "another person":
        other = request_for(2, owner.session)
    elif who == "another session":
        other = request_for(1)
    else:
        other = owner
    with pytest.raises(UploadExpired):
        recall(other, token, **options)
    assert recall(owner, token).data == b"a,b\n1,2\n"


@pytest.mark.parametrize("token", ["", "x" * 2000, "../../etc/passwd", "not:a:token"])
def test_made_up_tokens_are_refused(token: str) -> None:
    with pytest.raises(UploadExpired):
        recall(request_for(1), token)


def test_an_altered_token_is_refused() -> None:
    request = request_for(1)
    token = hold(request)
    with pytest.raises(UploadExpired):
        recall(request, token[:-2] + ("AA" if not token.endswith("AA") else "BB"))


def test_a_token_expires(settings: Any) -> None:
    settings.WELLBOARD_PENDING_UPLOAD_SECONDS = 600
    request = request_for(1)
    start = now()
    with frozen_at(start):
        token = hold(request)
    with frozen_at(start + dt.timedelta(seconds=599)):
        assert recall(request, token).data
    with frozen_at(start + dt.timedelta(seconds=601)), pytest.raises(UploadExpired):
        recall(request, token)


def test_a_file_changed_or_lost_in_the_storage_is_refused(uploads_dir: Path) -> None:
    request = request_for(1)
    token = hold(request)
    kept = recall(request, token)
    (uploads_dir / kept.name).write_bytes(b"something else")
    with pytest.raises(UploadExpired):
        recall(request, token)
    (uploads_dir / kept.name).unlink()
    with pytest.raises(UploadExpired):
        recall(request, token)


def test_a_session_keeps_only_its_latest_few_uploads(uploads_dir: Path) -> None:
    request = request_for(1)
    tokens = [hold(request, f"file {i}".encode()) for i in range(MAX_HELD_PER_SESSION + 2)]
    assert len(list((uploads_dir / "fingertips").iterdir())) == MAX_HELD_PER_SESSION
    for token in tokens[:2]:
        with pytest.raises(UploadExpired):
            recall(request, token)
    assert recall(request, tokens[-1]).data == f"file {MAX_HELD_PER_SESSION + 1}".encode()


def test_expired_uploads_are_swept(settings: Any, uploads_dir: Path) -> None:
    settings.WELLBOARD_PENDING_UPLOAD_SECONDS = 600
    assert sweep_expired_uploads() == 0, "nothing kept yet, and no folder is made"
    assert not uploads_dir.exists()
    request = request_for(1)
    hold(request, kind="fingertips")
    hold(request, kind="returns", suffix=".csv")
    (uploads_dir / "not-ours.txt").write_bytes(b"left alone")
    assert sweep_expired_uploads() == 0
    with frozen_at(now() + dt.timedelta(seconds=700)):
        assert sweep_pending_uploads() == "removed 2 expired upload(s)"
        assert sweep_pending_uploads() == ""
    assert (uploads_dir / "not-ours.txt").exists()


def test_keeping_an_upload_sweeps_now_and_then(settings: Any, uploads_dir: Path) -> None:
    settings.WELLBOARD_PENDING_UPLOAD_SECONDS = 600
    request = request_for(1)
    old = recall(request, hold(request, b"old"))
    later = now() + dt.timedelta(seconds=700)
    pending._next_sweep = 0.0
    with frozen_at(later):
        hold(request, b"new")
        assert not (uploads_dir / old.name).exists()
        older_again = recall(request, hold(request, b"newer"))
    with frozen_at(later + dt.timedelta(seconds=700)):
        hold(request, b"newest")  # swept only a few minutes ago by this process: not again yet
    assert (uploads_dir / older_again.name).exists()


def test_the_storage_follows_var_dir_unless_given_a_location(settings: Any, tmp_path: Path) -> None:
    assert Path(pending_storage().location) == tmp_path / "uploads"
    settings.STORAGES = {
        **settings.STORAGES,
        "uploads": {
            "BACKEND": "wellboard.core.importing.pending.PendingUploadStorage",
            "OPTIONS": {"location": str(tmp_path / "shared")},
        },
    }
    assert Path(storages["uploads"].location) == tmp_path / "shared"  # type: ignore[attr-defined]
