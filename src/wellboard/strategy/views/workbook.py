"""Downloading a strategy as a workbook, and importing one: upload, check the changes, confirm.

Only coordinators use these pages; other members of the partnership are refused (403) and anyone
else is told the partnership does not exist (404). The uploaded file is kept on the server under a
random name known only to the uploader's session, and is checked again from scratch when the
import is confirmed: nothing the browser sends back is trusted as a plan.
"""

from __future__ import annotations

import hashlib
import json
import re
import secrets
import time
from pathlib import Path

from django import forms
from django.conf import settings
from django.contrib import messages
from django.core.files.uploadedfile import UploadedFile
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.urls import NoReverseMatch, reverse
from django.views.decorators.http import require_GET, require_http_methods

from wellboard.core.access import Actor, require
from wellboard.core.errors import NotFound
from wellboard.core.forms import Form
from wellboard.core.importing import ImportReport
from wellboard.core.views import member_view
from wellboard.partners.models import Partnership
from wellboard.partners.selectors import partnership_access
from wellboard.strategy.selectors import strategy_get
from wellboard.strategy.views._common import page
from wellboard.strategy.workbook import (
    Rules,
    strategy_workbook_bytes,
    strategy_workbook_filename,
    strategy_workbook_import,
)
from wellboard.strategy.workbook.plan import STRATEGY

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
SESSION_KEY = "strategy_workbook_uploads"
UPLOAD_NAME = re.compile(r"^[A-Za-z0-9_-]{24,64}$")
UPLOAD_LIFETIME_SECONDS = 24 * 60 * 60
MAX_UPLOADS_PER_SESSION = 5
COORDINATORS_ONLY = "Only a coordinator can export or import strategy workbooks"


def _coordinator(request: HttpRequest, slug: str) -> tuple[Partnership, Actor]:
    partnership, actor = partnership_access(user=request.user, slug=slug)
    require(actor.is_coordinator, COORDINATORS_ONLY)
    return partnership, actor


# ---------------------------------------------------------------- export


@member_view
@require_GET
def strategy_workbook_export(request: HttpRequest, slug: str, strategy: str) -> HttpResponse:
    _partnership, actor = _coordinator(request, slug)
    found = strategy_get(actor=actor, slug=strategy)
    response = HttpResponse(strategy_workbook_bytes(actor=actor, strategy=found), content_type=XLSX)
    response["Content-Disposition"] = f'attachment; filename="{strategy_workbook_filename(found)}"'
    response["Cache-Control"] = "no-store"
    return response


# ---------------------------------------------------------------- keeping an upload until it is confirmed


def _upload_dir() -> Path:
    folder = Path(settings.VAR_DIR) / "uploads" / "strategy-workbooks"
    folder.mkdir(parents=True, exist_ok=True, mode=0o700)
    return folder


def _forget_old_uploads(folder: Path) -> None:
    cutoff = time.time() - UPLOAD_LIFETIME_SECONDS
    for path in folder.glob("*.xlsx"):
        try:
            if path.stat().st_mtime < cutoff:
                path.unlink(missing_ok=True)
        except OSError:
            continue  # another process removed it first


def _keep_upload(request: HttpRequest, partnership: Partnership, data: bytes, filename: str) -> str:
    folder = _upload_dir()
    _forget_old_uploads(folder)
    name = secrets.token_urlsafe(24)
    (folder / f"{name}.xlsx").write_bytes(data)
    uploads: dict[str, dict[str, str]] = dict(request.session.get(SESSION_KEY, {}))
    while len(uploads) >= MAX_UPLOADS_PER_SESSION:
        oldest = next(iter(uploads))
        (folder / f"{oldest}.xlsx").unlink(missing_ok=True)
        del uploads[oldest]
    uploads[name] = {"partnership": partnership.slug, "filename": filename}
    request.session[SESSION_KEY] = uploads
    return name


def _kept_upload(request: HttpRequest, partnership: Partnership, name: str) -> tuple[bytes, str]:
    """The bytes and original file name of an upload this session made for this partnership."""
    entry = request.session.get(SESSION_KEY, {}).get(name) if UPLOAD_NAME.match(name) else None
    if not entry or entry.get("partnership") != partnership.slug:
        raise NotFound("uploaded workbook (it may have expired: upload it again)")
    path = _upload_dir() / f"{name}.xlsx"
    if not path.is_file():
        raise NotFound("uploaded workbook (it may have expired: upload it again)")
    return path.read_bytes(), str(entry.get("filename", "workbook.xlsx"))


def _drop_upload(request: HttpRequest, name: str) -> None:
    (_upload_dir() / f"{name}.xlsx").unlink(missing_ok=True)
    uploads = dict(request.session.get(SESSION_KEY, {}))
    uploads.pop(name, None)
    request.session[SESSION_KEY] = uploads


# ---------------------------------------------------------------- import


