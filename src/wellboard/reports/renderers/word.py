"""The report as a Word document a committee clerk can edit and drop into a board pack.

Sections use Word's own Heading 1 to Heading 6 styles (the navigation pane and an automatic table
of contents both work), tables are real tables whose header row repeats across pages, and charts
are PNG pictures whose description is the chart's text alternative. All text goes in as text, so
nothing a title or a cell holds is ever read as a field, a link or markup.
"""

from __future__ import annotations

import io
from html.parser import HTMLParser

from docx import Document
from docx.document import Document as DocxDocument
from docx.enum.section import WD_ORIENT
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_BREAK
from docx.opc.constants import RELATIONSHIP_TYPE
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Mm, Pt, RGBColor
from docx.text.paragraph import Paragraph as DocxParagraph

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
from wellboard.reports.renderers.charts import ChartNotDrawn, chart_png
from wellboard.reports.renderers.html import clean_narrative
from wellboard.reports.renderers.outline import outline
from wellboard.reports.renderers.values import (
    NUMERIC_KINDS,
    facts,
    format_cell,
    format_figure,
    plain,
    row_cells,
    table_notes,
)

CHART_WIDTH = Mm(160)
GREY = RGBColor(0x50, 0x5A, 0x5F)
# Word offers nine heading levels; the document's title is the Title style, so a section at
# level 2 of the outline is Heading 1.
MAX_HEADING = 6


def _heading(document: DocxDocument, text: str, level: int) -> None:
    document.add_heading(plain(text), level=max(1, min(level - 1, MAX_HEADING)))


def _field(paragraph: DocxParagraph, instruction: str, placeholder: str = "") -> None:
    """A Word field (page number, contents) that Word works out when the document is opened."""
    run = paragraph.add_run()
    begin = OxmlElement("w:fldChar")
    begin.set(qn("w:fldCharType"), "begin")
    begin.set(qn("w:dirty"), "true")
    run._r.append(begin)
    instr = OxmlElement("w:instrText")
    instr.set(qn("xml:space"), "preserve")
    instr.text = f" {instruction} "
    run._r.append(instr)
    separate = OxmlElement("w:fldChar")
    separate.set(qn("w:fldCharType"), "separate")
    run._r.append(separate)
    paragraph.add_run(placeholder)
    end_run = paragraph.add_run()
    end = OxmlElement("w:fldChar")
    end.set(qn("w:fldCharType"), "end")
    end_run._r.append(end)


def _repeat_header(row: object) -> None:
    tr = row._tr  # type: ignore[attr-defined]
    tr_pr = tr.get_or_add_trPr()
    header = OxmlElement("w:tblHeader")
    header.set(qn("w:val"), "true")
    tr_pr.append(header)


def _table(document: DocxDocument, table: Table) -> None:
    document.add_paragraph(plain(table.caption), style="Caption")
    columns = table.columns
    grid = document.add_table(rows=1 + max(len(table.rows), 1), cols=max(len(columns), 1))
    grid.style = "Table Grid"
    grid.alignment = WD_TABLE_ALIGNMENT.LEFT
    rows = grid.rows
    _repeat_header(rows[0])
    for cell, column in zip(rows[0].cells, columns, strict=False):
        paragraph = cell.paragraphs[0]
        paragraph.add_run(plain(column.label)).bold = True
        if column.kind in NUMERIC_KINDS:
            paragraph.alignment = WD_ALIGN_PARAGRAPH.RIGHT
    if not table.rows:
        merged = rows[1].cells[0].merge(rows[1].cells[-1])
        merged.paragraphs[0].add_run("No figures for this period.")
    for row, values in zip(rows[1:], table.rows, strict=False):
        for cell, column, value in zip(row.cells, columns, row_cells(table, values), strict=False):
            paragraph = cell.paragraphs[0]
            paragraph.add_run(format_cell(value, column.kind, column.decimals))
            if column.kind in NUMERIC_KINDS:
                paragraph.alignment = WD_ALIGN_PARAGRAPH.RIGHT
    for note in table_notes(table):
        _note(document, note)


def _note(document: DocxDocument, text: str) -> None:
    run = document.add_paragraph().add_run(plain(text))
    run.font.size = Pt(9)
    run.font.color.rgb = GREY


