"""Keeping an uploaded file between its dry run and its confirmation, whichever app server answers.

The bytes go to the Django storage named ``uploads`` (``STORAGES["uploads"]``): by default files under
``<var>/uploads``, which nothing serves; where several app servers run, a directory they share or an
object store (any Django storage backend). The person is given a signed token that names the file and
carries who uploaded it, for which partnership, in which sign-in session, when, and the file's digest,
so nothing about the upload lives only in the memory or on the disk of the server that received it.

A token that has expired (``WELLBOARD_PENDING_UPLOAD_SECONDS``, default an hour), was altered or made
up, or belongs to another person, partnership or session is refused with one message that says
nothing about anyone else's uploads. Expired files are removed by the worker's periodic hook and, at
most every few minutes, whenever a new upload is kept.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import hashlib
import os
import re
import secrets
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from django.conf import settings
from django.core import signing
from django.core.files.base import ContentFile
from django.core.files.storage import FileSystemStorage, Storage, storages
from django.http import HttpRequest

from wellboard.core import clock
from wellboard.core.errors import NotFound, WellboardError

UPLOAD_STORAGE = "uploads"
DEFAULT_LIFETIME_SECONDS = 60 * 60
MAX_HELD_PER_SESSION = 5
SWEEP_EVERY_SECONDS = 5 * 60
MAX_TOKEN_LENGTH = 1000
EXPIRED = "This upload has expired or is not yours. Upload the file again."

_SALT = "wellboard.core.importing.pending"
_SESSION_KEY = "wellboard.pending-uploads"
_KIND = re.compile(r"^[a-z0-9][a-z0-9-]{0,39}$")
_SUFFIX = re.compile(r"^\.[a-z0-9]{1,8}$")
_NAME = re.compile(r"^[a-z0-9][a-z0-9-]{0,39}/[A-Za-z0-9_-]{32,64}\.[a-z0-9]{1,8}$")
_DIGEST_LENGTH = 32
_next_sweep = 0.0


class UploadExpired(NotFound):
    """The token names no upload this person may confirm: expired, altered, or someone else's."""

    def __init__(self) -> None:
        WellboardError.__init__(self, EXPIRED)


class PendingUploadStorage(FileSystemStorage):
    """Private files under ``<VAR_DIR>/uploads`` (or ``location``), readable by the server's user only.

    The folder follows ``settings.VAR_DIR`` when no location is given, so a deployment that moves its
    var directory moves its pending uploads with it.
    """

    def __init__(self, location: str | os.PathLike[str] | None = None, **options: Any) -> None:
        options.setdefault("file_permissions_mode", 0o600)
        options.setdefault("directory_permissions_mode", 0o700)
        super().__init__(location=location, **options)
        self._uploads_location = location

    @property
    def base_location(self) -> str:
        return str(self._uploads_location or Path(settings.VAR_DIR) / "uploads")

    @property
    def location(self) -> str:
        return os.path.abspath(self.base_location)


@dataclass(frozen=True)
class PendingUpload:
    token: str
    name: str  # in the storage
    filename: str  # as the person's computer called it
    data: bytes


class _Signer(signing.TimestampSigner):
    """Django's timestamped signer, reading Wellboard's clock so that expiry can be tested."""

    def timestamp(self) -> str:
        return signing.b62_encode(int(clock.now().timestamp()))

    def unsign(self, value: str, max_age: float | dt.timedelta | None = None) -> str:
        result = signing.Signer.unsign(self, value)
        value, stamp = result.rsplit(self.sep, 1)
        if max_age is not None:
            seconds = max_age.total_seconds() if isinstance(max_age, dt.timedelta) else max_age
            age = clock.now().timestamp() - signing.b62_decode(stamp)
            if age > seconds:
                raise signing.SignatureExpired(f"Signature age {age} > {seconds} seconds")
        return value


def pending_storage() -> Storage:
    return storages[UPLOAD_STORAGE]


def upload_lifetime() -> int:
    """How long an upload waits for its confirmation, in seconds."""
    return int(getattr(settings, "WELLBOARD_PENDING_UPLOAD_SECONDS", DEFAULT_LIFETIME_SECONDS))


