"""Importing wellbeing assessments from a CSV file on the web, for the people who record them.

Two steps, as every import: the file is checked and the dry-run report shown (what would be created,
what is already there, and every problem with its row and column). If nothing was rejected the file is
kept as a pending upload (``core.importing``) named by a signed token in the page, and "Save these
assessments" applies exactly that file in one transaction, on whichever app server receives it.
"""

from __future__ import annotations

from django import forms
from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.views.decorators.http import require_http_methods

from wellboard.core.forms import Form
from wellboard.core.importing import ImportReport
from wellboard.core.importing.pending import UploadExpired
from wellboard.core.importing.web import ImportFlow, capped_upload, upload_too_large, uploaded_bytes
from wellboard.core.views import section_page
from wellboard.hub import policy
from wellboard.hub.assessment_import import COLUMNS, MAX_CSV_BYTES, assessments_import
from wellboard.hub.calculations.assessments import Programme
from wellboard.hub.selectors import hub_get
from wellboard.hub.services.assessments import assessment_recorder_check
from wellboard.hub.views._common import hub_view
from wellboard.hub.views.assessments import outcome_urls
from wellboard.partners.selectors import partnership_access
from wellboard.strategy.selectors import initiative_get

TOO_LARGE = f"The selected file must be smaller than {MAX_CSV_BYTES // (1024 * 1024)} MB"
EXPIRED = "The upload has expired; choose the file again"
FLOW = ImportFlow(kind="outcome-assessments", suffix=".csv")


class AssessmentUploadForm(Form):
    file = forms.FileField(
        label="Upload a CSV file",
        help_text="One row per assessment: date, client_id, instrument, stage, then the questions",
        error_messages={"required": "Select a file to upload", "empty": "The selected file is empty"},
    )


def _limit() -> int:
    return MAX_CSV_BYTES


def _upload(request: HttpRequest, slug: str, *, hub: str = "", initiative: str = "") -> HttpResponse:
    partnership, actor = partnership_access(user=request.user, slug=slug)
    if initiative:
        programme = Programme(initiative=initiative_get(actor=actor, slug=initiative))
    else:
        programme = Programme(hub=hub_get(actor=actor, slug=hub))
    assessment_recorder_check(actor=actor, programme=programme)
    urls = outcome_urls(partnership, programme)
    form = AssessmentUploadForm(request.POST or None, request.FILES or None)

    def run(data: bytes, filename: str, dry_run: bool) -> ImportReport:
        return assessments_import(
            by=actor, **programme.filter(), data=data, filename=filename, dry_run=dry_run
        )

    def show(report: ImportReport | None = None, digest: str = "", status: int = 200) -> HttpResponse:
        return section_page(
            request,
            "hub/assessment_upload.html",
            partnership=partnership,
            actor=actor,
            section="hubs" if programme.hub is not None else "initiatives",
            abilities=policy.hub_abilities,
            status=status,
            programme=programme,
            urls=urls,
            form=form,
            report=report,
            digest=digest,
            columns=COLUMNS,
        )

    if request.method == "GET":
        return show()
    if request.POST.get("digest"):
        try:
            report, _kept = FLOW.confirm(
                request,
                partnership_id=partnership.pk,
                token=request.POST["digest"],
                run=run,
                scope=request.path,
            )
        except UploadExpired:
            messages.error(request, EXPIRED)
            return redirect(request.path)
        if report.applied:
            created = report.totals().get("create", 0)
            messages.success(request, f"Saved {created} assessment{'s' if created != 1 else ''}")
            return redirect(urls["results"])
        return show(report, status=400)
    if upload_too_large(request):
        form.is_valid()
        form.errors.pop("file", None)
        form.add_error("file", TOO_LARGE)
        return show(status=400)
    if not form.is_valid():
        return show(status=400)
    upload = form.cleaned_data["file"]
    if upload.size > MAX_CSV_BYTES:
        form.add_error("file", TOO_LARGE)
        return show(status=400)
    checked = FLOW.check(
        request,
        partnership_id=partnership.pk,
        filename=upload.name,
        data=uploaded_bytes(upload, limit=MAX_CSV_BYTES),
        run=run,
        scope=request.path,
    )
    return show(checked.report, checked.token, status=200 if checked.report.ok else 400)


@capped_upload(_limit)
@hub_view
@require_http_methods(["GET", "POST"])
def hub_assessment_upload_view(request: HttpRequest, slug: str, hub: str) -> HttpResponse:
    return _upload(request, slug, hub=hub)


@capped_upload(_limit)
@hub_view
@require_http_methods(["GET", "POST"])
def initiative_assessment_upload_view(request: HttpRequest, slug: str, initiative: str) -> HttpResponse:
    return _upload(request, slug, initiative=initiative)
