"""The workbook: a contents sheet, one sheet per table, typed figures and no live formulas."""

from __future__ import annotations

import datetime as dt
import io

import pytest
from hypothesis import given
from hypothesis import strategies as st
from openpyxl import load_workbook
from openpyxl.workbook.workbook import Workbook

from tests.unit.reports.conftest import FORMULAS, IMAGE, SCRIPT, quarterly
from wellboard.core.spreadsheets import cell_unsafe
from wellboard.reports.document import Column, Table
from wellboard.reports.renderers import render
from wellboard.reports.renderers.spreadsheet import sheet_names


@pytest.fixture(scope="module")
def book() -> Workbook:
    return load_workbook(io.BytesIO(render(quarterly(), "xlsx")))


def test_a_contents_sheet_then_one_sheet_per_table(book: Workbook) -> None:
    # The reach table's own short name; the chart's caption cut to 31 characters; "=Comments"
    # loses nothing but stays a plain name.
    assert book.sheetnames == ["Contents", "Reach", "Adults who are physically inact", "=Comments"]
    contents = book["Contents"]
    rows = [[c.value for c in row] for row in contents.iter_rows()]
    assert rows[0][0] == "Quarterly monitoring report"
    assert ["Data version", "42", None] in rows
    linked = [c for c in contents["A"] if c.hyperlink is not None]
    assert [cell_unsafe(c.value) for c in linked] == book.sheetnames[1:]
    assert linked[0].hyperlink.location == "'Reach'!A1"


def test_figures_are_numbers_dates_are_dates_and_suppressed_cells_show_the_marker(book: Workbook) -> None:
    sheet = book["Reach"]
    header = ["Initiative", "People reached", "Share of target", "Rating", "Last return"]
    assert [c.value for c in sheet[1]] == header
    assert all(c.font.bold for c in sheet[1])
    assert sheet.freeze_panes == "A2"
    assert [c.value for c in sheet[2]][:4] == ["So Active", 1295, 47.5, "Green"]
    assert sheet["E2"].value.date() == dt.date(2024, 12, 20)
    assert sheet["E2"].is_date
    assert sheet["C2"].number_format == '#,##0.0"%"'
    assert [c.value for c in sheet[3]][:3] == ["Chatty Cafés", "*", "*"]
    assert [c.value for c in sheet[4]] == ["Walk and Talk", 40, None, "Red", None]


def test_no_text_becomes_a_formula(book: Workbook) -> None:
    for sheet in book.worksheets:
        for row in sheet.iter_rows():
            for cell in row:
                assert cell.data_type != "f", (sheet.title, cell.coordinate, cell.value)
    comments = book[book.sheetnames[3]]
    values = [cell_unsafe(c.value) for c in comments["A"][1:]]
    assert values == [*FORMULAS, SCRIPT, IMAGE]
    assert comments["A2"].value == "'" + FORMULAS[0]
    assert comments["A1"].value == f"Comment {IMAGE}"


def test_sheet_names_are_valid_unique_and_short() -> None:
    column = (Column("a", "A"),)
    tables = [
        Table(caption="People reached: by initiative [all] / partners?", columns=column),
        Table(caption="People reached: by initiative [all] / partners?", columns=column),
        Table(caption="Contents", columns=column),
        Table(caption="History", columns=column),
        Table(caption="''", columns=column),
    ]
    names = sheet_names(tables)
    assert names[:2] == ["People reached by initiative al", "People reached by initiativ (2)"]
    assert len({n.lower() for n in names}) == len(names)
    assert "contents" not in {n.lower() for n in names}
    assert names[3] == "Table 4"
    assert names[4] == "Table 5"
    for name in names:
        assert len(name) <= 31
        assert not set(name) & set("[]:*?/\\")


@given(st.lists(st.text(max_size=60), min_size=1, max_size=8))
def test_any_captions_give_sheet_names_excel_accepts(captions: list[str]) -> None:
    tables = [Table(caption=c, columns=(Column("a", "A"),)) for c in captions]
    names = sheet_names(tables)
    assert len({n.lower() for n in names}) == len(names)
    book = Workbook()
    for name in names:
        assert 0 < len(name) <= 31
        assert not name.startswith("'")
        assert not name.endswith("'")
        book.create_sheet(title=name)
    buffer = io.BytesIO()
    book.save(buffer)
