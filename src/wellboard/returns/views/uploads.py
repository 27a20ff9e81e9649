"""Uploads: a filled-in template on a return's page, or a workbook or CSV file of many returns.

Two steps. The file is checked and the dry-run report shown (every change and every problem, with
its sheet, cell or row). If nothing was rejected the file is kept in the session under its
SHA-256 digest, and "Save these figures" applies exactly that file in one transaction.
"""

from __future__ import annotations

import base64
import hashlib

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_http_methods

from wellboard.core.errors import InvalidInput, Locked, NotFound
from wellboard.core.importing import ImportReport
from wellboard.core.spreadsheets import UploadRejected
from wellboard.core.views import member_view
from wellboard.returns.forms import UploadForm
from wellboard.returns.importers import csv_upload
from wellboard.returns.selectors import collection_get, collection_organisations
from wellboard.returns.views._common import access, page
from wellboard.returns.views.returns import return_path, return_target
from wellboard.returns.workbook import workbook_upload

SESSION_KEY = "returns-upload"
MAX_SESSION_BYTES = 2 * 1024 * 1024


def _remember(request: HttpRequest, data: bytes, name: str) -> str:
    digest = hashlib.sha256(data).hexdigest()
    if len(data) <= MAX_SESSION_BYTES:
        request.session[SESSION_KEY] = {
            "digest": digest,
            "name": name,
            "data": base64.b64encode(data).decode(),
        }
    return digest


def _recall(request: HttpRequest) -> tuple[bytes, str] | None:
    stored = request.session.get(SESSION_KEY)
    if not stored or stored.get("digest") != request.POST.get("digest"):
        return None
    return base64.b64decode(stored["data"]), str(stored["name"])


def _forget(request: HttpRequest) -> None:
    request.session.pop(SESSION_KEY, None)


def _read_upload(request: HttpRequest, form: UploadForm) -> tuple[bytes, str] | None:
    if request.POST.get("digest"):
        return _recall(request)
    if form.is_valid():
        upload = form.cleaned_data["file"]
        if upload.size > 10 * 1024 * 1024:
            form.add_error("file", "The selected file must be smaller than 10 MB")
            return None
        return upload.read(), upload.name
    return None


@member_view
@require_http_methods(["POST"])
def return_upload(
    request: HttpRequest, slug: str, collection: str, organisation: str, period: str
) -> HttpResponse:
    partnership, actor, current, org, when, _ = return_target(request, slug, collection, organisation, period)
    form = UploadForm(request.POST, request.FILES)
    back = return_path(current, org, when)
    file = _read_upload(request, form)
    context = page(
        partnership, actor, collection=current, organisation=org, period=when, back_url=back, form=form
    )
    if file is None:
        if request.POST.get("digest"):
            messages.error(request, "The upload has expired; choose the file again")
            return redirect(back)
        return render(request, "returns/upload_report.html", context, status=400)
    data, name = file
    apply = request.POST.get("apply") == "yes"
    submit = request.POST.get("submit") in ("on", "yes", "true")
    try:
        outcome = workbook_upload(
            by=actor, data=data, filename=name, dry_run=not apply, submit=submit, expect=(current, org, when)
        )
    except (UploadRejected, Locked) as exc:
        report = ImportReport(source=name)
        report.reject(str(exc))
        return render(request, "returns/upload_report.html", {**context, "report": report}, status=400)
    report = outcome.report
    if apply and report.applied:
        _forget(request)
        messages.success(request, "Figures saved from the workbook" + (" and submitted" if submit else ""))
        return redirect(back)
    digest = _remember(request, data, name) if report.ok else ""
    return render(
        request,
        "returns/upload_report.html",
        {**context, "report": report, "digest": digest, "submit": submit},
        status=200 if report.ok else 400,
    )


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
    file = _read_upload(request, form)
    if file is None:
        if request.POST.get("digest"):
            messages.error(request, "The upload has expired; choose the file again")
            return redirect(request.path)
        return render(request, "returns/upload_report.html", context, status=400)
    data, name = file
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
        _forget(request)
        messages.success(request, f"Figures saved from {name}" + (" and submitted" if submit else ""))
        return redirect("collection-detail", slug, current.slug)
    digest = _remember(request, data, name) if report.ok else ""
    return render(
        request,
        "returns/upload_report.html",
        {**context, "report": report, "digest": digest, "submit": submit},
        status=200 if report.ok else 400,
    )
