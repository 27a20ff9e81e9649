"""The reports pages: the list, starting a report, the draft as a page, editing its narrative,
publishing an edition, and each edition with its files in four formats.

A draft is built from the data as it stands each time it is shown, with true figures for the
signed-in member. An edition is shown and downloaded from its frozen, disclosed snapshot. Files
are made by the worker; the edition page polls for them with htmx until they are ready.
"""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.safestring import mark_safe
from django.utils.text import slugify
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from wellboard.core.access import Actor
from wellboard.core.errors import Conflict
from wellboard.core.views import form_conflict, form_saved, form_status, member_view, section_page
from wellboard.partners.models import Partnership
from wellboard.partners.selectors import partnership_access
from wellboard.reports.calculations import narratives_for
from wellboard.reports.forms import NarrativeForm, PublishForm, ReportCreateForm
from wellboard.reports.models import RenderedFile, RenderStatus, Report, ReportEdition, ReportKind
from wellboard.reports.policy import CHANGE_REPORT, CREATE_REPORT, PUBLISH_REPORT, reports_abilities
from wellboard.reports.renderers import FORMATS, render_html_fragment
from wellboard.reports.selectors import (
    edition_get,
    edition_list,
    rendered_file,
    rendered_files,
    report_get,
    report_list,
)
from wellboard.reports.services import (
    edition_document,
    rendered_file_request,
    report_create,
    report_document,
    report_narrative_update,
    report_publish,
)
from wellboard.reports.tasks import request_renders
from wellboard.strategy.selectors import strategy_list

PENDING = frozenset({RenderStatus.QUEUED.value, RenderStatus.RUNNING.value})


def page(
    request: HttpRequest,
    template: str,
    *,
    partnership: Partnership,
    actor: Actor,
    status: int = 200,
    **context: Any,
) -> HttpResponse:
    return section_page(
        request,
        template,
        partnership=partnership,
        actor=actor,
        section="reports",
        abilities=reports_abilities,
        status=status,
        **context,
    )


def _report(request: HttpRequest, slug: str, pk: int) -> tuple[Partnership, Actor, Report]:
    partnership, actor = partnership_access(user=request.user, slug=slug)
    return partnership, actor, report_get(actor=actor, pk=pk)


@member_view
@require_GET
def report_list_view(request: HttpRequest, slug: str) -> HttpResponse:
    partnership, actor = partnership_access(user=request.user, slug=slug)
    reports = list(report_list(actor=actor))
    latest: dict[int, ReportEdition] = {}
    for edition in ReportEdition.objects.filter(report__in=reports).order_by("report_id", "-number"):
        latest.setdefault(edition.report_id, edition)
    rows = [{"report": r, "edition": latest.get(r.pk)} for r in reports]
    return page(request, "reports/report_list.html", partnership=partnership, actor=actor, rows=rows)


@member_view
@require_http_methods(["GET", "POST"])
def report_create_view(request: HttpRequest, slug: str) -> HttpResponse:
    partnership, actor = partnership_access(user=request.user, slug=slug)
    CREATE_REPORT.require(actor)
    strategies = strategy_list(actor=actor).order_by("title")
    initial = {"kind": ReportKind.QUARTERLY}
    if strategies.count() == 1:
        initial["strategy"] = strategies.first()  # type: ignore[assignment]
    form = ReportCreateForm(request.POST or None, strategies=strategies, initial=initial)
    saved = form_saved(
        request,
        form,
        lambda data: report_create(by=actor, **form.cleaned_values()),
        done=lambda created: (f"{created} started", reverse("report-detail", args=[slug, created.pk])),
    )
    return saved or page(
        request,
        "reports/report_form.html",
        partnership=partnership,
        actor=actor,
        form=form,
        status=form_status(request, form),
    )


