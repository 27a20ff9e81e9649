"""How a strategy workbook looks: cell styles, tables with frozen headers, drop-down lists, and the
About and Lists sheets. Every value written goes through ``clean``, so nothing runs as a formula."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence
from typing import Any

from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter, quote_sheetname
from openpyxl.worksheet.datavalidation import DataValidation
from openpyxl.worksheet.worksheet import Worksheet

from wellboard.core.rag import Rag
from wellboard.core.spreadsheets import cell_safe
from wellboard.partners.models import OrganisationType
from wellboard.strategy.models import ActionStatus, InitiativeKind, Strategy, StrategyStatus
from wellboard.strategy.workbook import format as fmt

HEADER_FONT = Font(bold=True)
HEADER_FILL = PatternFill("solid", start_color="DDE4E8")
TITLE_FONT = Font(bold=True, size=16)
SUBTITLE_FONT = Font(bold=True, size=12)
DATE_FORMAT = "dd/mm/yyyy"
DATETIME_FORMAT = "dd/mm/yyyy hh:mm"
WRAP = Alignment(wrap_text=True, vertical="top")
TOP = Alignment(vertical="top")

HOW_TO = (
    "Change the sheets, save the file as .xlsx, then import it in Wellboard (Strategy, then Import a "
    "strategy workbook) or with: wellboard strategy import FILE.xlsx --partnership PARTNERSHIP",
    "Import first checks every row and shows what it would create, update, leave unchanged or reject. "
    "It changes nothing unless every row is valid, and then it makes all the changes together.",
    "Rows are recognised by their Ref (tree and actions), slug (strategy and initiatives), action Ref "
    "and title (milestones), or slug or name (organisations). A new Ref or slug creates a record.",
    "Deleting a row does not delete anything in Wellboard: delete records on their pages. Deleting a "
    "column leaves that field as it is; emptying a cell clears it.",
    "Type values, not formulas: cells holding formulas are refused. Dates can be date cells or text "
    "like 31/03/2025. Lists are separated by semicolons.",
    "Updates are history: import adds an update whose text is new for its action or tree row and period, "
    "and never changes or removes one.",
    "The About, Tags and Lists sheets are for information and are not imported.",
    "Import refuses a row that would undo a change made in Wellboard after this file was exported (the "
    "hidden Versions sheet records what the file was exported from): export a fresh workbook to start again.",
)

# The choice lists on the hidden Lists sheet, one per column, for the drop-downs.
LIST_CHOICES: tuple[tuple[str, Any], ...] = (
    ("Action status", ActionStatus),
    ("RAG", Rag),
    ("Initiative kind", InitiativeKind),
    ("Organisation type", OrganisationType),
    ("Strategy status", StrategyStatus),
    ("Yes or no", None),
)


def clean(value: Any) -> Any:
    """A value a spreadsheet can hold safely: formula triggers neutralised, control characters
    (which XLSX cannot store) removed, line endings made alike."""
    if isinstance(value, str):
        value = ILLEGAL_CHARACTERS_RE.sub("", value.replace("\r\n", "\n").replace("\r", "\n"))
        return cell_safe(value)
    return value


def put(sheet: Worksheet, row: int, column: int, value: Any, *, wrap: bool = False) -> None:
    cell = sheet.cell(row=row, column=column, value=clean(value))
    if isinstance(value, dt.datetime):
        cell.number_format = DATETIME_FORMAT
    elif isinstance(value, dt.date):
        cell.number_format = DATE_FORMAT
    cell.alignment = WRAP if wrap else TOP


def table(sheet: Worksheet, spec: fmt.Sheet, rows: Iterable[Sequence[Any]]) -> int:
    """Header, rows, widths, frozen header. Returns the number of data rows written."""
    for index, column in enumerate(spec.columns, start=1):
        cell = sheet.cell(row=1, column=index, value=column.name)
        cell.font = HEADER_FONT
        cell.fill = HEADER_FILL
        sheet.column_dimensions[get_column_letter(index)].width = column.width
    count = 0
    for count, values in enumerate(rows, start=1):
        for index, (column, value) in enumerate(zip(spec.columns, values, strict=True), start=1):
            put(sheet, count + 1, index, value, wrap=column.wrap)
    sheet.freeze_panes = "A2"
    return count


def drop_down(sheet: Worksheet, spec: fmt.Sheet, column_name: str, source: str, *, strict: bool) -> None:
    """Offer a list in every row of one column. ``strict`` refuses other words (the import still
    checks either way); organisations are not strict so that slugs can be typed too."""
    index = [c.name for c in spec.columns].index(column_name) + 1
    letter = get_column_letter(index)
    validation = DataValidation(type="list", formula1=source, allow_blank=True)
    validation.showErrorMessage = strict
    validation.errorTitle = f"Choose a {column_name.lower()}"
    validation.error = "Choose one of the words in the list."
    validation.add(f"{letter}2:{letter}{max(spec.max_rows, 1) + 1}")
    sheet.add_data_validation(validation)


def write_about(sheet: Worksheet, strategy: Strategy) -> None:
    """What each sheet and column means, generated from the format so it never drifts."""
    sheet.column_dimensions["A"].width = 18
    sheet.column_dimensions["B"].width = 26
    sheet.column_dimensions["C"].width = 12
    sheet.column_dimensions["D"].width = 90
    lines: list[tuple[Any, ...]] = [
        (fmt.FORMAT_NAME,),
        (f"{strategy.title} ({strategy.slug}), format version {fmt.FORMAT_VERSION}",),
        (),
        ("How to use it",),
        *((paragraph,) for paragraph in HOW_TO),
        (),
        ("Sheet", "Column", "Required", "What to enter"),
    ]
    for spec in fmt.SHEETS:
        lines.append((spec.name, "", "", spec.purpose))
        if not spec.imported:
            continue
        columns = fmt.STRATEGY_FIELDS if spec is fmt.STRATEGY_SHEET else spec.columns
        for spec_column in columns:
            required = "Yes" if spec_column.required else "No"
            if spec is fmt.STRATEGY_SHEET and spec_column.required and spec_column.field != "slug":
                required = "For a new strategy"
            help_text = spec_column.help
            if spec_column.choices is not None:
                help_text += f" One of: {', '.join(fmt.choice_labels(spec_column.choices))}."
            lines.append(("", spec_column.name, required, help_text))
    for row, values in enumerate(lines, start=1):
        for index, value in enumerate(values, start=1):
            put(sheet, row, index, value, wrap=index == 4 or len(values) == 1)
    sheet["A1"].font = TITLE_FONT
    sheet["A4"].font = SUBTITLE_FONT
    header_row = lines.index(("Sheet", "Column", "Required", "What to enter")) + 1
    for column in range(1, 5):
        sheet.cell(row=header_row, column=column).font = HEADER_FONT
        sheet.cell(row=header_row, column=column).fill = HEADER_FILL
    for row in range(5, 5 + len(HOW_TO)):
        sheet.merge_cells(start_row=row, start_column=1, end_row=row, end_column=4)
        sheet.row_dimensions[row].height = 32


def write_lists(sheet: Worksheet) -> dict[str, str]:
    """The hidden sheet the drop-down lists draw on; returns each list's cell range by title."""
    ranges: dict[str, str] = {}
    for index, (title, choices) in enumerate(LIST_CHOICES, start=1):
        words = fmt.choice_labels(choices) if choices is not None else ["Yes", "No"]
        sheet.cell(row=1, column=index, value=title).font = HEADER_FONT
        for row, word in enumerate(words, start=2):
            sheet.cell(row=row, column=index, value=word)
        letter = get_column_letter(index)
        ranges[title] = f"{quote_sheetname(fmt.LISTS)}!${letter}$2:${letter}${len(words) + 1}"
        sheet.column_dimensions[letter].width = 30
    sheet.sheet_state = "hidden"
    return ranges
