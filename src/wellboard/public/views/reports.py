"""The partnership's published reports on the public site, and the download of each edition."""

from __future__ import annotations

from django.http import Http404, HttpRequest, HttpResponse
from django.utils.text import slugify
from django.views.decorators.http import require_safe

from wellboard.partners.models import Partnership
from wellboard.public.selectors import public_edition_file, public_editions, report_files_state
from wellboard.public.views.responses import Body, _not_found_as_404, _page, _public
from wellboard.reports.models import ReportKind
from wellboard.reports.renderers import FORMATS


@require_safe
def public_reports(request: HttpRequest, slug: str) -> HttpResponse:
    def build(partnership: Partnership) -> Body:
        return _page(
            "public/reports.html",
            partnership,
            section="reports",
            editions=public_editions(partnership=partnership),
            formats=FORMATS,
        )

    return _public(
        request, slug, "reports", build, state=lambda partnership: report_files_state(partnership=partnership)
    )


@require_safe
def public_report_download(
    request: HttpRequest, slug: str, report: int, number: int, fmt: str
) -> HttpResponse:
    if fmt not in FORMATS:
        raise Http404("format")
    spec = FORMATS[fmt]

    def build(partnership: Partnership) -> Body:
        found = public_edition_file(partnership=partnership, report_id=report, number=number, fmt=fmt)
        made = found.edition.report
        period = made.period.replace("/", "-")
        name = slugify(f"{partnership.slug} {ReportKind(made.kind).label} {period} edition {number}")
        return Body(bytes(found.content), spec.content_type, f"{name}.{spec.extension}", "attachment")

    return _not_found_as_404(lambda: _public(request, slug, "report-file", build, keep=False))
