"""Reading spreadsheets people upload, and writing ones that are safe to open.

Uploads are hostile until proved otherwise: we check size, that the file really is an XLSX
(a ZIP with a workbook part), that it does not decompress into something enormous, that it holds
no macros, and that no cell holds a formula (a formula's cached value can disagree with what the
person sees). Exported text that a spreadsheet would treat as a formula is neutralised with a
leading apostrophe, which imports strip again so a round trip is exact.
"""

from __future__ import annotations

import io
import zipfile
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from typing import Any

import openpyxl
from openpyxl.workbook.workbook import Workbook
from openpyxl.worksheet.worksheet import Worksheet

from wellboard.core.errors import WellboardError

MAX_XLSX_BYTES = 10 * 1024 * 1024
MAX_UNCOMPRESSED_BYTES = 100 * 1024 * 1024
MAX_COMPRESSION_RATIO = 200
MAX_ROWS = 50_000
MAX_COLUMNS = 200

FORMULA_TRIGGERS = ("=", "+", "-", "@", "\t", "\r", "\n")


class UploadRejected(WellboardError):
    """The file cannot be read (as a whole, or from ``row`` on). Nothing has been changed."""

    def __init__(self, reason: str, *, row: int | None = None) -> None:
        self.reason = reason
        self.row = row
        super().__init__(reason if row is None else f"Row {row}: {reason}")


def cell_safe(value: Any) -> Any:
    """Text that a spreadsheet would run as a formula gets a leading apostrophe."""
    if isinstance(value, str) and value.startswith(FORMULA_TRIGGERS):
        return "'" + value
    return value


def cell_unsafe(value: Any) -> Any:
    """Undo ``cell_safe`` when reading our own exports back."""
    if (
        isinstance(value, str)
        and len(value) > 1
        and value[0] == "'"
        and value[1:].startswith(FORMULA_TRIGGERS)
    ):
        return value[1:]
    return value


def _check_zip(data: bytes, *, max_uncompressed: int) -> None:
    if not data.startswith(b"PK\x03\x04"):
        if data[:8] == b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1":
            raise UploadRejected(
                "This is an old-style .xls workbook. Open it and save it as .xlsx, then upload that."
            )
        raise UploadRejected(
            "This file is not an Excel .xlsx workbook (it may be a CSV or another file renamed to .xlsx)."
        )
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
    except zipfile.BadZipFile as exc:
        raise UploadRejected("This .xlsx file is damaged and cannot be opened.") from exc
    with archive:
        names = set()
        total = 0
        for info in archive.infolist():
            names.add(info.filename)
            total += info.file_size
            if info.compress_size and info.file_size / info.compress_size > MAX_COMPRESSION_RATIO:
                raise UploadRejected(
                    "This file expands to far more data than a real workbook would; it was refused."
                )
            if total > max_uncompressed:
                raise UploadRejected(
                    f"This workbook expands to more than {max_uncompressed // (1024 * 1024)} MB; "
                    "it was refused."
                )
        if "xl/workbook.xml" not in names:
            raise UploadRejected("This file is a ZIP archive but not an Excel workbook.")
        if any(n.lower().endswith("vbaproject.bin") for n in names):
            raise UploadRejected(
                "This workbook contains macros. Save it as a plain .xlsx workbook without macros."
            )
        content_types = archive.read("[Content_Types].xml") if "[Content_Types].xml" in names else b""
        if b"macroEnabled" in content_types:
            raise UploadRejected(
                "This workbook is macro-enabled. Save it as a plain .xlsx workbook without macros."
            )


def declared_rows(sheet: Worksheet | Any) -> int | None:
    """The rows a sheet says it has, from its dimension record, read before any row is; None when
    it does not say. Reading a sheet row by row is the slow part of an import, so a sheet that
    declares more rows than an importer takes is refused before its first row is read. A sheet
    may not declare its size (or understate it): readers still count while they read."""
    rows = getattr(sheet, "max_row", None)
    return rows if isinstance(rows, int) and not isinstance(rows, bool) else None


