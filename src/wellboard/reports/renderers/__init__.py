"""One report document, four formats: HTML, PDF (the board pack), DOCX (for the clerk to edit) and
XLSX (for analysts). Every format reads the same ``ReportDocument``, so they always agree.

``render(doc, fmt)`` gives the file's bytes; ``FORMATS`` says each format's content type and file
extension; ``render_html_fragment(doc)`` gives the report's body for a page to place inside the
site's layout. ``status`` overrides the cover's "Published"/"Draft", which otherwise follows
whether disclosure control was applied.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from types import MappingProxyType

from wellboard.reports.document import ReportDocument
from wellboard.reports.renderers.html import render_document, render_fragment
from wellboard.reports.renderers.pdf import render_pdf
from wellboard.reports.renderers.spreadsheet import render_xlsx
from wellboard.reports.renderers.word import render_docx


@dataclass(frozen=True)
class Format:
    name: str
    label: str
    content_type: str
    extension: str


FORMATS = MappingProxyType(
    {
        "html": Format("html", "Web page (HTML)", "text/html; charset=utf-8", "html"),
        "pdf": Format("pdf", "PDF", "application/pdf", "pdf"),
        "docx": Format(
            "docx",
            "Word document (DOCX)",
            "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
            "docx",
        ),
        "xlsx": Format(
            "xlsx",
            "Excel workbook (XLSX)",
            "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
            "xlsx",
        ),
    }
)


def _html(doc: ReportDocument, *, status: str | None = None) -> bytes:
    return render_document(doc, status=status).encode("utf-8")


_RENDERERS: dict[str, Callable[..., bytes]] = {
    "html": _html,
    "pdf": render_pdf,
    "docx": render_docx,
    "xlsx": render_xlsx,
}


def render(doc: ReportDocument, fmt: str, *, status: str | None = None) -> bytes:
    """The report as a file in ``fmt`` (one of ``FORMATS``)."""
    renderer = _RENDERERS.get(fmt.lower().strip()) if isinstance(fmt, str) else None
    if renderer is None:
        raise ValueError(f"Unknown report format {fmt!r}: choose one of {', '.join(FORMATS)}.")
    return renderer(doc, status=status)


def render_html_fragment(doc: ReportDocument, *, status: str | None = None) -> str:
    """The report's contents and sections (headings from level 2) for a page's main column."""
    return render_fragment(doc, status=status)


__all__ = ["FORMATS", "Format", "render", "render_html_fragment"]
