"""Holding an uploaded file between the dry run and the confirmation.

The bytes go to a private folder under the deployment's var directory (never under static or
media, so nothing serves them), named by a random token. The session records which tokens belong
to this person in which partnership, so a token alone is useless to anyone else. Files are
removed when the import is confirmed and swept when they are a day old.
"""

from __future__ import annotations

import hashlib
import re
import secrets
import time
from dataclasses import dataclass
from pathlib import Path

from django.conf import settings
from django.contrib.sessions.backends.base import SessionBase
from django.core.files.uploadhandler import FileUploadHandler, StopUpload
from django.http import HttpRequest

SESSION_KEY = "wellboard.indicators.uploads"
MAX_AGE_SECONDS = 24 * 60 * 60
MAX_HELD_PER_SESSION = 5
_TOKEN = re.compile(r"^[A-Za-z0-9_-]{20,64}$")


@dataclass(frozen=True)
class HeldUpload:
    token: str
    filename: str
    data: bytes


def _folder() -> Path:
    folder = Path(settings.VAR_DIR) / "uploads" / "fingertips"
    folder.mkdir(parents=True, exist_ok=True, mode=0o700)
    return folder


def _sweep(folder: Path) -> None:
    cutoff = time.time() - MAX_AGE_SECONDS
    for path in folder.glob("*.upload"):
        try:
            if path.stat().st_mtime < cutoff:
                path.unlink(missing_ok=True)
        except OSError:
            continue


def upload_hold(session: SessionBase, *, partnership_id: int, filename: str, data: bytes) -> str:
    """Keep ``data`` for this session and partnership; returns the token that names it."""
    folder = _folder()
    _sweep(folder)
    token = secrets.token_urlsafe(24)
    (folder / f"{token}.upload").write_bytes(data)
    held: dict[str, dict[str, object]] = dict(session.get(SESSION_KEY, {}))
    held[token] = {
        "partnership_id": partnership_id,
        "filename": filename[:200],
        "sha256": hashlib.sha256(data).hexdigest(),
        "held_at": time.time(),
    }
    # Keep only the most recent few; older ones are forgotten and their files removed.
    for stale in sorted(held, key=lambda t: float(str(held[t]["held_at"])))[:-MAX_HELD_PER_SESSION]:
        (folder / f"{stale}.upload").unlink(missing_ok=True)
        del held[stale]
    session[SESSION_KEY] = held
    return token


def upload_get(session: SessionBase, *, partnership_id: int, token: str) -> HeldUpload | None:
    """The held file, if this session holds ``token`` for this partnership and it is unchanged."""
    if not _TOKEN.match(token or ""):
        return None
    entry = dict(session.get(SESSION_KEY, {})).get(token)
    if not entry or entry.get("partnership_id") != partnership_id:
        return None
    if time.time() - float(str(entry.get("held_at", 0))) > MAX_AGE_SECONDS:
        return None
    path = _folder() / f"{token}.upload"
    try:
        data = path.read_bytes()
    except OSError:
        return None
    if hashlib.sha256(data).hexdigest() != entry.get("sha256"):
        return None
    return HeldUpload(token=token, filename=str(entry.get("filename", "")), data=data)


def upload_discard(session: SessionBase, *, token: str) -> None:
    held: dict[str, dict[str, object]] = dict(session.get(SESSION_KEY, {}))
    if token in held:
        del held[token]
        session[SESSION_KEY] = held
    if _TOKEN.match(token or ""):
        (_folder() / f"{token}.upload").unlink(missing_ok=True)


class CappedUploadHandler(FileUploadHandler):
    """Stops reading an uploaded file once it passes ``limit`` bytes, before it reaches a temporary
    file or memory: Django's own settings cap only the non-file part of a request body."""

    def __init__(self, request: HttpRequest, limit: int) -> None:
        super().__init__(request)
        self.limit = limit
        self.received = 0
        self.exceeded = False

    def receive_data_chunk(self, raw_data: bytes, start: int) -> bytes | None:
        self.received += len(raw_data)
        if self.received > self.limit:
            self.exceeded = True
            # The rest of the body is read and thrown away; the file is left out of FILES.
            raise StopUpload(connection_reset=False)
        return raw_data

    def file_complete(self, file_size: int) -> None:
        return None
