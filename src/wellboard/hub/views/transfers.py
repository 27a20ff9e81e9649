"""Importing a hub's visits from a CSV file in the browser, and exporting them: for the hub's workers.

The same importer as ``wellboard hub import-contacts`` does the work, with the same guarantees: the
upload is checked as a dry run and its report shown (what would be created, what is already
recorded, every problem with its row and column) with nothing saved; the file is kept as a pending
upload (``core.importing``) only if nothing was rejected, and "Import the visits" runs the importer
again on exactly those bytes, in one transaction. The export is the command's CSV, audited as a read.
"""

from __future__ import annotations

from collections import Counter

from django.contrib import messages
from django.http import HttpRequest, HttpResponse, StreamingHttpResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from wellboard.core import clock
from wellboard.core.access import Actor
from wellboard.core.importing import ImportReport, size_text
from wellboard.core.importing.pending import UploadExpired, upload_lifetime_text
from wellboard.core.importing.web import ImportFlow, Runner, capped_upload, upload_too_large, uploaded_bytes
from wellboard.hub.codes import EXERCISE_REASONS, NEEDS, codes_of
from wellboard.hub.exporters import contacts_export_chunks
from wellboard.hub.forms import ContactsConfirmForm, ContactsUploadForm
from wellboard.hub.importers import MAX_CSV_BYTES, MAX_CSV_ROWS, contacts_import
from wellboard.hub.models import Hub, Route, Sex
from wellboard.hub.selectors import contact_hub_check, hub_get
from wellboard.hub.services.contacts import age_choices
from wellboard.hub.views._common import hub_view, page
from wellboard.partners.models import Partnership
from wellboard.partners.selectors import partnership_access

TEMPLATE = "hub/contacts_import.html"
MAX_REJECTIONS_SHOWN = 200
MAX_NEW_SHOWN = 50
FLOW = ImportFlow(kind="hub-contacts", suffix=".csv")
CONTACT_KIND = "contact"


def _upload_limit() -> int:
    return MAX_CSV_BYTES


def _hub(request: HttpRequest, slug: str, hub_slug: str) -> tuple[Partnership, Actor, Hub]:
    """The hub, for one of its own workers; anyone else is told it does not exist."""
    partnership, actor = partnership_access(user=request.user, slug=slug)
    hub = hub_get(actor=actor, slug=hub_slug)
    contact_hub_check(actor=actor, hub=hub)
    return partnership, actor, hub


def _scope(partnership: Partnership, hub: Hub) -> str:
    """What a kept upload is for: this hub's import page, so it cannot be confirmed at another hub."""
    return reverse("hub-contacts-import", args=[partnership.slug, hub.slug])


def _runner(actor: Actor, hub: Hub) -> Runner:
    def run(data: bytes, filename: str, dry_run: bool) -> ImportReport:
        return contacts_import(by=actor, hub=hub, data=data, filename=filename, dry_run=dry_run)

    return run


def _rejected_message(report: ImportReport) -> str:
    count = report.totals()["rejected"]  # every problem, where a long file's report lists only the first
    problems = "1 problem" if count == 1 else f"{count:,} problems"
    return f"The file has {problems}. Nothing has been imported. Fix the file and upload it again."


Where = tuple[Partnership, Actor, Hub]


def _render(
    request: HttpRequest,
    where: Where,
    *,
    form: ContactsUploadForm,
    report: ImportReport | None = None,
    confirm: ContactsConfirmForm | None = None,
    status: int = 200,
) -> HttpResponse:
    partnership, actor, hub = where
    rejections = report.rejections[:MAX_REJECTIONS_SHOWN] if report else []
    # Records other than visits that the import would add, such as an organisation named in the file
    # that would become one of the hub's partners.
    others = [c for c in report.changes if c.kind != CONTACT_KIND and c.outcome == "create"] if report else []
    counts = report.counts() if report else {}
    return page(
        request,
        TEMPLATE,
        partnership=partnership,
        actor=actor,
        hub=hub,
        form=form,
        report=report,
        totals=report.totals() if report else None,
        counts=[(kind, c["create"], c["update"], c["unchanged"]) for kind, c in counts.items()],
        rejections=rejections,
        more_rejections=(report.totals()["rejected"] - len(rejections)) if report else 0,
        new_records=others[:MAX_NEW_SHOWN],
        more_new_records=max(0, len(others) - MAX_NEW_SHOWN),
        confirm=confirm,
        limit_text=size_text(MAX_CSV_BYTES),
        row_limit=f"{MAX_CSV_ROWS:,}",
        codes={
            "sex": Sex.values,
            "route": Route.values,
            "age_band": codes_of(age_choices(hub)),  # single years at a young people's hub
            "needs": codes_of(NEEDS),
            "exercise_reason": codes_of(EXERCISE_REASONS),
        },
        status=status,
    )