@member_view
@require_GET
def report_detail(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    partnership, actor, report = _report(request, slug, pk)
    document = report_document(actor=actor, report=report)
    return page(
        request,
        "reports/report_detail.html",
        partnership=partnership,
        actor=actor,
        report=report,
        document=document,
        body=mark_safe(render_html_fragment(document, status="Draft")),  # escaped by its templates
        editions=list(edition_list(actor=actor, report=report)),
        narratives=narratives_for(report.kind),
    )


@member_view
@require_http_methods(["GET", "POST"])
def report_edit(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    partnership, actor, report = _report(request, slug, pk)
    CHANGE_REPORT.require(actor)
    form = NarrativeForm(request.POST or None, report=report, initial=NarrativeForm.initial_for(report))

    def conflict(error: Conflict) -> HttpResponse:
        report.refresh_from_db()
        back = reverse("report-edit", args=[slug, report.pk])
        return form_conflict(request, error, form=form, current=report, back_url=back)

    saved = form_saved(
        request,
        form,
        lambda data: report_narrative_update(
            by=actor, report=report, expected_version=data["version"], **form.cleaned_values()
        ),
        done=lambda updated: ("Narrative saved", reverse("report-detail", args=[slug, updated.pk])),
        conflict=conflict,
    )
    return saved or page(
        request,
        "reports/narrative_form.html",
        partnership=partnership,
        actor=actor,
        report=report,
        form=form,
        status=form_status(request, form),
    )


@member_view
@require_http_methods(["GET", "POST"])
def report_publish_view(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    partnership, actor, report = _report(request, slug, pk)
    PUBLISH_REPORT.require(actor)
    form = PublishForm(request.POST or None, initial={"version": report.version})

    def publish(data: dict[str, Any]) -> ReportEdition:
        edition = report_publish(by=actor, report=report, expected_version=data["version"])
        request_renders(edition.files.all())
        return edition

    def conflict(error: Conflict) -> HttpResponse:
        back = reverse("report-detail", args=[slug, report.pk])
        return form_conflict(request, error, form=form, current=report, back_url=back, fields=[])

    saved = form_saved(
        request,
        form,
        publish,
        done=lambda edition: (
            f"Edition {edition.number} published",
            reverse("edition-detail", args=[slug, report.pk, edition.number]),
        ),
        conflict=conflict,
    )
    return saved or page(
        request,
        "reports/publish_form.html",
        partnership=partnership,
        actor=actor,
        report=report,
        form=form,
        public=partnership.is_public,
        editions=edition_list(actor=actor, report=report).count(),
        status=form_status(request, form),
    )


def _files_context(edition: ReportEdition) -> dict[str, Any]:
    found = rendered_files(edition=edition)
    files: list[dict[str, Any]] = [{"format": FORMATS[name], "file": found.get(name)} for name in FORMATS]
    pending = any(f is not None and f.status in PENDING for f in found.values())
    return {"files": files, "pending": pending}


@member_view
@require_GET
def edition_detail(request: HttpRequest, slug: str, pk: int, number: int) -> HttpResponse:
    partnership, actor, report = _report(request, slug, pk)
    edition = edition_get(actor=actor, report=report, number=number)
    document = edition_document(edition)
    return page(
        request,
        "reports/edition_detail.html",
        partnership=partnership,
        actor=actor,
        report=report,
        edition=edition,
        body=mark_safe(render_html_fragment(document)),  # escaped by its templates
        **_files_context(edition),
    )


@member_view
@require_GET
def edition_files(request: HttpRequest, slug: str, pk: int, number: int) -> HttpResponse:
    """The edition's files and their progress: what the edition page polls while any is being made."""
    partnership, actor, report = _report(request, slug, pk)
    edition = edition_get(actor=actor, report=report, number=number)
    return page(
        request,
        "reports/partials/edition_files.html",
        partnership=partnership,
        actor=actor,
        report=report,
        edition=edition,
        **_files_context(edition),
    )


@member_view
@require_GET
def edition_download(request: HttpRequest, slug: str, pk: int, number: int, fmt: str) -> HttpResponse:
    partnership, actor, report = _report(request, slug, pk)
    edition = edition_get(actor=actor, report=report, number=number)
    if fmt not in FORMATS:
        return redirect("edition-detail", slug, report.pk, edition.number)
    found = rendered_file(edition=edition, format=fmt)
    if found is None or found.status != RenderStatus.DONE:
        # Not made yet: the edition page shows its progress (and asks for it if it never was).
        return redirect("edition-detail", slug, report.pk, edition.number)
    spec = FORMATS[fmt]
    response = HttpResponse(bytes(found.content), content_type=spec.content_type)
    name = slugify(
        f"{partnership.slug} {report.kind} {report.period.replace('/', '-')} edition {edition.number}"
    )
    response["Content-Disposition"] = f'attachment; filename="{name}.{spec.extension}"'
    return response


@member_view
@require_POST
def edition_render(request: HttpRequest, slug: str, pk: int, number: int, fmt: str) -> HttpResponse:
    """Ask for a file that failed or was never made; anyone who may read the edition may ask."""
    _partnership, actor, report = _report(request, slug, pk)
    edition = edition_get(actor=actor, report=report, number=number)
    found: RenderedFile = rendered_file_request(edition=edition, format=fmt)
    request_renders([found])
    if request.headers.get("HX-Request"):
        return redirect("edition-files", slug, report.pk, edition.number)
    return redirect("edition-detail", slug, report.pk, edition.number)
