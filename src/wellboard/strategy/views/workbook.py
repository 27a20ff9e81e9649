"""Downloading a strategy as a workbook, and importing one: upload, check the changes, confirm.

Only coordinators use these pages; other members of the partnership are refused (403) and anyone
else is told the partnership does not exist (404). The uploaded file is kept as a pending upload
(``core.importing``) named by a signed token that only the uploader's session can use, and is checked
again from scratch when the import is confirmed: nothing the browser sends back is trusted as a plan.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Callable
from pathlib import Path

from django import forms
from django.contrib import messages
from django.core.files.uploadedfile import UploadedFile
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.urls import NoReverseMatch, reverse
from django.views.decorators.http import require_GET, require_http_methods

from wellboard.core.access import Actor
from wellboard.core.forms import Form
from wellboard.core.importing import ImportReport
from wellboard.core.importing.pending import UploadExpired, upload_lifetime_text
from wellboard.core.importing.web import ImportFlow, capped_upload, upload_too_large, uploaded_bytes
from wellboard.core.views import member_view
from wellboard.partners.models import Partnership
from wellboard.partners.selectors import partnership_access
from wellboard.strategy.policy import USE_WORKBOOKS
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
FLOW = ImportFlow(kind="strategy-workbooks", suffix=".xlsx")


def _coordinator(request: HttpRequest, slug: str) -> tuple[Partnership, Actor]:
    partnership, actor = partnership_access(user=request.user, slug=slug)
    USE_WORKBOOKS.require(actor)
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


def _upload_limit() -> int:
    return Rules().max_bytes


def _run(actor: Actor) -> Callable[[bytes, str, bool], ImportReport]:
    def run(data: bytes, filename: str, dry_run: bool) -> ImportReport:
        return strategy_workbook_import(by=actor, data=data, source=filename, dry_run=dry_run)

    return run


@capped_upload(_upload_limit)
@member_view
@require_http_methods(["GET", "POST"])
def strategy_workbook_import_view(request: HttpRequest, slug: str) -> HttpResponse:
    partnership, actor = _coordinator(request, slug)
    form = (
        WorkbookUploadForm(request.POST, request.FILES) if request.method == "POST" else WorkbookUploadForm()
    )
    if request.method == "POST" and upload_too_large(request):
        # The cap left the file out of the request: say why, rather than that none was chosen.
        form = WorkbookUploadForm()
        form.cleaned_data = {}
        form.add_error(
            "workbook", f"The selected file must be smaller than {_upload_limit() // (1024 * 1024)} MB"
        )
    elif request.method == "POST" and form.is_valid():
        upload: UploadedFile[bytes] = form.cleaned_data["workbook"]
        data = uploaded_bytes(upload, limit=_upload_limit())
        filename = Path(upload.name or "workbook.xlsx").name
        checked = FLOW.check(
            request, partnership_id=partnership.pk, filename=filename, data=data, run=_run(actor)
        )
        report = checked.report
        whole_file = [r for r in report.rejections if not r.sheet]
        if whole_file:
            for rejection in whole_file:
                form.add_error("workbook", rejection.reason)
        elif not report.ok:
            return _report_page(request, partnership=partnership, actor=actor, report=report, status=400)
        else:
            return redirect("strategy-workbook-import-confirm", partnership.slug, checked.token)
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
    try:
        kept = FLOW.recall(request, partnership_id=partnership.pk, token=upload)
    except UploadExpired:
        return page(
            request,
            "core/upload_expired.html",
            partnership=partnership,
            actor=actor,
            section="strategy",
            status=404,
            lifetime=upload_lifetime_text(),
            again_url=reverse("strategy-workbook-import", args=[partnership.slug]),
        )
    data, filename = kept.data, kept.filename
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
    FLOW.discard(request, kept)
    totals = applied.totals()
    messages.success(
        request,
        f"Imported {filename}: {totals['create']} created, {totals['update']} updated, "
        f"{totals['unchanged']} unchanged",
    )
    return redirect(_strategy_url(partnership, applied))
