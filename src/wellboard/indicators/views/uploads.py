"""Uploading a Fingertips export in the browser: upload, read the dry-run report, confirm.

The same importer as ``wellboard indicators import-fingertips`` does the work. The dry run changes
nothing; the file is kept as a pending upload (``core.importing``) until the person confirms, and is
read and checked again on confirmation, so what is applied is exactly what was reported.
"""

from __future__ import annotations

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.views.decorators.http import require_http_methods, require_POST

from wellboard.core.access import Actor
from wellboard.core.errors import InvalidInput
from wellboard.core.importing import ImportReport
from wellboard.core.importing.pending import UploadExpired, upload_lifetime_text
from wellboard.core.importing.web import ImportFlow, capped_upload, upload_too_large, uploaded_bytes
from wellboard.core.views import member_view
from wellboard.indicators.forms import (
    FingertipsConfirmForm,
    FingertipsUploadForm,
    upload_limit,
    upload_limit_text,
)
from wellboard.indicators.importers.fingertips import COLUMNS, REQUIRED, fingertips_import
from wellboard.indicators.policy import IMPORT_INDICATOR_DATA
from wellboard.indicators.views._common import page
from wellboard.partners.models import Partnership
from wellboard.partners.selectors import partnership_access

TEMPLATE = "indicators/fingertips_upload.html"
MAX_REJECTIONS_SHOWN = 200
FLOW = ImportFlow(kind="fingertips", suffix=".upload")


def _counts(report: ImportReport) -> list[tuple[str, int, int, int]]:
    return [
        (kind, counter["create"], counter["update"], counter["unchanged"])
        for kind, counter in report.counts().items()
    ]


def _render(
    request: HttpRequest,
    *,
    partnership: Partnership,
    actor: Actor,
    form: FingertipsUploadForm,
    report: ImportReport | None = None,
    confirm: FingertipsConfirmForm | None = None,
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
        counts=_counts(report) if report else [],
        totals=report.totals() if report else None,
        rejections=rejections,
        more_rejections=(report.totals()["rejected"] - len(rejections)) if report else 0,
        confirm=confirm,
        limit_text=upload_limit_text(),
        required_columns=REQUIRED,
        other_columns=[c for c in COLUMNS if c not in REQUIRED],
    )


@capped_upload(upload_limit)
@member_view
@require_http_methods(["GET", "POST"])
def fingertips_upload(request: HttpRequest, slug: str) -> HttpResponse:
    partnership, actor = partnership_access(user=request.user, slug=slug)
    IMPORT_INDICATOR_DATA.require(actor)
    if request.method == "GET":
        return _render(request, partnership=partnership, actor=actor, form=FingertipsUploadForm())
    form = FingertipsUploadForm(request.POST, request.FILES)
    if upload_too_large(request):
        form = _upload_form_with_errors({"file": [f"The file must be smaller than {upload_limit_text()}"]})
        return _render(request, partnership=partnership, actor=actor, form=form, status=400)
    if not form.is_valid():
        return _render(request, partnership=partnership, actor=actor, form=form, status=400)
    upload = form.cleaned_data["file"]
    data = uploaded_bytes(upload, limit=upload_limit())
    polarity = form.cleaned_data.get("polarity") or None
    filename = upload.name or "upload.csv"
    try:
        checked = FLOW.check(
            request,
            partnership_id=partnership.pk,
            filename=filename,
            data=data,
            run=lambda data, name, dry_run: fingertips_import(
                by=actor, data=data, filename=name, dry_run=dry_run, polarity=polarity
            ),
        )
    except InvalidInput as exc:
        form.add_service_errors({k if k in form.fields else "file": v for k, v in exc.errors.items()})
        return _render(request, partnership=partnership, actor=actor, form=form, status=400)
    report = checked.report
    if not report.ok:
        form.add_error("file", _rejected_message(report))
        return _render(request, partnership=partnership, actor=actor, form=form, report=report, status=400)
    confirm = FingertipsConfirmForm(initial={"token": checked.token, "polarity": polarity or ""})
    return _render(request, partnership=partnership, actor=actor, form=form, report=report, confirm=confirm)


def _upload_form_with_errors(errors: dict[str, list[str]]) -> FingertipsUploadForm:
    """A fresh upload form showing why the last attempt failed (on the file field unless named)."""
    form = FingertipsUploadForm()
    form.cleaned_data = {}
    form.add_service_errors({k if k in form.fields else "file": v for k, v in errors.items()})
    return form


def _rejected_message(report: ImportReport) -> str:
    count = report.totals()["rejected"]
    problems = "1 problem" if count == 1 else f"{count:,} problems"
    return f"The file has {problems}. Nothing has been imported. Fix the file and upload it again."


@member_view
@require_POST
def fingertips_confirm(request: HttpRequest, slug: str) -> HttpResponse:
    partnership, actor = partnership_access(user=request.user, slug=slug)
    IMPORT_INDICATOR_DATA.require(actor)
    confirm = FingertipsConfirmForm(request.POST)
    polarity = (confirm.cleaned_data.get("polarity") or None) if confirm.is_valid() else None
    try:
        if not confirm.is_valid():
            raise UploadExpired
        report, held = FLOW.confirm(
            request,
            partnership_id=partnership.pk,
            token=confirm.cleaned_data["token"],
            run=lambda data, name, dry_run: fingertips_import(
                by=actor, data=data, filename=name, dry_run=dry_run, polarity=polarity
            ),
        )
    except UploadExpired:
        form = _upload_form_with_errors(
            {
                "file": [
                    "The uploaded file is no longer available (uploads are kept for "
                    f"{upload_lifetime_text()}). Upload it again"
                ]
            }
        )
        return _render(request, partnership=partnership, actor=actor, form=form, status=400)
    except InvalidInput as exc:
        form = _upload_form_with_errors(exc.errors)
        return _render(request, partnership=partnership, actor=actor, form=form, status=400)
    if not report.ok:
        # Something changed since the dry run (another import, a deleted area): nothing was applied,
        # and nothing more can come of this upload.
        FLOW.discard(request, held)
        form = _upload_form_with_errors({"file": [_rejected_message(report)]})
        return _render(request, partnership=partnership, actor=actor, form=form, report=report, status=400)
    totals = report.totals()
    messages.success(
        request,
        f"Imported {held.filename}: {totals['create']:,} created, {totals['update']:,} updated, "
        f"{totals['unchanged']:,} unchanged.",
    )
    return redirect("indicator-list", partnership.slug)
