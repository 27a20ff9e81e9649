"""Importing an Open Referral UK file in the browser: upload, read the dry-run report, confirm.

The same importer as ``wellboard directory import-oruk`` does the work. The dry run changes nothing;
the file is kept as a pending upload (``core.importing``) until the coordinator confirms, and is read
and checked again on confirmation, so what is applied is exactly what was reported.
"""

from __future__ import annotations

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.views.decorators.http import require_http_methods, require_POST

from wellboard.core.access import Actor
from wellboard.core.importing import ImportReport
from wellboard.core.importing.pending import UploadExpired, upload_lifetime_text
from wellboard.core.importing.web import ImportFlow, capped_upload, upload_too_large, uploaded_bytes
from wellboard.core.views import member_view
from wellboard.directory.forms import OrukConfirmForm, OrukUploadForm, upload_limit, upload_limit_text
from wellboard.directory.importers.oruk import oruk_import
from wellboard.directory.policy import IMPORT_SERVICES
from wellboard.directory.views._common import page
from wellboard.partners.models import Partnership
from wellboard.partners.selectors import partnership_access

TEMPLATE = "directory/import.html"
MAX_REJECTIONS_SHOWN = 200
FLOW = ImportFlow(kind="directory-oruk", suffix=".json")


def _render(
    request: HttpRequest,
    *,
    partnership: Partnership,
    actor: Actor,
    form: OrukUploadForm,
    report: ImportReport | None = None,
    confirm: OrukConfirmForm | None = None,
    status: int = 200,
) -> HttpResponse:
    rejections = report.rejections[:MAX_REJECTIONS_SHOWN] if report else []
    return page(
        request,
        TEMPLATE,
        partnership=partnership,
        actor=actor,
        status=status,
        form=form,
        report=report,
        counts=[
            (kind, c["create"], c["update"], c["unchanged"])
            for kind, c in (report.counts().items() if report else [])
        ],
        totals=report.totals() if report else None,
        changes=[c for c in report.changes if c.outcome != "unchanged"][:MAX_REJECTIONS_SHOWN]
        if report
        else [],
        rejections=rejections,
        more_rejections=(len(report.rejections) - len(rejections)) if report else 0,
        confirm=confirm,
        limit_text=upload_limit_text(),
    )


def _form_with_errors(message: str) -> OrukUploadForm:
    form = OrukUploadForm()
    form.cleaned_data = {}
    form.add_service_errors({"file": [message]})
    return form


def _rejected(report: ImportReport) -> str:
    count = len(report.rejections)
    problems = "1 problem" if count == 1 else f"{count:,} problems"
    return f"The file has {problems}. Nothing has been imported. Fix the file and upload it again."


@capped_upload(upload_limit)
@member_view
@require_http_methods(["GET", "POST"])
def directory_import(request: HttpRequest, slug: str) -> HttpResponse:
    partnership, actor = partnership_access(user=request.user, slug=slug)
    IMPORT_SERVICES.require(actor)
    if request.method == "GET":
        return _render(request, partnership=partnership, actor=actor, form=OrukUploadForm())
    form = OrukUploadForm(request.POST, request.FILES)
    if upload_too_large(request):
        form = _form_with_errors(f"The file must be smaller than {upload_limit_text()}")
        return _render(request, partnership=partnership, actor=actor, form=form, status=400)
    if not form.is_valid():
        return _render(request, partnership=partnership, actor=actor, form=form, status=400)
    upload = form.cleaned_data["file"]
    checked = FLOW.check(
        request,
        partnership_id=partnership.pk,
        filename=upload.name or "directory.json",
        data=uploaded_bytes(upload, limit=upload_limit()),
        run=lambda data, name, dry_run: oruk_import(by=actor, data=data, filename=name, dry_run=dry_run),
    )
    report = checked.report
    if not report.ok:
        form.add_error("file", _rejected(report))
        return _render(request, partnership=partnership, actor=actor, form=form, report=report, status=400)
    confirm = OrukConfirmForm(initial={"token": checked.token})
    return _render(request, partnership=partnership, actor=actor, form=form, report=report, confirm=confirm)


@member_view
@require_POST
def directory_import_confirm(request: HttpRequest, slug: str) -> HttpResponse:
    partnership, actor = partnership_access(user=request.user, slug=slug)
    IMPORT_SERVICES.require(actor)
    confirm = OrukConfirmForm(request.POST)
    try:
        if not confirm.is_valid():
            raise UploadExpired
        report, held = FLOW.confirm(
            request,
            partnership_id=partnership.pk,
            token=confirm.cleaned_data["token"],
            run=lambda data, name, dry_run: oruk_import(by=actor, data=data, filename=name, dry_run=dry_run),
        )
    except UploadExpired:
        form = _form_with_errors(
            f"The uploaded file is no longer available (uploads are kept for {upload_lifetime_text()}). "
            "Upload it again"
        )
        return _render(request, partnership=partnership, actor=actor, form=form, status=400)
    if not report.ok:
        # Something changed since the dry run: nothing was applied, and nothing more can come of it.
        FLOW.discard(request, held)
        form = _form_with_errors(_rejected(report))
        return _render(request, partnership=partnership, actor=actor, form=form, report=report, status=400)
    totals = report.totals()
    messages.success(
        request,
        f"Imported {held.filename}: {totals['create']:,} created, {totals['update']:,} updated, "
        f"{totals['unchanged']:,} unchanged.",
    )
    return redirect("directory-list", partnership.slug)
