"""The pre-filled XLSX template for one organisation's return for one period.

Sheets:

* **Instructions**: what to do, when it is due, and the rules each figure must meet.
* **Return**: one row per figure (a measure's total, then its breakdown categories) with last
  period's figures for reference. Only the yellow cells can be typed in; Excel's data validation
  catches text and negative numbers as they are typed, and the upload checks everything again.
* **About** (hidden): which partnership, collection, organisation and period the workbook is for,
  signed with an HMAC (see ``signing``).
"""

from __future__ import annotations

import io
import re
from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal
from typing import Literal

from openpyxl import Workbook
from openpyxl.styles import Alignment, Border, Font, PatternFill, Protection, Side
from openpyxl.workbook.protection import WorkbookProtection
from openpyxl.worksheet.datavalidation import DataValidation
from openpyxl.worksheet.worksheet import Worksheet

from wellboard.core.access import Actor
from wellboard.core.periods import Period
from wellboard.core.spreadsheets import cell_safe
from wellboard.core.versioning import NOT_STARTED
from wellboard.partners.models import Organisation
from wellboard.returns.models import FIGURE_LARGEST, Collection, Measure, MeasureValueType
from wellboard.returns.selectors import figures_of, measure_list, previous_figures, return_find
from wellboard.returns.validation import CleanFigure, Slot, slots_for
from wellboard.returns.workbook.signing import Identity, layout_fingerprint

RETURN_SHEET = "Return"
ABOUT_SHEET = "About"
INSTRUCTIONS_SHEET = "Instructions"
HEADER_ROW = 7
FIRST_ROW = HEADER_ROW + 1

# Column letters of the Return sheet.
COL_CODE, COL_MEASURE, COL_BREAKDOWN, COL_CATEGORY, COL_UNIT = "A", "B", "C", "D", "E"
COL_LAST, COL_VALUE, COL_DENOMINATOR, COL_COMMENT, COL_GUIDANCE = "F", "G", "H", "I", "J"
HEADERS = [
    (COL_CODE, "Code", 16),
    (COL_MEASURE, "Measure", 40),
    (COL_BREAKDOWN, "Breakdown", 14),
    (COL_CATEGORY, "Category", 22),
    (COL_UNIT, "Unit", 12),
    (COL_LAST, "Last period", 13),
    (COL_VALUE, "This period", 14),
    (COL_DENOMINATOR, "Denominator", 14),
    (COL_COMMENT, "Comment", 40),
    (COL_GUIDANCE, "Rules", 50),
]
COMMENT_LABEL = "Comment for the approver (optional)"

INPUT_FILL = PatternFill("solid", fgColor="FFF7BF")
HEADER_FILL = PatternFill("solid", fgColor="0B4B5C")
MUTED_FILL = PatternFill("solid", fgColor="F3F2F1")
THIN = Side(style="thin", color="B1B4B6")
BORDER = Border(left=THIN, right=THIN, top=THIN, bottom=THIN)
UNLOCKED = Protection(locked=False)


@dataclass(frozen=True)
class RowLayout:
    row: int
    slot: Slot


def layout(measures: Sequence[Measure]) -> list[RowLayout]:
    rows = []
    row = FIRST_ROW
    for measure in measures:
        for slot in slots_for(measure):
            rows.append(RowLayout(row, slot))
            row += 1
    return rows


def comment_row(measures: Sequence[Measure]) -> int:
    return FIRST_ROW + len(layout(measures)) + 1


def template_filename(collection: Collection, organisation: Organisation, period: Period) -> str:
    text = f"{collection.slug}-{organisation.slug}-{period.start.isoformat()}.xlsx"
    return re.sub(r"[^A-Za-z0-9._-]", "-", text)


def rules_text(measure: Measure) -> str:
    """The measure's rules in words, for the template's Rules column and the instructions."""
    kind = measure.kind
    parts = []
    if kind == MeasureValueType.COUNT:
        parts.append("A whole number, 0 or more.")
    elif kind == MeasureValueType.NUMBER:
        parts.append("A number, 0 or more (up to 4 decimal places).")
    else:
        per = "%" if kind == MeasureValueType.PERCENTAGE else f"per {measure.multiplier:,}"
        parts.append(
            f"Enter the numerator in 'This period' and the denominator beside it ({per}); "
            "the numerator cannot be more than the denominator."
            if kind == MeasureValueType.PERCENTAGE
            else f"Enter the count in 'This period' and the population in 'Denominator' ({per})."
        )
    if measure.cumulative:
        parts.append("A running total since the collection started; it cannot go down.")
    if measure.required:
        parts.append("Required.")
    if measure.min_value is not None or measure.max_value is not None:
        low = f"{measure.min_value.normalize():,f}" if measure.min_value is not None else "0"
        high = f"{measure.max_value.normalize():,f}" if measure.max_value is not None else "no limit"
        parts.append(f"Between {low} and {high}.")
    if measure.breakdowns:
        parts.append("Breakdown rows must add up to the total.")
    if measure.comment_required:
        parts.append("A comment is required.")
    if measure.change_threshold is not None:
        parts.append(f"Explain any change of more than {measure.change_threshold}% in a comment.")
    if measure.help_text:
        parts.append(measure.help_text)
    return " ".join(parts)