def _form_with_error(message: str) -> ContactsUploadForm:
    form = ContactsUploadForm()
    form.cleaned_data = {}
    form.add_error("file", message)
    return form


@capped_upload(_upload_limit)
@hub_view
@require_http_methods(["GET", "POST"])
def contacts_import_view(request: HttpRequest, slug: str, hub: str) -> HttpResponse:
    where = _hub(request, slug, hub)
    partnership, actor, found = where
    if request.method == "GET":
        return _render(request, where, form=ContactsUploadForm())
    form = ContactsUploadForm(request.POST, request.FILES)  # reading the body lets the cap act
    if upload_too_large(request):
        form = _form_with_error(f"The file must be smaller than {size_text(MAX_CSV_BYTES)}")
        return _render(request, where, form=form, status=400)
    if not form.is_valid():
        return _render(request, where, form=form, status=400)
    upload = form.cleaned_data["file"]
    checked = FLOW.check(
        request,
        partnership_id=partnership.pk,
        filename=upload.name or "visits.csv",
        data=uploaded_bytes(upload, limit=MAX_CSV_BYTES),
        run=_runner(actor, found),
        scope=_scope(partnership, found),
    )
    report = checked.report
    if not report.ok:
        form.add_error("file", _rejected_message(report))
        return _render(request, where, form=form, report=report, status=400)
    confirm = ContactsConfirmForm(initial={"token": checked.token})
    return _render(request, where, form=form, report=report, confirm=confirm)


@hub_view
@require_POST
def contacts_import_confirm_view(request: HttpRequest, slug: str, hub: str) -> HttpResponse:
    where = _hub(request, slug, hub)
    partnership, actor, found = where
    confirm = ContactsConfirmForm(request.POST)
    try:
        if not confirm.is_valid():
            raise UploadExpired
        report, held = FLOW.confirm(
            request,
            partnership_id=partnership.pk,
            token=confirm.cleaned_data["token"],
            run=_runner(actor, found),
            scope=_scope(partnership, found),
        )
    except UploadExpired:
        form = _form_with_error(
            "The uploaded file is no longer available (uploads are kept for "
            f"{upload_lifetime_text()}). Upload it again"
        )
        return _render(request, where, form=form, status=400)
    if not report.ok:
        # Something changed since the dry run (a visit recorded meanwhile, a partner removed):
        # nothing was imported, and nothing more can come of this upload.
        FLOW.discard(request, held)
        form = _form_with_error(_rejected_message(report))
        return _render(request, where, form=form, report=report, status=400)
    visits = report.counts().get(CONTACT_KIND, Counter())
    messages.success(
        request,
        f"Imported {held.filename}: {visits['create']:,} visit{'s' if visits['create'] != 1 else ''} "
        f"recorded, {visits['unchanged']:,} already recorded and left as they were",
    )
    return redirect("hub-contacts", partnership.slug, found.slug)


@hub_view
@require_GET
def contacts_export_view(request: HttpRequest, slug: str, hub: str) -> HttpResponse | StreamingHttpResponse:
    """Every visit at the hub as CSV, with client keys and never the hub's identifiers, sent as it is
    read; the read is in the audit trail."""
    _partnership, actor, found = _hub(request, slug, hub)
    _count, chunks = contacts_export_chunks(by=actor, hub=found)
    response = StreamingHttpResponse(
        (chunk.encode("utf-8") for chunk in chunks), content_type="text/csv; charset=utf-8"
    )
    filename = f"{found.slug}-visits-{clock.today().isoformat()}.csv"
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    # Pseudonymous records of people: not for a shared cache or the browser's history.
    response["Cache-Control"] = "no-store, private"
    return response
