from __future__ import annotations

import io
import re
import zipfile

import openpyxl
import pytest
from hypothesis import given
from hypothesis import strategies as st

from wellboard.core.spreadsheets import (
    SheetReader,
    UploadRejected,
    cell_safe,
    cell_unsafe,
    declared_rows,
    open_xlsx,
)


def workbook_bytes(rows: list[list[object]], *, title: str = "Data") -> bytes:
    wb = openpyxl.Workbook()
    ws = wb.active
    assert ws is not None
    ws.title = title
    for row in rows:
        ws.append(row)
    buffer = io.BytesIO()
    wb.save(buffer)
    return buffer.getvalue()


@given(st.text(max_size=40))
def test_cell_safe_round_trips_and_neutralises(text: str) -> None:
    safe = cell_safe(text)
    assert cell_unsafe(safe) == text
    assert not (isinstance(safe, str) and safe[:1] in ("=", "+", "-", "@", "\t", "\r", "\n"))


def test_cell_safe_leaves_numbers_alone() -> None:
    assert cell_safe(-5) == -5
    assert cell_safe("=SUM(A1:A2)") == "'=SUM(A1:A2)"


def test_reads_rows_by_header_case_insensitively() -> None:
    data = workbook_bytes([["  Name ", "VALUE", "ignored"], ["a", 1, "x"], [None, None, None], ["b", 2, "y"]])
    sheet = open_xlsx(data)["Data"]
    reader = SheetReader(sheet, required=["name", "value"])
    rows = list(reader)
    assert [(r.number, r.values) for r in rows] == [
        (2, {"name": "a", "value": 1}),
        (4, {"name": "b", "value": 2}),
    ]
    assert reader.problems == []


def test_missing_optional_column_is_absent_not_blank() -> None:
    sheet = open_xlsx(workbook_bytes([["name"], ["a"]]))["Data"]
    rows = list(SheetReader(sheet, required=["name"], optional=["description"]))
    assert not rows[0].has("description")


def test_missing_required_column_is_reported() -> None:
    sheet = open_xlsx(workbook_bytes([["name"], ["a"]]))["Data"]
    reader = SheetReader(sheet, required=["name", "value"])
    assert list(reader) == []
    assert reader.problems == [(1, "value", "this required column is missing")]


def test_formula_cells_are_reported() -> None:
    sheet = open_xlsx(workbook_bytes([["name", "value"], ["a", "=1+1"]]))["Data"]
    reader = SheetReader(sheet, required=["name", "value"])
    list(reader)
    assert reader.problems == [(2, "value", "the cell holds a formula; type the value instead")]


def test_too_many_rows_are_refused() -> None:
    sheet = open_xlsx(workbook_bytes([["n"], *[[i] for i in range(20)]]))["Data"]
    reader = SheetReader(sheet, required=["n"], max_rows=10)
    list(reader)
    assert "more than 10 rows" in reader.problems[-1][2]


def test_a_sheet_declaring_too_many_rows_is_refused_before_a_row_is_read(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    sheet = open_xlsx(workbook_bytes([["n"], *[[i] for i in range(20)]]))["Data"]
    assert declared_rows(sheet) == 21

    def never(*args: object, **kwargs: object) -> None:
        raise AssertionError("no row should be read")

    monkeypatch.setattr(sheet, "iter_rows", never)
    reader = SheetReader(sheet, required=["n"], max_rows=10)
    assert list(reader) == []
    assert reader.problems == [(None, "", "the sheet has more than 10 rows; it was refused")]


def _understated(data: bytes) -> bytes:
    """The workbook with its sheet claiming to be one row long."""
    source, target = io.BytesIO(data), io.BytesIO()
    with zipfile.ZipFile(source) as old, zipfile.ZipFile(target, "w") as new:
        for item in old.infolist():
            content = old.read(item.filename)
            if item.filename.startswith("xl/worksheets/"):
                content = re.sub(rb'<dimension ref="[^"]*"/>', b'<dimension ref="A1"/>', content)
            new.writestr(item, content)
    return target.getvalue()


def test_a_sheet_understating_its_size_is_still_refused_while_it_is_read() -> None:
    sheet = open_xlsx(_understated(workbook_bytes([["n"], *[[i] for i in range(20)]])))["Data"]
    assert declared_rows(sheet) == 1
    reader = SheetReader(sheet, required=["n"], max_rows=10)
    assert len(list(reader)) == 10
    assert reader.problems == [(12, "", "the sheet has more than 10 rows; it was refused")]


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (b"", "empty"),
        (b"name,value\na,1\n", "not an Excel .xlsx workbook"),
        (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 100, "old-style .xls"),
        (b"PK\x03\x04garbage", "damaged"),
    ],
)
def test_hostile_files_are_refused(data: bytes, message: str) -> None:
    with pytest.raises(UploadRejected, match=message):
        open_xlsx(data)


def _zip(entries: dict[str, bytes]) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        for name, payload in entries.items():
            archive.writestr(name, payload)
    return buffer.getvalue()


def test_zip_that_is_not_a_workbook_is_refused() -> None:
    with pytest.raises(UploadRejected, match="not an Excel workbook"):
        open_xlsx(_zip({"hello.txt": b"hi"}))


def test_zip_bomb_is_refused() -> None:
    with pytest.raises(UploadRejected, match="expands"):
        open_xlsx(_zip({"xl/workbook.xml": b"<x/>", "xl/worksheets/sheet1.xml": b"0" * 50_000_000}))


def test_macros_are_refused() -> None:
    data = workbook_bytes([["a"]])
    buffer = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as src, zipfile.ZipFile(buffer, "w") as dst:
        for item in src.infolist():
            dst.writestr(item, src.read(item.filename))
        dst.writestr("xl/vbaProject.bin", b"macro")
    with pytest.raises(UploadRejected, match="macros"):
        open_xlsx(buffer.getvalue())


def test_size_limit() -> None:
    with pytest.raises(UploadRejected, match="larger than"):
        open_xlsx(b"PK\x03\x04" + b"0" * 2_000_000, max_bytes=1_000_000)