def read_past_declared_size(sheet: Worksheet | Any) -> None:
    """Make ``sheet`` read every row it holds: a read-only sheet otherwise stops at its declared
    size, silently dropping the rows past a size understated by the program that wrote it. Call
    after ``declared_rows``."""
    reset = getattr(sheet, "reset_dimensions", None)
    if callable(reset):
        reset()


def open_xlsx(
    data: bytes,
    *,
    max_bytes: int = MAX_XLSX_BYTES,
    max_uncompressed: int = MAX_UNCOMPRESSED_BYTES,
) -> Workbook:
    """Open uploaded bytes as a workbook with formulas visible (not their cached values)."""
    if not data:
        raise UploadRejected("The file is empty.")
    if len(data) > max_bytes:
        raise UploadRejected(f"The file is larger than {max_bytes // (1024 * 1024)} MB; it was refused.")
    _check_zip(data, max_uncompressed=max_uncompressed)
    try:
        return openpyxl.load_workbook(io.BytesIO(data), read_only=True, data_only=False, keep_links=False)
    except Exception as exc:  # openpyxl raises many types for malformed parts
        raise UploadRejected(f"This workbook cannot be read: {exc.__class__.__name__}.") from exc


@dataclass(frozen=True)
class SheetRow:
    number: int  # as the spreadsheet shows it (header is row 1)
    values: dict[str, Any]  # by canonical column name; only columns the sheet has

    def has(self, column: str) -> bool:
        return column in self.values


class SheetReader:
    """Rows of one sheet keyed by column header.

    Headers match case-insensitively and ignoring surrounding space. Missing required columns
    are reported once; missing optional columns are simply absent from ``SheetRow.values`` so
    that an import never blanks a field the file did not mention.
    """

    def __init__(
        self,
        sheet: Worksheet | Any,
        *,
        required: Sequence[str],
        optional: Sequence[str] = (),
        max_rows: int = MAX_ROWS,
    ) -> None:
        self.sheet = sheet
        self.name: str = sheet.title
        self.required = list(required)
        self.optional = list(optional)
        self.max_rows = max_rows
        self.problems: list[tuple[int | None, str, str]] = []  # (row, column, reason)
        self.columns: dict[int, str] = {}
        self._rows: Iterator[Any] = iter(())
        declared = declared_rows(sheet)
        if declared is not None and declared - 1 > max_rows:
            self.problems.append((None, "", f"the sheet has more than {max_rows} rows; it was refused"))
            return
        read_past_declared_size(sheet)
        self._rows = sheet.iter_rows(values_only=False)
        self._read_header()

    def _read_header(self) -> None:
        header = next(self._rows, None)
        known = {c.strip().lower(): c for c in [*self.required, *self.optional]}
        if header is None:
            self.problems.append((None, "", "the sheet is empty (it needs a header row)"))
            return
        if len(header) > MAX_COLUMNS:
            self.problems.append((1, "", f"the sheet has more than {MAX_COLUMNS} columns"))
            return
        for index, cell in enumerate(header):
            text = str(cell.value).strip().lower() if cell.value is not None else ""
            if text in known:
                self.columns[index] = known[text]
        missing = [c for c in self.required if c not in self.columns.values()]
        for column in missing:
            self.problems.append((1, column, "this required column is missing"))

    def __iter__(self) -> Iterator[SheetRow]:
        if self.problems and any(p[0] in (None, 1) for p in self.problems):
            return
        for offset, cells in enumerate(self._rows, start=2):
            if offset - 1 > self.max_rows:
                self.problems.append(
                    (offset, "", f"the sheet has more than {self.max_rows} rows; it was refused")
                )
                return
            values: dict[str, Any] = {}
            blank = True
            for index, column in self.columns.items():
                if index >= len(cells):
                    values[column] = None
                    continue
                cell = cells[index]
                if getattr(cell, "data_type", None) == "f":
                    self.problems.append((offset, column, "the cell holds a formula; type the value instead"))
                    continue
                value = cell.value
                if isinstance(value, str):
                    value = cell_unsafe(value.strip())
                    if value == "":
                        value = None
                values[column] = value
                if value is not None:
                    blank = False
            if not blank:
                yield SheetRow(offset, values)