class WorkbookUploadForm(Form):
    workbook = forms.FileField(
        label="Strategy workbook",
        help_text="An .xlsx file downloaded from a strategy's page, or one laid out the same way. "
        f"It must be smaller than {Rules().max_bytes // (1024 * 1024)} MB.",
        error_messages={
            "required": "Select a strategy workbook",
            "empty": "The selected file is empty",
            "invalid": "Select a strategy workbook",
        },
    )

    def clean_workbook(self) -> UploadedFile[bytes]:
        upload: UploadedFile[bytes] = self.cleaned_data["workbook"]
        limit = Rules().max_bytes
        if upload.size is not None and upload.size > limit:
            raise forms.ValidationError(f"The selected file must be smaller than {limit // (1024 * 1024)} MB")
        return upload


def _plural(kind: str) -> str:
    return ("strategies" if kind == STRATEGY else f"{kind}s").capitalize()


def report_digest(report: ImportReport) -> str:
    """A fingerprint of what an import would change, to notice if that moved since it was shown."""
    changes = [[c.kind, c.key, c.outcome, list(c.fields)] for c in report.changes]
    return hashlib.sha256(json.dumps(changes, sort_keys=True).encode()).hexdigest()


def _report_page(
    request: HttpRequest,
    *,
    partnership: Partnership,
    actor: Actor,
    report: ImportReport,
    upload: str = "",
    status: int = 200,
    moved: bool = False,
) -> HttpResponse:
    counts = [
        {"label": _plural(kind), "create": c["create"], "update": c["update"], "unchanged": c["unchanged"]}
        for kind, c in report.counts().items()
    ]
    changes = [c for c in report.changes if c.outcome != "unchanged"]
    return page(
        request,
        "strategy/workbook/report.html",
        partnership=partnership,
        actor=actor,
        section="strategy",
        status=status,
        report=report,
        counts=counts,
        changes=changes,
        upload=upload,
        digest=report_digest(report),
        moved=moved,
    )


def _strategy_url(partnership: Partnership, report: ImportReport) -> str:
    slug = next((c.key for c in report.changes if c.kind == STRATEGY), "")
    try:
        return reverse("strategy-detail", args=[partnership.slug, slug])
    except NoReverseMatch:
        return reverse("strategy-list", args=[partnership.slug])


@member_view
@require_http_methods(["GET", "POST"])
def strategy_workbook_import_view(request: HttpRequest, slug: str) -> HttpResponse:
    partnership, actor = _coordinator(request, slug)
    form = (
        WorkbookUploadForm(request.POST, request.FILES) if request.method == "POST" else WorkbookUploadForm()
    )
    if request.method == "POST" and form.is_valid():
        upload: UploadedFile[bytes] = form.cleaned_data["workbook"]
        data = upload.read()  # the form has already refused anything over the size limit
        filename = Path(upload.name or "workbook.xlsx").name
        report = strategy_workbook_import(by=actor, data=data, source=filename, dry_run=True)
        whole_file = [r for r in report.rejections if not r.sheet]
        if whole_file:
            for rejection in whole_file:
                form.add_error("workbook", rejection.reason)
        elif not report.ok:
            return _report_page(request, partnership=partnership, actor=actor, report=report, status=400)
        else:
            name = _keep_upload(request, partnership, data, filename)
            return redirect("strategy-workbook-import-confirm", partnership.slug, name)
    return page(
        request,
        "strategy/workbook/upload.html",
        partnership=partnership,
        actor=actor,
        section="strategy",
        status=400 if request.method == "POST" else 200,
        form=form,
    )


@member_view
@require_http_methods(["GET", "POST"])
def strategy_workbook_import_confirm(request: HttpRequest, slug: str, upload: str) -> HttpResponse:
    partnership, actor = _coordinator(request, slug)
    data, filename = _kept_upload(request, partnership, upload)
    report = strategy_workbook_import(by=actor, data=data, source=filename, dry_run=True)
    if request.method == "GET" or not report.ok:
        status = 200 if report.ok else 400
        shown = upload if report.ok else ""
        return _report_page(
            request, partnership=partnership, actor=actor, report=report, upload=shown, status=status
        )
    if request.POST.get("digest") != report_digest(report):
        # Wellboard changed since this person checked the file: show them the new picture first.
        return _report_page(
            request,
            partnership=partnership,
            actor=actor,
            report=report,
            upload=upload,
            status=409,
            moved=True,
        )
    applied = strategy_workbook_import(by=actor, data=data, source=filename, dry_run=False)
    if not applied.ok:
        return _report_page(request, partnership=partnership, actor=actor, report=applied, status=400)
    _drop_upload(request, upload)
    totals = applied.totals()
    messages.success(
        request,
        f"Imported {filename}: {totals['create']} created, {totals['update']} updated, "
        f"{totals['unchanged']} unchanged",
    )
    return redirect(_strategy_url(partnership, applied))
