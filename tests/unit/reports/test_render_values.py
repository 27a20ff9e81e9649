"""Cells read the same in every format, and any text at all can be written to every format."""

from __future__ import annotations

import io

import pytest
from docx import Document
from hypothesis import given
from hypothesis import strategies as st
from openpyxl import load_workbook

from wellboard.reports.document import Column, ReportDocument, Section, Table, TableBlock
from wellboard.reports.renderers import render
from wellboard.reports.renderers.values import format_cell, format_figure, generated_on, plain


@pytest.mark.parametrize(
    ("value", "kind", "decimals", "text"),
    [
        (1295, "count", 0, "1,295"),
        (1295.0, "count", 0, "1,295"),
        ("*", "count", 0, "*"),
        (None, "count", 0, "\u2013"),
        (float("nan"), "number", 1, "\u2013"),
        (47.26, "percent", 1, "47.3%"),
        (float("inf"), "number", 1, "\u2013"),
        ("inf", "number", 1, "inf"),
        (3.14159, "rate", 2, "3.14"),
        ("12", "number", 1, "12.0"),
        ("not a number", "number", 0, "not a number"),
        ("amber", "rag", 0, "Amber"),
        ("complete", "rag", 0, "Complete"),
        ("purple", "rag", 0, "purple"),
        ("2024-12-20", "date", 0, "20 December 2024"),
        ("20/12/2024", "date", 0, "20/12/2024"),
        ("2024/25 Q3", "period", 0, "2024/25 Q3"),
    ],
)
def test_cells_read_by_their_kind(value: object, kind: str, decimals: int, text: str) -> None:
    assert format_cell(value, kind, decimals) == text  # type: ignore[arg-type]


def test_key_figures_keep_a_decimal_place_only_when_they_have_one() -> None:
    assert format_figure(87.5, "percent") == "87.5%"
    assert format_figure(88.0, "percent") == "88%"
    assert format_figure(1335, "count") == "1,335"


def test_produced_is_shown_in_uk_time() -> None:
    doc = ReportDocument(
        kind="quarterly",
        title="T",
        partnership="P",
        strategy="S",
        period_label="2024/25 Q1",
        generated_at="2025-07-01T09:30:00+00:00",
        data_version=1,
    )
    assert generated_on(doc) == "1 July 2025 at 10:30"


def test_plain_removes_what_xml_cannot_hold() -> None:
    assert plain("a\x00b\x1fc\td\ne") == "abc\td\ne"
    assert plain(None) == ""


@given(
    text=st.text(max_size=40),
    cell=st.one_of(
        st.none(), st.text(max_size=20), st.integers(-(10**12), 10**12), st.floats(allow_nan=True)
    ),
)
def test_any_text_and_any_cell_can_be_written_to_word_and_excel(text: str, cell: object) -> None:
    table = Table(
        caption=text,
        columns=(Column("a", text or "A"), Column("b", "B", kind="number", decimals=1)),
        rows=((text, cell),),  # type: ignore[arg-type]
    )
    doc = ReportDocument(
        kind="quarterly",
        title=text,
        partnership=text,
        strategy=text,
        period_label=text,
        generated_at="2025-01-01T00:00:00+00:00",
        data_version=1,
        sections=(Section(text, blocks=(TableBlock(table),)),),
    )
    word = Document(io.BytesIO(render(doc, "docx")))
    assert len(word.tables) == 1
    book = load_workbook(io.BytesIO(render(doc, "xlsx")))
    assert len(book.sheetnames) == 2
    for row in book.worksheets[1].iter_rows():
        for value in row:
            assert value.data_type != "f"
