"""Hostile and broken workbooks: each gets a clear message and changes nothing."""

from __future__ import annotations

import io
import zipfile
from collections.abc import Callable
from typing import Any

import openpyxl
import pytest

from tests.unit.strategy.workbook.builders import Built, snapshot
from tests.unit.strategy.workbook.test_import import edit, row_with
from wellboard.strategy.workbook import Rules, strategy_workbook_bytes, strategy_workbook_import
from wellboard.strategy.workbook import format as fmt

pytestmark = pytest.mark.django_db


@pytest.fixture
def exported(built: Built) -> bytes:
    return strategy_workbook_bytes(actor=built.actor, strategy=built.strategy)


def refused(built: Built, data: bytes, *, rules: Rules | None = None) -> list[str]:
    """Import for real; prove nothing changed; return the problems."""
    before = snapshot()
    report = strategy_workbook_import(by=built.actor, data=data, dry_run=False, rules=rules)
    assert not report.ok
    assert not report.applied
    assert snapshot() == before
    assert report.summary_lines()[0] == "Nothing was changed."
    return [str(r) for r in report.rejections]


def with_zip_entry(data: bytes, name: str, content: bytes, *, compress: int = zipfile.ZIP_DEFLATED) -> bytes:
    source = zipfile.ZipFile(io.BytesIO(data))
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as target:
        for item in source.infolist():
            target.writestr(item, source.read(item.filename))
        target.writestr(name, content, compress_type=compress)
    return buffer.getvalue()


def change_cell(sheet: str, ref: str, column: int, value: Any) -> Callable[[Any], None]:
    def change(workbook: Any) -> None:
        target = workbook[sheet]
        target.cell(row=row_with(target, 1, ref), column=column).value = value

    return change


def test_a_formula_is_refused(built: Built, exported: bytes) -> None:
    data = edit(exported, change_cell(fmt.ACTIONS, "A1", 3, '=HYPERLINK("http://example.org","Click")'))
    assert refused(built, data) == [
        "sheet 'Actions', row 2, column 'Title': The cell holds a formula; type the value instead"
    ]


def test_a_huge_sheet_is_refused(built: Built, exported: bytes) -> None:
    def grow(workbook: Any) -> None:
        for n in range(60):
            workbook[fmt.MILESTONES].append(["A2", f"Step {n}", "01/01/2026", None])

    problems = refused(built, edit(exported, grow), rules=Rules(max_rows={fmt.MILESTONES: 50}))
    assert problems == ["sheet 'Milestones': The sheet has more than 50 rows; it was refused"]


def test_wrong_types_are_refused(built: Built, exported: bytes) -> None:
    def spoil(workbook: Any) -> None:
        change_cell(fmt.ACTIONS, "A1", 9, "by Easter")(workbook)
        change_cell(fmt.ACTIONS, "A2", 11, "Sky blue")(workbook)
        change_cell(fmt.ORGANISATIONS, "Test Council", 4, "Sometimes")(workbook)

    assert refused(built, edit(exported, spoil)) == [
        "sheet 'Actions', row 2, column 'Due date': 'by Easter' is not a date: write it like 31/03/2025 or "
        "2025-03-31",
        "sheet 'Actions', row 3, column 'RAG': 'Sky blue' is not one of: Red, Amber, Green, "
        "Complete, Not rated",
        "sheet 'Organisations', row 3, column 'Board seat': Enter Yes or No",
    ]


def test_missing_columns_and_sheets_are_refused(built: Built, exported: bytes) -> None:
    def spoil(workbook: Any) -> None:
        workbook[fmt.ACTIONS].delete_cols(6)  # Lead organisation
        del workbook[fmt.STRATEGY]

    assert refused(built, edit(exported, spoil)) == [
        "sheet 'Strategy': The workbook has no 'Strategy' sheet",
        "sheet 'Actions', row 1, column 'Lead organisation': This required column is missing",
    ]


def test_unknown_organisations_are_refused(built: Built, exported: bytes) -> None:
    data = edit(exported, change_cell(fmt.INITIATIVES, "so-active", 8, "Test Charity; Acme Ltd"))
    assert refused(built, data) == [
        "sheet 'Initiatives', row 3, column 'Partners': There is no organisation called 'Acme Ltd': "
        "add it to "
        "the Organisations sheet, or create it in Wellboard first"
    ]


def test_duplicate_refs_missing_parents_and_loops_are_refused(built: Built, exported: bytes) -> None:
    def spoil(workbook: Any) -> None:
        tree = workbook[fmt.TREE]
        tree.append(["2.1", "2", None, "Duplicate", None, None])
        tree.append(["3.1", "3", None, "Orphan", None, None])
        change_cell(fmt.TREE, "1", 2, "1.1")(workbook)  # 1 under 1.1, which is under 1

    loop = "The rows 1, 1.1 are each other's parents: a row cannot sit beneath itself"
    assert refused(built, edit(exported, spoil)) == [
        "sheet 'Tree', row 7: '2.1' is already on row 6; each row needs its own",
        "sheet 'Tree', row 8, column 'Parent ref': There is no row with Ref '3' on the Tree sheet or in "
        "this strategy to be its parent",
        f"sheet 'Tree', row 2, column 'Parent ref': {loop}",
        f"sheet 'Tree', row 3, column 'Parent ref': {loop}",
    ]


def test_macros_are_refused(built: Built, exported: bytes) -> None:
    data = with_zip_entry(exported, "xl/vbaProject.bin", b"\x00" * 64)
    assert refused(built, data) == [
        "file: This workbook contains macros. Save it as a plain .xlsx workbook without macros."
    ]


def test_a_renamed_csv_is_refused(built: Built) -> None:
    assert refused(built, b"Ref,Parent ref,Title\n1,,People\n") == [
        "file: This file is not an Excel .xlsx workbook (it may be a CSV or another file renamed to .xlsx)."
    ]


def test_an_old_excel_file_is_refused(built: Built) -> None:
    problems = refused(built, b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 512)
    assert problems == [
        "file: This is an old-style .xls workbook. Open it and save it as .xlsx, then upload that."
    ]


def test_a_zip_bomb_is_refused(built: Built, exported: bytes) -> None:
    data = with_zip_entry(exported, "xl/media/padding.bin", b"\x00" * (4 * 1024 * 1024))
    assert refused(built, data) == [
        "file: This file expands to far more data than a real workbook would; it was refused."
    ]


def test_too_big_a_file_is_refused(built: Built, exported: bytes) -> None:
    problems = refused(built, exported, rules=Rules(max_bytes=1024 * 1024 // 2 // 1024))
    assert problems == ["file: The file is larger than 0 MB; it was refused."] or problems[0].startswith(
        "file: The file is larger than"
    )


def test_empty_and_damaged_files_are_refused(built: Built, exported: bytes) -> None:
    assert refused(built, b"") == ["file: The file is empty."]
    assert refused(built, exported[: len(exported) // 2]) == [
        "file: This .xlsx file is damaged and cannot be opened."
    ]


def test_a_spreadsheet_that_is_not_a_strategy_workbook(built: Built) -> None:
    workbook = openpyxl.Workbook()
    assert workbook.active is not None
    workbook.active.append(["Name", "Amount"])
    buffer = io.BytesIO()
    workbook.save(buffer)
    assert refused(built, buffer.getvalue()) == [
        "sheet 'Strategy': The workbook has no 'Strategy' sheet",
        "sheet 'Tree': The workbook has no 'Tree' sheet",
    ]
