"""Uploads: a filled-in template on a return's page, or a workbook or CSV file of many returns.

Two steps. The file is checked and the dry-run report shown (every change and every problem, with
its sheet, cell or row). If nothing was rejected the file is kept as a pending upload
(``core.importing``) named by a signed token in the page, and "Save these figures" applies exactly
that file in one transaction, on whichever app server receives it.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_http_methods

from wellboard.core.errors import InvalidInput, Locked, NotFound
from wellboard.core.importing import ImportReport
from wellboard.core.importing.pending import PendingUpload, UploadExpired
from wellboard.core.importing.web import ImportFlow, capped_upload, upload_too_large, uploaded_bytes
from wellboard.core.spreadsheets import UploadRejected
from wellboard.core.views import member_view
from wellboard.returns.forms import UploadForm
from wellboard.returns.importers import csv_upload
from wellboard.returns.selectors import collection_get, collection_organisations
from wellboard.returns.views._common import access, page
from wellboard.returns.views.returns import return_path, return_target
from wellboard.returns.workbook import workbook_upload

MAX_UPLOAD_BYTES = 10 * 1024 * 1024
TOO_LARGE = f"The selected file must be smaller than {MAX_UPLOAD_BYTES // (1024 * 1024)} MB"
EXPIRED = "The upload has expired; choose the file again"
FLOW = ImportFlow(kind="returns")


@dataclass(frozen=True)
class _File:
    data: bytes
    name: str
    pending: PendingUpload | None = None  # when the file is one kept from its dry run


def _upload_limit() -> int:
    return MAX_UPLOAD_BYTES


def _suffix(data: bytes) -> str:
    return ".xlsx" if data.startswith(b"PK") else ".csv"


def _read_upload(request: HttpRequest, form: UploadForm, partnership_id: int) -> _File | None:
    """The file posted, or the one kept from the dry run whose token is posted back as ``digest``.

    Raises:
        UploadExpired: the token is too old or not this person's.
    """
    if request.POST.get("digest"):
        kept = FLOW.recall(
            request, partnership_id=partnership_id, token=request.POST["digest"], scope=request.path
        )
        return _File(kept.data, kept.filename, kept)
    if upload_too_large(request):
        form.is_valid()  # the cap left the file out: say why, rather than that none was chosen
        form.errors.pop("file", None)
        form.add_error("file", TOO_LARGE)
        return None
    if form.is_valid():
        upload = form.cleaned_data["file"]
        if upload.size > MAX_UPLOAD_BYTES:
            form.add_error("file", TOO_LARGE)
            return None
        return _File(uploaded_bytes(upload, limit=MAX_UPLOAD_BYTES), upload.name)
    return None


def _keep(request: HttpRequest, file: _File, report: ImportReport, partnership_id: int) -> str:
    """The token for the confirmation: the kept file's own, or a new one for a fresh file."""
    if not report.ok:
        if file.pending is not None:
            FLOW.discard(request, file.pending)
        return ""
    if file.pending is not None:
        return file.pending.token
    return FLOW.hold(
        request,
        partnership_id=partnership_id,
        filename=file.name,
        data=file.data,
        scope=request.path,
        suffix=_suffix(file.data),
    )


def _forget(request: HttpRequest, file: _File) -> None:
    if file.pending is not None:
        FLOW.discard(request, file.pending)


@capped_upload(_upload_limit)
@member_view
@require_http_methods(["POST"])
def return_upload(
    request: HttpRequest, slug: str, collection: str, organisation: str, period: str
) -> HttpResponse:
    partnership, actor, current, org, when, _ = return_target(request, slug, collection, organisation, period)
    form = UploadForm(request.POST, request.FILES)
    back = return_path(current, org, when)
    try:
        file = _read_upload(request, form, partnership.pk)
    except UploadExpired:
        messages.error(request, EXPIRED)
        return redirect(back)
    context = page(
        partnership, actor, collection=current, organisation=org, period=when, back_url=back, form=form
    )
    if file is None:
        return render(request, "returns/upload_report.html", context, status=400)
    data, name = file.data, file.name
    apply = request.POST.get("apply") == "yes"
    submit = request.POST.get("submit") in ("on", "yes", "true")
    try:
        outcome = workbook_upload(
            by=actor, data=data, filename=name, dry_run=not apply, submit=submit, expect=(current, org, when)
        )
    except (UploadRejected, Locked) as exc:
        _forget(request, file)
        report = ImportReport(source=name)
        report.reject(str(exc))
        return render(request, "returns/upload_report.html", {**context, "report": report}, status=400)
    report = outcome.report
    if apply and report.applied:
        _forget(request, file)
        messages.success(request, "Figures saved from the workbook" + (" and submitted" if submit else ""))
        return redirect(back)
    digest = _keep(request, file, report, partnership.pk)
    return render(
        request,
        "returns/upload_report.html",
        {**context, "report": report, "digest": digest, "submit": submit},
        status=200 if report.ok else 400,
    )


@capped_upload(_upload_limit)
@member_view
@require_http_methods(["GET", "POST"])
def collection_upload(request: HttpRequest, slug: str, collection: str) -> HttpResponse:
    """A CSV file of many returns, or any return's filled-in template."""
    partnership, actor = access(request, slug)
    current = collection_get(actor=actor, slug=collection)
    if not collection_organisations(actor=actor, collection=current):
        raise NotFound("page")
    form = UploadForm(request.POST if request.method == "POST" else None, request.FILES or None)
    context = page(partnership, actor, collection=current, form=form, back_url=request.path, bulk=True)
    if request.method == "GET":
        return render(request, "returns/upload_report.html", context)
    try:
        file = _read_upload(request, form, partnership.pk)
    except UploadExpired:
        messages.error(request, EXPIRED)
        return redirect(request.path)
    if file is None:
        return render(request, "returns/upload_report.html", context, status=400)
    data, name = file.data, file.name
    apply = request.POST.get("apply") == "yes"
    submit = request.POST.get("submit") in ("on", "yes", "true")
    try:
        if data.startswith(b"PK"):
            outcome = workbook_upload(by=actor, data=data, filename=name, dry_run=not apply, submit=submit)
            if outcome.collection is not None and outcome.collection.pk != current.pk:
                raise UploadRejected(
                    "This workbook is for another collection; upload it on that collection's page."
                )
            report = outcome.report
        else:
            report = csv_upload(
                by=actor, collection=current, data=data, filename=name, dry_run=not apply, submit=submit
            )
    except (UploadRejected, Locked) as exc:
        report = ImportReport(source=name)
        report.reject(str(exc))
    except InvalidInput as exc:
        report = ImportReport(source=name)
        for messages_ in exc.errors.values():
            for message in messages_:
                report.reject(message)
    if apply and report.applied:
        _forget(request, file)
        messages.success(request, f"Figures saved from {name}" + (" and submitted" if submit else ""))
        return redirect("collection-detail", slug, current.slug)
    digest = _keep(request, file, report, partnership.pk)
    return render(
        request,
        "returns/upload_report.html",
        {**context, "report": report, "digest": digest, "submit": submit},
        status=200 if report.ok else 400,
    )
