"""A filled-in template far bigger than a template is refused before its rows are read, when it
declares its size; and read to the end, not cut at a size it understates."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest

from wellboard.core.spreadsheets import UploadRejected
from wellboard.returns.workbook.upload import MAX_SHEET_ROWS, _cells


class Sheet:
    title = "Return"

    def __init__(self, declared: int | None, rows: list[list[Any]]) -> None:
        self.max_row = declared
        self.rows = rows
        self.read: list[int] = []

    def reset_dimensions(self) -> None:
        self.max_row = None

    def iter_rows(self) -> Iterator[list[Any]]:
        for number, row in enumerate(self.rows, start=1):
            self.read.append(number)
            yield [Cell(value) for value in row]


class Cell:
    def __init__(self, value: Any) -> None:
        self.value = value


def test_a_sheet_declaring_more_rows_than_a_template_has_is_refused_before_reading() -> None:
    sheet = Sheet(MAX_SHEET_ROWS + 1, [["x"]] * 3)
    with pytest.raises(UploadRejected, match=f"more than {MAX_SHEET_ROWS} rows"):
        list(_cells(sheet))
    assert sheet.read == []


def test_a_sheet_understating_its_size_is_read_to_the_end_and_refused_past_the_limit() -> None:
    sheet = Sheet(1, [["x"]] * (MAX_SHEET_ROWS + 5))
    with pytest.raises(UploadRejected, match=f"more than {MAX_SHEET_ROWS} rows"):
        list(_cells(sheet))
    assert sheet.read[-1] == MAX_SHEET_ROWS + 1