def _chart(document: DocxDocument, chart: Chart) -> None:
    document.add_paragraph(plain(chart.title), style="Caption")
    try:
        png = chart_png(chart.spec)
    except ChartNotDrawn:
        document.add_paragraph(
            f"The chart could not be drawn. {plain(chart.alt)} Its figures are in the table below."
        )
    else:
        run = document.add_paragraph().add_run()
        shape = run.add_picture(io.BytesIO(png), width=CHART_WIDTH)
        properties = shape._inline.docPr
        properties.set("descr", plain(chart.alt))
        properties.set("title", plain(chart.title))
    _table(document, chart.table)


def _key_figures(document: DocxDocument, block: KeyFigures) -> None:
    with_notes = any(f.note for f in block.items)
    grid = document.add_table(rows=len(block.items), cols=3 if with_notes else 2)
    grid.style = "Table Grid"
    for row, figure in zip(grid.rows, block.items, strict=True):
        cells = row.cells
        cells[0].paragraphs[0].add_run(plain(figure.label))
        value = cells[1].paragraphs[0].add_run(format_figure(figure.value, figure.kind))
        value.bold = True
        value.font.size = Pt(16)
        if with_notes:
            cells[2].paragraphs[0].add_run(plain(figure.note))
    document.add_paragraph()


def _notice(document: DocxDocument, block: Notice) -> None:
    paragraph = document.add_paragraph(style="Intense Quote")
    paragraph.add_run("Important: ").bold = True
    paragraph.add_run(plain(block.text)).bold = True


class _NarrativeWriter(HTMLParser):
    """Cleaned narrative HTML (paragraphs, lists, emphasis, links) as Word paragraphs and runs."""

    def __init__(self, document: DocxDocument) -> None:
        super().__init__(convert_charrefs=True)
        self.document = document
        self.paragraph: DocxParagraph | None = None
        self.bold = 0
        self.italic = 0
        self.lists: list[str] = []
        self.quote = False
        self.link: str | None = None

    def _start(self, style: str | None = None) -> DocxParagraph:
        self.paragraph = self.document.add_paragraph(style=style)
        return self.paragraph

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag == "p":
            self._start("Quote" if self.quote else None)
        elif tag in ("ul", "ol"):
            self.lists.append(tag)
        elif tag == "li":
            numbered = bool(self.lists) and self.lists[-1] == "ol"
            self._start("List Number" if numbered else "List Bullet")
        elif tag in ("strong", "b"):
            self.bold += 1
        elif tag in ("em", "i"):
            self.italic += 1
        elif tag == "br" and self.paragraph is not None:
            self.paragraph.add_run().add_break(WD_BREAK.LINE)
        elif tag == "blockquote":
            self.quote = True
        elif tag == "a":
            self.link = dict(attrs).get("href") or None

    def handle_endtag(self, tag: str) -> None:
        if tag in ("p", "li"):
            self.paragraph = None
        elif tag in ("ul", "ol") and self.lists:
            self.lists.pop()
        elif tag in ("strong", "b"):
            self.bold = max(0, self.bold - 1)
        elif tag in ("em", "i"):
            self.italic = max(0, self.italic - 1)
        elif tag == "blockquote":
            self.quote = False
        elif tag == "a":
            self.link = None

    def handle_data(self, data: str) -> None:
        text = plain(data)
        if not text.strip() and self.paragraph is None:
            return
        paragraph = self.paragraph or self._start("Quote" if self.quote else None)
        if self.link:
            self._hyperlink(paragraph, text, self.link)
            return
        run = paragraph.add_run(text)
        run.bold = bool(self.bold) or None
        run.italic = bool(self.italic) or None

    def _hyperlink(self, paragraph: DocxParagraph, text: str, url: str) -> None:
        relation = paragraph.part.relate_to(url, RELATIONSHIP_TYPE.HYPERLINK, is_external=True)
        link = OxmlElement("w:hyperlink")
        link.set(qn("r:id"), relation)
        run = OxmlElement("w:r")
        properties = OxmlElement("w:rPr")
        style = OxmlElement("w:rStyle")
        style.set(qn("w:val"), "Hyperlink")
        properties.append(style)
        underline = OxmlElement("w:u")
        underline.set(qn("w:val"), "single")
        properties.append(underline)
        colour = OxmlElement("w:color")
        colour.set(qn("w:val"), "1D70B8")
        properties.append(colour)
        run.append(properties)
        content = OxmlElement("w:t")
        content.set(qn("xml:space"), "preserve")
        content.text = text
        run.append(content)
        link.append(run)
        paragraph._p.append(link)


