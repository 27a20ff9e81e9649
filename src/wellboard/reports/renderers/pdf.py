"""The report as a tagged PDF (PDF/UA-1) on A4, made by WeasyPrint from the print HTML.

The fetcher reads only ``data:`` URLs (the charts), so rendering never touches the network or the
file system whatever a spec or a narrative holds. WeasyPrint makes the PDF's bookmarks from the
headings and its document title and language from the HTML's ``<title>`` and ``lang``.
"""

from __future__ import annotations

import weasyprint

from wellboard.reports.document import ReportDocument
from wellboard.reports.renderers.html import render_document

PDF_VARIANT = "pdf/ua-1"


def render_pdf(doc: ReportDocument, *, status: str | None = None) -> bytes:
    html = render_document(doc, status=status, for_print=True)
    fetcher = weasyprint.URLFetcher(allowed_protocols={"data"}, allow_redirects=False, timeout=1)
    document = weasyprint.HTML(string=html, base_url=None, url_fetcher=fetcher)
    pdf: bytes = document.write_pdf(pdf_variant=PDF_VARIANT, pdf_tags=True)
    return pdf