def _number(value: Decimal | None) -> int | float | None:
    if value is None:
        return None
    return int(value) if value == value.to_integral_value() else float(value)


def _instructions(ws: Worksheet, collection: Collection, organisation: Organisation, period: Period) -> None:
    due = collection.due_date(period)
    lines = [
        (f"{collection.partnership.name}: {collection.name}", True),
        ("", False),
        (f"Organisation: {organisation.name}", False),
        (f"Period: {period.label}", False),
        (f"Due by: {due.day} {due:%B %Y}", False),
        ("", False),
        ("How to fill in this return", True),
        ("1. Go to the 'Return' sheet. Type this period's figures in the yellow cells only.", False),
        ("2. 'Last period' shows what you returned last time, for reference. Do not change it.", False),
        ("3. Type numbers, not formulas: a cell that holds a formula is refused.", False),
        (
            "4. Where a measure has a breakdown (by park or age band), the rows must add up to the total.",
            False,
        ),
        ("5. Add a comment where the rules ask for one, such as a big change since last period.", False),
        (
            "6. Save the file as .xlsx (not .xlsm or .csv) and upload it on the return's page in Wellboard.",
            False,
        ),
        ("   Wellboard checks every cell and shows what would change before anything is saved.", False),
        ("", False),
        ("This workbook is for one organisation and one period only. Do not copy it for another:", False),
        ("download a new template from Wellboard instead. Do not rename, add or remove sheets.", False),
        ("", False),
        ("The measures", True),
    ]
    for text, bold in lines:
        ws.append([cell_safe(text)])
        if bold:
            ws.cell(row=ws.max_row, column=1).font = Font(bold=True, size=14 if ws.max_row == 1 else 12)
    for measure in measure_list(collection=collection):
        ws.append([cell_safe(f"{measure.label} ({measure.code}): {rules_text(measure)}")])
    ws.column_dimensions["A"].width = 120
    ws.protection.sheet = True


