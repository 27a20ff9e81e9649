"""The web side of every import: receive a file under a size cap, dry-run it, keep it, confirm it.

Each importer's pages keep their own templates and wording; what they share is here. ``capped_upload``
stops reading a file part once it passes the importer's byte limit, before it reaches memory or a
temporary file. ``ImportFlow`` runs the importer as a dry run and keeps the file (see ``pending``) only
when nothing was rejected, then, given the token back, runs the same importer on the same bytes for
real and forgets the file. The browser never sends back a plan, only the token: what is applied is
checked again from scratch.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from functools import wraps
from typing import Any, TypeVar

from django.core.files.uploadedfile import UploadedFile
from django.core.files.uploadhandler import FileUploadHandler, StopUpload
from django.http import HttpRequest, HttpResponse
from django.views.decorators.csrf import csrf_exempt, csrf_protect

from wellboard.core.importing.pending import (
    PendingUpload,
    discard_upload,
    hold_upload,
    recall_upload,
)
from wellboard.core.importing.report import ImportReport

F = TypeVar("F", bound=Callable[..., HttpResponse])

# (bytes, file name, dry run) -> the report; raises the importer's own errors for a refused file.
Runner = Callable[[bytes, str, bool], ImportReport]


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


def capped_upload(limit: Callable[[], int]) -> Callable[[F], F]:
    """Decorate an upload view so files over ``limit()`` bytes are never read in full.

    The cap must be in place before anything reads the request body, and the CSRF check reads it;
    so the check is exempted on the way in and made inside, just after the cap goes in.
    """

    def decorate(view: F) -> F:
        protected = csrf_protect(view)

        @csrf_exempt
        @wraps(view)
        def wrapped(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
            request.upload_handlers.insert(0, CappedUploadHandler(request, limit()))
            return protected(request, *args, **kwargs)

        return wrapped  # type: ignore[return-value]

    return decorate


def upload_too_large(request: HttpRequest) -> bool:
    """Whether ``capped_upload`` left a file out of this request for being over the limit."""
    return any(isinstance(h, CappedUploadHandler) and h.exceeded for h in request.upload_handlers)


def uploaded_bytes(upload: UploadedFile[bytes], *, limit: int) -> bytes:
    """An uploaded file's bytes, never more than ``limit`` + 1 of them (so an overrun shows)."""
    upload.seek(0)
    data: bytes = upload.read(limit + 1)
    return data


@dataclass(frozen=True)
class Checked:
    report: ImportReport
    token: str  # '' unless the file was kept for confirmation


@dataclass(frozen=True)
class ImportFlow:
    """One importer's upload → report → confirm pages.

    ``kind`` names the importer's folder among the pending uploads; ``suffix`` the files' ending.
    Every step takes the partnership the page is for and, optionally, a ``scope`` (the page's path,
    say) that the confirmation must repeat.
    """

    kind: str
    suffix: str = ".upload"

    def check(
        self,
        request: HttpRequest,
        *,
        partnership_id: int,
        filename: str,
        data: bytes,
        run: Runner,
        scope: str = "",
        suffix: str | None = None,
    ) -> Checked:
        """Dry-run the file; keep it for confirmation only if nothing was rejected."""
        report = run(data, filename, True)
        if not report.ok:
            return Checked(report=report, token="")
        token = self.hold(
            request, partnership_id=partnership_id, filename=filename, data=data, scope=scope, suffix=suffix
        )
        return Checked(report=report, token=token)

    def hold(
        self,
        request: HttpRequest,
        *,
        partnership_id: int,
        filename: str,
        data: bytes,
        scope: str = "",
        suffix: str | None = None,
    ) -> str:
        return hold_upload(
            request,
            kind=self.kind,
            partnership_id=partnership_id,
            filename=filename,
            data=data,
            suffix=suffix or self.suffix,
            scope=scope,
        )

    def recall(
        self, request: HttpRequest, *, partnership_id: int, token: str, scope: str = ""
    ) -> PendingUpload:
        """The kept upload; raises ``UploadExpired`` when the token is not this person's or too old."""
        return recall_upload(request, kind=self.kind, partnership_id=partnership_id, token=token, scope=scope)

    def confirm(
        self, request: HttpRequest, *, partnership_id: int, token: str, run: Runner, scope: str = ""
    ) -> tuple[ImportReport, PendingUpload]:
        """Import the kept file for real. It is forgotten once the import went through."""
        upload = self.recall(request, partnership_id=partnership_id, token=token, scope=scope)
        report = run(upload.data, upload.filename, False)
        if report.ok:
            self.discard(request, upload)
        return report, upload

    def discard(self, request: HttpRequest, upload: PendingUpload) -> None:
        discard_upload(request, upload)
