"""The PDF: tagged for screen readers, A4, a cover and contents, headings and page numbers."""

from __future__ import annotations

import io

import pytest
from pypdf import PdfReader

from tests.unit.reports.conftest import SCRIPT
from wellboard.reports.document import ReportDocument
from wellboard.reports.renderers import render


@pytest.fixture(scope="module")
def pdf() -> bytes:
    from tests.unit.reports.conftest import quarterly

    return render(quarterly(), "pdf")


def _pages(pdf: bytes) -> list[str]:
    return [page.extract_text() for page in PdfReader(io.BytesIO(pdf)).pages]


def test_the_cover_names_partnership_title_period_status_and_data_version(pdf: bytes) -> None:
    cover = _pages(pdf)[0]
    for text in (
        "Healthy Stevenage",
        "Quarterly monitoring report",
        "2024/25 Q3",
        "DRAFT",
        "Data version",
        "42",
    ):
        assert text in cover


def test_contents_list_each_section_with_its_page(pdf: bytes) -> None:
    contents = _pages(pdf)[1]
    assert "Contents" in contents
    lines = [line for line in contents.splitlines() if line.startswith("Priority 1")]
    assert lines
    assert lines[0].rstrip().split()[-1].isdigit()


def test_headings_and_figures_are_text_on_the_pages(pdf: bytes) -> None:
    text = "\n".join(_pages(pdf))
    for heading in (
        "Summary",
        "Foreword from the chair",
        "Priority 1: Physical activity",
        "Reach",
        "Inactivity",
    ):
        assert heading in text
    assert "1,295" in text
    assert "Suppressed: a small number" in text
    assert f"Exceptions {SCRIPT}" in text  # shown as words, never run


def test_every_page_after_the_cover_has_the_title_and_its_number(pdf: bytes) -> None:
    pages = _pages(pdf)
    for number, text in enumerate(pages[1:], start=2):
        assert "Quarterly monitoring report" in text
        assert f"Page {number} of {len(pages)}" in text
    assert "Page 1 of" not in pages[0]


def test_the_pdf_is_tagged_a4_with_language_title_and_no_actions(pdf: bytes) -> None:
    reader = PdfReader(io.BytesIO(pdf))
    root = reader.trailer["/Root"]
    assert root["/MarkInfo"]["/Marked"]
    assert "/StructTreeRoot" in root
    assert root["/Lang"] == "en-GB"
    assert reader.metadata is not None
    assert reader.metadata.title == "Quarterly monitoring report: Healthy Stevenage, 2024/25 Q3"
    assert b"pdfuaid" in reader.xmp_metadata.stream.get_data()  # type: ignore[union-attr]
    width, height = (float(v) for v in reader.pages[0].mediabox[2:])
    assert (round(width), round(height)) == (595, 842)
    assert "/OpenAction" not in root
    assert "/Names" not in root or "/JavaScript" not in root["/Names"]
    targets = []
    for page in reader.pages:
        for annotation in page.get("/Annots") or []:
            action = annotation.get_object().get("/A")
            if action is not None:
                assert action["/S"] in ("/URI", "/GoTo")
                targets.append(action.get("/URI"))
    assert [t for t in targets if t] == ["https://example.org/plan"]


def test_a_report_with_no_sections_still_makes_a_pdf(document: ReportDocument) -> None:
    empty = ReportDocument.from_json({**document.to_json(), "sections": []})
    pages = _pages(render(empty, "pdf"))
    assert "Quarterly monitoring report" in pages[0]
