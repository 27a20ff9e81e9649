"""The report as HTML: a fragment for the site's pages, a standalone file, and the PDF's source.

Every text from the report model reaches the templates as plain strings, so Django escapes it.
Narratives are the one exception: they hold rich text already cleaned with nh3 when saved, and are
cleaned again here, with a narrower list of tags, before they are marked safe. Charts are SVG images
in ``data:`` URLs: an image cannot run script, and the file needs nothing from the network.
"""

from __future__ import annotations

import base64
import functools
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import nh3
from django.template.loader import render_to_string
from django.utils.safestring import SafeString, mark_safe

from wellboard.reports.document import (
    Chart,
    KeyFigures,
    Narrative,
    Notice,
    Paragraph,
    ReportDocument,
    Table,
    TableBlock,
)
from wellboard.reports.renderers.charts import ChartNotDrawn, chart_svg
from wellboard.reports.renderers.outline import MAX_LEVEL, outline
from wellboard.reports.renderers.values import (
    NUMERIC_KINDS,
    facts,
    format_cell,
    format_figure,
    is_missing,
    is_suppressed,
    plain,
    row_cells,
    table_notes,
)

# One stylesheet for the report's own components: linked by the site's pages, inline in the file.
COMPONENT_CSS = Path(__file__).resolve().parents[1] / "static" / "reports" / "report.css"
NARRATIVE_TAGS = {"p", "br", "strong", "em", "b", "i", "ul", "ol", "li", "a", "blockquote"}
NARRATIVE_ATTRIBUTES = {"a": {"href"}}
NARRATIVE_SCHEMES = {"http", "https", "mailto"}


def clean_narrative(html: str) -> SafeString:
    """Rich text reduced to paragraphs, lists, emphasis and plain links; anything else is dropped."""
    cleaned = nh3.clean(
        plain(html),
        tags=NARRATIVE_TAGS,
        attributes=NARRATIVE_ATTRIBUTES,
        url_schemes=NARRATIVE_SCHEMES,
        link_rel="noopener noreferrer nofollow",
        strip_comments=True,
    )
    return mark_safe(cleaned)


@dataclass
class CellView:
    text: str
    numeric: bool
    row_header: bool
    suppressed: bool = False
    missing: bool = False


@dataclass
class TableView:
    caption: str
    headers: list[tuple[str, bool]]
    rows: list[list[CellView]]
    notes: list[str]
    anchor: str


@dataclass
class BlockView:
    kind: str
    text: str = ""
    title: str = ""
    heading_level: int = 3
    html: SafeString | None = None
    figures: list[tuple[str, str, str]] = field(default_factory=list)
    table: TableView | None = None
    image: str = ""


@dataclass
class SectionView:
    title: str
    level: int
    anchor: str
    number: str
    blocks: list[BlockView]

    @property
    def heading_class(self) -> str:
        return {2: "govuk-heading-l", 3: "govuk-heading-m"}.get(self.level, "govuk-heading-s")


def table_view(table: Table, anchor: str) -> TableView:
    columns = table.columns
    # The first text column names each row, so screen readers announce it with every figure.
    row_header = 0 if columns and columns[0].kind not in NUMERIC_KINDS else -1
    rows = [
        [
            CellView(
                text=format_cell(value, column.kind, column.decimals),
                numeric=column.kind in NUMERIC_KINDS,
                row_header=index == row_header,
                suppressed=is_suppressed(value),
                missing=is_missing(value),
            )
            for index, (column, value) in enumerate(zip(columns, row_cells(table, row), strict=True))
        ]
        for row in table.rows
    ]
    return TableView(
        caption=plain(table.caption),
        headers=[(plain(c.label), c.kind in NUMERIC_KINDS) for c in columns],
        rows=rows,
        notes=table_notes(table),
        anchor=anchor,
    )


def _svg_data_url(chart: Chart) -> str:
    try:
        svg = chart_svg(chart.spec)
    except ChartNotDrawn:
        return ""
    return "data:image/svg+xml;base64," + base64.b64encode(svg.encode()).decode("ascii")


def _blocks(blocks: tuple[Any, ...], level: int, anchor: str) -> list[BlockView]:
    views: list[BlockView] = []
    inner = min(level + 1, MAX_LEVEL)
    for index, block in enumerate(blocks, start=1):
        own = f"{anchor}-{index}"
        if isinstance(block, Paragraph):
            views.append(BlockView("paragraph", text=plain(block.text)))
        elif isinstance(block, Notice):
            views.append(BlockView("notice", text=plain(block.text)))
        elif isinstance(block, Narrative):
            views.append(
                BlockView(
                    "narrative",
                    title=plain(block.title),
                    heading_level=inner,
                    html=clean_narrative(block.html),
                )
            )
        elif isinstance(block, KeyFigures):
            figures = [(plain(f.label), format_figure(f.value, f.kind), plain(f.note)) for f in block.items]
            views.append(BlockView("key_figures", figures=figures))
        elif isinstance(block, TableBlock):
            views.append(BlockView("table", table=table_view(block.table, f"table-{own}")))
        elif isinstance(block, Chart):
            views.append(
                BlockView(
                    "chart",
                    title=plain(block.title),
                    text=plain(block.alt),
                    heading_level=inner,
                    table=table_view(block.table, f"chart-data-{own}"),
                    image=_svg_data_url(block),
                )
            )
    return views


def sections(doc: ReportDocument) -> list[SectionView]:
    return [
        SectionView(
            title=plain(p.section.title),
            level=p.level,
            anchor=p.anchor,
            number=p.number,
            blocks=_blocks(p.section.blocks, p.level, p.anchor),
        )
        for p in outline(doc)
    ]


def context(doc: ReportDocument, *, status: str | None = None) -> dict[str, Any]:
    return {
        "title": plain(doc.title),
        "subtitle": plain(doc.subtitle),
        "partnership": plain(doc.partnership),
        "period": plain(doc.period_label),
        "facts": facts(doc, status),
        "sections": sections(doc),
    }


def render_fragment(doc: ReportDocument, *, status: str | None = None) -> str:
    """The report's body (contents and sections, headings from level 2) for a GOV.UK page; the
    page links ``{% static "reports/report.css" %}`` for the report's own components."""
    return render_to_string("reports/fragment.html", context(doc, status=status))


@functools.cache
def component_css() -> SafeString:
    return mark_safe(COMPONENT_CSS.read_text(encoding="utf-8"))


def render_document(doc: ReportDocument, *, status: str | None = None, for_print: bool = False) -> str:
    """A complete HTML file: styles inline, no external requests; ``for_print`` adds the PDF's
    cover, page-numbered contents and running headers."""
    data = context(doc, status=status)
    data["for_print"] = for_print
    data["component_css"] = component_css()
    return render_to_string("reports/document.html", data)
