"""The Word document: real headings, tables and pictures a clerk can edit, and nothing that runs."""

from __future__ import annotations

import io

import pytest
from docx import Document
from docx.document import Document as DocxDocument
from docx.oxml.ns import qn

from tests.unit.reports.conftest import FORMULAS, IMAGE, SCRIPT, quarterly
from wellboard.reports.renderers import render


@pytest.fixture(scope="module")
def word() -> DocxDocument:
    return Document(io.BytesIO(render(quarterly(), "docx")))


def _headings(word: DocxDocument) -> list[tuple[str, str]]:
    return [(p.style.name, p.text) for p in word.paragraphs if p.style.name.startswith("Heading")]


def test_sections_use_words_heading_styles_in_order(word: DocxDocument) -> None:
    assert _headings(word) == [
        ("Heading 1", "Summary"),
        ("Heading 2", "Foreword from the chair"),
        ("Heading 1", "Priority 1: Physical activity"),
        ("Heading 2", "Reach"),
        ("Heading 2", "Inactivity"),
        ("Heading 1", f"Exceptions {SCRIPT}"),
        ("Heading 2", f"Lessons {IMAGE}"),
    ]


def test_the_cover_gives_title_period_status_and_data_version(word: DocxDocument) -> None:
    texts = [p.text for p in word.paragraphs[:12]]
    assert texts[0] == "Healthy Stevenage"
    assert word.paragraphs[1].style.name == "Title"
    assert word.paragraphs[1].text == "Quarterly monitoring report"
    assert "2024/25 Q3" in texts
    assert "Status: Draft" in texts
    assert "Data version: 42" in texts
    assert word.core_properties.title == "Quarterly monitoring report"
    assert word.core_properties.language == "en-GB"
    instructions = [t.text.strip() for t in word.element.body.iter(qn("w:instrText"))]
    assert instructions[0].startswith("TOC")


def test_tables_have_a_repeating_header_row_and_formatted_figures(word: DocxDocument) -> None:
    tables = word.tables
    reach = next(t for t in tables if t.rows[0].cells[0].text == "Initiative")
    assert [c.text for c in reach.rows[0].cells] == [
        "Initiative",
        "People reached",
        "Share of target",
        "Rating",
        "Last return",
    ]
    assert reach.rows[0]._tr.trPr.find(qn("w:tblHeader")) is not None
    assert all(run.bold for run in reach.rows[0].cells[1].paragraphs[0].runs)
    assert [c.text for c in reach.rows[2].cells] == ["Chatty Cafés", "*", "*", "Amber", "18 December 2024"]
    captions = [p.text for p in word.paragraphs if p.style.name == "Caption"]
    assert "People reached by initiative, 2024/25 Q3" in captions
    figures = next(t for t in tables if t.rows[0].cells[0].text == "Actions on track")
    assert [r.cells[1].text for r in figures.rows] == ["12", "87.5%", "1,335"]


def test_the_chart_is_a_picture_described_by_its_text_alternative(word: DocxDocument) -> None:
    shapes = word.inline_shapes
    assert len(shapes) == 1
    properties = shapes[0]._inline.docPr
    assert properties.get("descr").startswith("Line chart: physical inactivity rose")
    assert properties.get("title") == "Adults who are physically inactive"
    assert any(t.rows[0].cells[0].text == "Period" for t in word.tables)


def test_narratives_keep_lists_emphasis_and_links_only(word: DocxDocument) -> None:
    bullets = [p.text for p in word.paragraphs if p.style.name == "List Bullet"]
    assert bullets == ["Three new walking groups", "A new café"]
    bold = [r.text for p in word.paragraphs for r in p.runs if r.bold]
    assert "progress" in bold
    links = [r.target_ref for r in word.part.rels.values() if r.reltype.endswith("/hyperlink")]
    assert links == ["https://example.org/plan"]
    texts = [p.text for p in word.paragraphs]
    start = texts.index(f"Lessons {IMAGE}") + 1
    # The script, the click handler, the javascript: link and the frame are gone; the words stay.
    assert texts[start : start + 3] == ["Kept", "Clicked", "link"]


def test_payloads_stay_plain_text(word: DocxDocument) -> None:
    comments = next(t for t in word.tables if t.rows[0].cells[0].text.startswith("Comment"))
    values = [r.cells[0].text for r in comments.rows[1:]]
    assert values == [*FORMULAS, SCRIPT, IMAGE]
    instructions = {t.text.split()[0] for t in word.element.body.iter(qn("w:instrText"))}
    assert instructions == {"TOC"}
    footer = word.sections[0].footer._element
    assert {t.text.split()[0] for t in footer.iter(qn("w:instrText"))} == {"PAGE", "NUMPAGES"}