def template_build(
    *, actor: Actor, collection: Collection, organisation: Organisation, period: Period
) -> bytes:
    """The template, pre-filled with anything already saved and last period's figures for reference.

    ``return_find`` applies the actor's access: another organisation's template is not found.
    """
    data_return = return_find(actor=actor, collection=collection, organisation=organisation, period=period)
    measures = measure_list(collection=collection)
    saved, comments = figures_of(data_return)
    last = previous_figures(collection=collection, organisation=organisation, period=period)

    wb = Workbook()
    instructions = wb.worksheets[0]  # a new workbook starts with one empty sheet
    instructions.title = INSTRUCTIONS_SHEET
    _instructions(instructions, collection, organisation, period)

    ws = wb.create_sheet(RETURN_SHEET)
    ws["A1"] = cell_safe(f"{collection.name}: {organisation.name}")
    ws["A1"].font = Font(bold=True, size=14)
    ws["A2"], ws["B2"] = "Organisation", cell_safe(organisation.name)
    ws["A3"], ws["B3"] = "Period", cell_safe(period.label)
    due = collection.due_date(period)
    ws["A4"], ws["B4"] = "Due by", f"{due.day} {due:%B %Y}"
    ws["A5"] = "Type figures in the yellow cells only. See the Instructions sheet."
    for col, title, width in HEADERS:
        cell = ws[f"{col}{HEADER_ROW}"]
        cell.value = title
        cell.font = Font(bold=True, color="FFFFFF")
        cell.fill = HEADER_FILL
        cell.alignment = Alignment(wrap_text=True, vertical="top")
        ws.column_dimensions[col].width = width

    validations: dict[str, DataValidation] = {}

    def validate(
        kind: Literal["whole", "decimal", "text"],
        ref: str,
        *,
        low: Decimal | None = None,
        high: Decimal | None = None,
    ) -> None:
        key = f"{kind}:{low}:{high}"
        if key not in validations:
            if kind == "text":
                dv = DataValidation(type="textLength", operator="lessThanOrEqual", formula1="2000")
                dv.error = "A comment can be up to 2,000 characters."
            else:
                # Excel refuses what Wellboard would refuse: below the measure's lowest value (or 0),
                # above its highest or beyond the largest figure a return can hold.
                lo = low if low is not None else Decimal(0)
                hi = high if high is not None else FIGURE_LARGEST
                dv = DataValidation(type=kind, operator="between", formula1=f"{lo:f}", formula2=f"{hi:f}")
                what = "a whole number" if kind == "whole" else "a number"
                dv.error = f"Enter {what} between {lo.normalize():,f} and {hi.normalize():,f}."
            dv.errorTitle = "Check this figure"
            dv.showErrorMessage = True
            dv.allow_blank = True
            validations[key] = dv
            ws.add_data_validation(dv)
        validations[key].add(ref)

    for item in layout(measures):
        slot, row, measure = item.slot, item.row, item.slot.measure
        key = (measure.code, slot.breakdown, slot.category)
        current = saved.get(key, CleanFigure(None, None))
        previous = last.get(key, CleanFigure(None, None))
        has_den = measure.kind.has_denominator
        values = {
            COL_CODE: measure.code,
            COL_MEASURE: cell_safe(measure.label if slot.is_total else f"  {measure.label}"),
            COL_BREAKDOWN: cell_safe(slot.breakdown or "Total"),
            COL_CATEGORY: cell_safe(slot.category),
            COL_UNIT: cell_safe(measure.unit),
            COL_LAST: _number(previous.value),
            COL_VALUE: _number(current.value),
            COL_DENOMINATOR: _number(current.denominator) if has_den else None,
            COL_COMMENT: cell_safe(comments.get(measure.code, "")) if slot.is_total else None,
            COL_GUIDANCE: cell_safe(rules_text(measure)) if slot.is_total else None,
        }
        if has_den and previous.value is not None and previous.denominator:
            values[COL_LAST] = f"{_number(previous.value)} / {_number(previous.denominator)}"
        for col, value in values.items():
            cell = ws[f"{col}{row}"]
            cell.value = value
            cell.border = BORDER
            cell.alignment = Alignment(wrap_text=col in (COL_GUIDANCE, COL_MEASURE), vertical="top")
        if slot.is_total:
            ws[f"{COL_MEASURE}{row}"].font = Font(bold=True)
        whole: Literal["whole", "decimal"] = "whole" if measure.integer_only else "decimal"
        inputs = (
            [COL_VALUE] + ([COL_DENOMINATOR] if has_den else []) + ([COL_COMMENT] if slot.is_total else [])
        )
        for col in inputs:
            cell = ws[f"{col}{row}"]
            cell.fill = INPUT_FILL
            cell.protection = UNLOCKED
        for col in (
            (COL_LAST,) + (() if has_den else (COL_DENOMINATOR,)) + (() if slot.is_total else (COL_COMMENT,))
        ):
            ws[f"{col}{row}"].fill = MUTED_FILL
        bounds = {}
        if not has_den and slot.is_total:
            bounds = {"low": measure.min_value, "high": measure.max_value}
        validate(whole, f"{COL_VALUE}{row}", **bounds)
        if has_den:
            validate("whole", f"{COL_DENOMINATOR}{row}")
        if slot.is_total:
            validate("text", f"{COL_COMMENT}{row}")

    row = comment_row(measures)
    ws[f"{COL_MEASURE}{row}"] = COMMENT_LABEL
    ws[f"{COL_MEASURE}{row}"].font = Font(bold=True)
    comment_cell = ws[f"{COL_VALUE}{row}"]
    comment_cell.value = cell_safe(data_return.comment) if data_return else None
    comment_cell.fill = INPUT_FILL
    comment_cell.protection = UNLOCKED
    comment_cell.alignment = Alignment(wrap_text=True, vertical="top")
    ws.merge_cells(f"{COL_VALUE}{row}:{COL_GUIDANCE}{row}")
    ws.row_dimensions[row].height = 60
    ws.freeze_panes = f"A{FIRST_ROW}"
    ws.protection.sheet = True
    ws.protection.formatColumns = False
    ws.protection.formatRows = False

    about = wb.create_sheet(ABOUT_SHEET)
    identity = Identity(
        partnership=collection.partnership.slug,
        collection=collection.slug,
        organisation=organisation.slug,
        period=period.code,
        layout=layout_fingerprint(measures),
        version=data_return.version if data_return else NOT_STARTED,
    )
    about_rows: list[tuple[str, str]] = [
        ("format", identity.format_version),
        ("partnership", identity.partnership),
        ("collection", identity.collection),
        ("organisation", identity.organisation),
        ("period", identity.period),
        ("layout", identity.layout),
        ("version", str(identity.version)),
        ("signature", identity.signature()),
    ]
    for name, text in about_rows:
        about.append([name, cell_safe(text)])
    about.protection.sheet = True
    about.sheet_state = "veryHidden"
    wb.active = 1
    wb.security = WorkbookProtection(lockStructure=True)
    for index, col in enumerate(["A"], start=1):
        about.column_dimensions[col].width = 14 * index
    buffer = io.BytesIO()
    wb.save(buffer)
    return buffer.getvalue()