def upload_lifetime_text() -> str:
    seconds = upload_lifetime()
    if seconds % 3600 == 0:
        hours = seconds // 3600
        return "an hour" if hours == 1 else ("a day" if hours == 24 else f"{hours} hours")
    minutes = max(1, seconds // 60)
    return "a minute" if minutes == 1 else f"{minutes} minutes"


def _digest(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()[:_DIGEST_LENGTH]


def _session_state(request: HttpRequest) -> dict[str, Any]:
    state = request.session.get(_SESSION_KEY)
    return dict(state) if isinstance(state, dict) else {}


def _session_nonce(request: HttpRequest) -> str:
    """A random value kept in the session: a token works only in the session that was shown it."""
    state = _session_state(request)
    if not isinstance(state.get("nonce"), str):
        state["nonce"] = secrets.token_urlsafe(16)
        request.session[_SESSION_KEY] = state
    return str(state["nonce"])


def hold_upload(
    request: HttpRequest,
    *,
    kind: str,
    partnership_id: int,
    filename: str,
    data: bytes,
    suffix: str = ".upload",
    scope: str = "",
) -> str:
    """Keep ``data`` until it is confirmed; returns the token that names it for this person only.

    ``kind`` is the importer's folder in the storage; ``scope`` (say, the page's path) must be given
    again to recall the upload, so a token cannot be replayed on another importer's page.
    """
    if not _KIND.match(kind) or not _SUFFIX.match(suffix):
        raise ValueError(f"bad upload kind {kind!r} or suffix {suffix!r}")
    storage = pending_storage()
    sweep_now_and_then(storage)
    name = storage.save(f"{kind}/{secrets.token_urlsafe(24)}{suffix}", ContentFile(data))
    payload = {
        "n": name,
        "u": request.user.pk,
        "p": partnership_id,
        "s": _session_nonce(request),
        "f": Path(filename or "upload").name[:200],
        "h": _digest(data),
        "c": scope,
    }
    state = _session_state(request)
    held = [n for n in state.get("held", []) if isinstance(n, str)] + [name]
    for stale in held[:-MAX_HELD_PER_SESSION]:
        _delete(storage, stale)
    state["held"] = held[-MAX_HELD_PER_SESSION:]
    request.session[_SESSION_KEY] = state
    return _Signer(salt=_SALT).sign_object(payload, compress=True)


def recall_upload(
    request: HttpRequest, *, kind: str, partnership_id: int, token: str, scope: str = ""
) -> PendingUpload:
    """The upload ``token`` names, if this person kept it in this session for this partnership.

    Raises:
        UploadExpired: for an expired, altered, made-up or foreign token, or a file no longer kept.
    """
    if not token or len(token) > MAX_TOKEN_LENGTH:
        raise UploadExpired
    try:
        payload = _Signer(salt=_SALT).unsign_object(token, max_age=upload_lifetime())
    except (signing.BadSignature, ValueError) as exc:
        raise UploadExpired from exc
    if not isinstance(payload, dict):
        raise UploadExpired
    name = payload.get("n")
    nonce = _session_state(request).get("nonce")
    if (
        not isinstance(name, str)
        or not _NAME.match(name)
        or not name.startswith(f"{kind}/")
        or payload.get("u") != request.user.pk
        or payload.get("p") != partnership_id
        or payload.get("c") != scope
        or not nonce
        or payload.get("s") != nonce
    ):
        raise UploadExpired
    storage = pending_storage()
    try:
        if not storage.exists(name):
            raise UploadExpired
        with storage.open(name, "rb") as stream:
            data = stream.read()
    except OSError as exc:
        raise UploadExpired from exc
    if _digest(data) != payload.get("h"):
        raise UploadExpired
    return PendingUpload(token=token, name=name, filename=str(payload.get("f") or "upload"), data=data)


def discard_upload(request: HttpRequest, upload: PendingUpload) -> None:
    """Forget an upload once it is imported (or can no longer be)."""
    _delete(pending_storage(), upload.name)
    state = _session_state(request)
    held = state.get("held", [])
    if isinstance(held, list) and upload.name in held:
        state["held"] = [n for n in held if n != upload.name]
        request.session[_SESSION_KEY] = state


def _delete(storage: Storage, name: str) -> None:
    with contextlib.suppress(OSError):  # another server removed it first
        storage.delete(name)


def sweep_expired_uploads(storage: Storage | None = None) -> int:
    """Remove pending uploads older than their lifetime; returns how many were removed."""
    storage = storage or pending_storage()
    cutoff = clock.now() - dt.timedelta(seconds=upload_lifetime())
    removed = 0
    try:
        folders, _files = storage.listdir("")
    except (OSError, NotImplementedError):
        return 0  # nothing has been kept yet
    for folder in folders:
        if not _KIND.match(folder):
            continue
        try:
            _folders, files = storage.listdir(folder)
        except OSError:
            continue
        for file in files:
            name = f"{folder}/{file}"
            try:
                if storage.get_modified_time(name) < cutoff:
                    storage.delete(name)
                    removed += 1
            except (OSError, NotImplementedError):
                continue  # removed meanwhile, or a storage that cannot tell the time
    return removed


def sweep_now_and_then(storage: Storage) -> None:
    """Sweep when this process has not swept for a few minutes, so keeping an upload stays cheap."""
    global _next_sweep  # noqa: PLW0603 (one timestamp per process is the point)
    moment = time.monotonic()
    if moment < _next_sweep:
        return
    _next_sweep = moment + SWEEP_EVERY_SECONDS
    sweep_expired_uploads(storage)


def sweep_pending_uploads() -> str:
    """The worker's periodic hook: remove expired pending uploads. Returns a line for its log."""
    removed = sweep_expired_uploads()
    return f"removed {removed} expired upload(s)" if removed else ""