def _narrative(document: DocxDocument, block: Narrative, level: int) -> None:
    _heading(document, block.title, level + 1)
    writer = _NarrativeWriter(document)
    writer.feed(str(clean_narrative(block.html)))
    writer.close()


def _page_setup(document: DocxDocument, doc: ReportDocument) -> None:
    section = document.sections[0]
    section.orientation = WD_ORIENT.PORTRAIT
    section.page_width, section.page_height = Mm(210), Mm(297)
    section.left_margin = section.right_margin = Mm(20)
    section.top_margin = section.bottom_margin = Mm(20)
    section.different_first_page_header_footer = True
    header = section.header.paragraphs[0]
    header.text = f"{plain(doc.title)}: {plain(doc.period_label)}"
    header.style = "Header"
    footer = section.footer.paragraphs[0]
    footer.add_run(f"{plain(doc.partnership)}. Page ")
    _field(footer, "PAGE", "1")
    footer.add_run(" of ")
    _field(footer, "NUMPAGES", "1")
    styles = document.styles
    normal = styles["Normal"]
    normal.font.name = "Arial"
    normal.font.size = Pt(11)
    defaults = styles.element.find(qn("w:docDefaults"))
    if defaults is not None:
        run_defaults = defaults.find(qn("w:rPrDefault"))
        r_pr = run_defaults.find(qn("w:rPr")) if run_defaults is not None else None
        if r_pr is not None:
            lang = r_pr.find(qn("w:lang"))
            if lang is None:
                lang = OxmlElement("w:lang")
                r_pr.append(lang)
            lang.set(qn("w:val"), "en-GB")


def _cover(document: DocxDocument, doc: ReportDocument, status: str | None) -> None:
    partnership = document.add_paragraph()
    partnership.add_run(plain(doc.partnership)).bold = True
    document.add_paragraph(plain(doc.title), style="Title")
    if doc.subtitle:
        document.add_paragraph(plain(doc.subtitle), style="Subtitle")
    document.add_paragraph(plain(doc.period_label), style="Subtitle")
    for label, value in facts(doc, status):
        line = document.add_paragraph()
        line.add_run(f"{label}: ").bold = True
        line.add_run(value)
    document.add_paragraph().add_run().add_break(WD_BREAK.PAGE)
    document.add_paragraph("Contents", style="TOC Heading")
    _field(
        document.add_paragraph(),
        'TOC \\o "1-3" \\h \\z \\u',
        "Word fills in the contents when asked to update fields (right-click here and choose Update field).",
    )
    document.add_paragraph().add_run().add_break(WD_BREAK.PAGE)


def render_docx(doc: ReportDocument, *, status: str | None = None) -> bytes:
    document = Document()
    properties = document.core_properties
    properties.title = plain(doc.title)[:255]
    properties.subject = plain(f"{doc.partnership}, {doc.period_label}")[:255]
    properties.author = plain(doc.partnership)[:255]
    properties.language = "en-GB"
    properties.keywords = f"data version {doc.data_version}"
    _page_setup(document, doc)
    _cover(document, doc, status)
    for placed in outline(doc):
        _heading(document, placed.section.title, placed.level)
        for block in placed.section.blocks:
            if isinstance(block, Paragraph):
                document.add_paragraph(plain(block.text))
            elif isinstance(block, Notice):
                _notice(document, block)
            elif isinstance(block, Narrative):
                _narrative(document, block, placed.level)
            elif isinstance(block, KeyFigures):
                _key_figures(document, block)
            elif isinstance(block, TableBlock):
                _table(document, block.table)
            elif isinstance(block, Chart):
                _chart(document, block)
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()
