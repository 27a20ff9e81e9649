"""The report's figures as a workbook for analysts: a contents sheet, then one sheet per table.

Numbers are stored as numbers (formatted to the column's decimal places), dates as dates, and a
suppressed figure as the marker ``*`` exactly as the published report shows it; the contents sheet
explains the symbols. Every text cell passes through ``cell_safe``, so nothing a user typed can
become a formula. Each sheet's header row is bold, frozen and filterable.
"""

from __future__ import annotations

import datetime as dt
import io
import re

from openpyxl import Workbook
from openpyxl.styles import Alignment, Font
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.hyperlink import Hyperlink
from openpyxl.worksheet.worksheet import Worksheet

from wellboard.core.spreadsheets import cell_safe
from wellboard.reports.document import CellValue, Column, ReportDocument, Table
from wellboard.reports.renderers.values import (
    NO_DATA_NOTE,
    NUMERIC_KINDS,
    SUPPRESSED_NOTE,
    facts,
    format_cell,
    is_missing,
    is_suppressed,
    numeric,
    plain,
    row_cells,
    table_notes,
)

MAX_SHEET_NAME = 31
_NOT_IN_SHEET_NAME = re.compile(r"[\[\]:*?/\\]")
# Excel keeps this name for itself.
_RESERVED = {"history"}
CONTENTS = "Contents"
BOLD = Font(bold=True)
TITLE = Font(bold=True, size=14)
WRAP = Alignment(wrap_text=True, vertical="top")


def sheet_names(tables: list[Table]) -> list[str]:
    """A valid, unique sheet name for each table: its own short name or its caption, at most 31
    characters, without the characters Excel refuses, and never the contents sheet's name."""
    taken = {CONTENTS.lower()}
    names: list[str] = []
    for index, table in enumerate(tables, start=1):
        wanted = plain(table.sheet_name or table.caption)
        base = _NOT_IN_SHEET_NAME.sub(" ", wanted)
        base = re.sub(r"\s+", " ", base).strip().strip("'").strip()
        if not base or base.lower() in _RESERVED:
            base = f"Table {index}"
        base = base[:MAX_SHEET_NAME].rstrip().rstrip("'")
        name, n = base, 2
        while name.lower() in taken:
            suffix = f" ({n})"
            name = base[: MAX_SHEET_NAME - len(suffix)].rstrip().rstrip("'") + suffix
            n += 1
        taken.add(name.lower())
        names.append(name)
    return names


def _safe(value: object) -> str:
    """Text that a spreadsheet will show as typed, never run as a formula."""
    return str(cell_safe(plain(value)))


def _number_format(column: Column) -> str:
    places = "." + "0" * column.decimals if column.decimals > 0 else ""
    if column.kind == "percent":
        return f'#,##0{places}"%"'
    return f"#,##0{places}"


def _value(value: CellValue, column: Column) -> CellValue | dt.date:
    """What a cell stores: numbers and dates typed, the marker or blank as they read, text safe."""
    if is_suppressed(value):
        return "*"
    if is_missing(value):
        return None
    if column.kind in NUMERIC_KINDS:
        number = numeric(value)
        return number if number is not None else _safe(value)
    if column.kind == "date" and isinstance(value, str):
        try:
            return dt.date.fromisoformat(value[:10])
        except ValueError:
            return _safe(value)
    if column.kind == "rag":
        return _safe(format_cell(value, column.kind))
    if isinstance(value, str):
        return _safe(value)
    return value


def _table_sheet(sheet: Worksheet, table: Table) -> None:
    columns = table.columns
    for index, column in enumerate(columns, start=1):
        cell = sheet.cell(row=1, column=index, value=cell_safe(plain(column.label)))
        cell.font = BOLD
        cell.alignment = WRAP
        longest = max(
            (len(format_cell(r[index - 1], column.kind)) for r in table.rows[:200] if len(r) >= index),
            default=0,
        )
        sheet.column_dimensions[get_column_letter(index)].width = min(
            max(12, len(column.label) + 2, longest + 2), 50
        )
    for row_number, row in enumerate(table.rows, start=2):
        for index, (column, value) in enumerate(zip(columns, row_cells(table, row), strict=True), 1):
            cell = sheet.cell(row=row_number, column=index, value=_value(value, column))
            if column.kind in NUMERIC_KINDS:
                cell.number_format = _number_format(column)
                if is_suppressed(value):
                    cell.alignment = Alignment(horizontal="right")
            elif column.kind == "date" and isinstance(cell.value, dt.date):
                cell.number_format = "d mmmm yyyy"
    sheet.freeze_panes = "A2"
    if columns:
        last = get_column_letter(len(columns))
        sheet.auto_filter.ref = f"A1:{last}{max(1, len(table.rows) + 1)}"


def _contents(
    sheet: Worksheet, doc: ReportDocument, tables: list[Table], names: list[str], status: str | None
) -> None:
    sheet.cell(row=1, column=1, value=cell_safe(plain(doc.title))).font = TITLE
    row = 2
    for label, value in facts(doc, status):
        sheet.cell(row=row, column=1, value=label).font = BOLD
        sheet.cell(row=row, column=2, value=cell_safe(value))
        row += 1
    row += 1
    sheet.cell(row=row, column=1, value="Symbols").font = BOLD
    sheet.cell(row=row, column=2, value=cell_safe(SUPPRESSED_NOTE))
    sheet.cell(row=row + 1, column=2, value="Blank: no data.")
    row += 3
    for column, heading in enumerate(("Sheet", "Table", "Notes"), start=1):
        sheet.cell(row=row, column=column, value=heading).font = BOLD
    header_row = row
    for table, name in zip(tables, names, strict=True):
        row += 1
        link = sheet.cell(row=row, column=1, value=cell_safe(name))
        # A link within the workbook: a location, not a relationship to an outside address.
        quoted = name.replace("'", "''")
        link.hyperlink = Hyperlink(ref=link.coordinate, location=f"'{quoted}'!A1", display=name)
        link.style = "Hyperlink"
        sheet.cell(row=row, column=2, value=cell_safe(plain(table.caption))).alignment = WRAP
        notes = [n for n in table_notes(table) if n not in (SUPPRESSED_NOTE, NO_DATA_NOTE)]
        if notes:
            sheet.cell(row=row, column=3, value=cell_safe(" ".join(notes))).alignment = WRAP
    if not tables:
        sheet.cell(row=row + 1, column=1, value="This report has no tables.")
    sheet.column_dimensions["A"].width = 34
    sheet.column_dimensions["B"].width = 60
    sheet.column_dimensions["C"].width = 60
    sheet.freeze_panes = f"A{header_row + 1}"


def render_xlsx(doc: ReportDocument, *, status: str | None = None) -> bytes:
    workbook = Workbook()
    contents = workbook.active
    if contents is None:  # a new workbook always has its first sheet; this satisfies the types
        contents = workbook.create_sheet()
    contents.title = CONTENTS
    tables = doc.tables()
    names = sheet_names(tables)
    _contents(contents, doc, tables, names, status)
    for table, name in zip(tables, names, strict=True):
        _table_sheet(workbook.create_sheet(title=name), table)
    workbook.properties.title = plain(doc.title)[:255]
    workbook.properties.creator = plain(doc.partnership)[:255]
    workbook.properties.language = "en-GB"
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()
