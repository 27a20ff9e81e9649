"""How a cell, a key figure and the report's facts read as text, the same in every format.

A cell holds a raw value and its column says what kind of figure it is. Suppressed cells hold the
disclosure marker (``*``); empty cells hold None. Text from the report model is user-written, so it
is stripped of the control characters that XML (DOCX, XLSX) cannot hold before any format sees it.
"""

from __future__ import annotations

import datetime as dt
import math
import re
from zoneinfo import ZoneInfo

from wellboard.charts.formatting import MISSING, is_number
from wellboard.core.rag import Rag
from wellboard.publishing.disclosure import SUPPRESSED_MARKER
from wellboard.reports.document import CellValue, ColumnKind, ReportDocument, Table

LONDON = ZoneInfo("Europe/London")
NUMERIC_KINDS: frozenset[ColumnKind] = frozenset({"count", "number", "percent", "rate"})
SUPPRESSED_NOTE = f"{SUPPRESSED_MARKER} Suppressed: a small number, withheld to protect privacy."
NO_DATA_NOTE = f"{MISSING} No data."

# XML 1.0 forbids these; a stray one pasted into a title would make a DOCX or XLSX unreadable.
_CONTROL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f\ufffe\uffff]")


def plain(text: object) -> str:
    """Text safe to place in any format's XML: control characters removed, never None."""
    if text is None:
        return ""
    return _CONTROL.sub("", str(text))


def is_suppressed(value: CellValue) -> bool:
    return isinstance(value, str) and value.strip() == SUPPRESSED_MARKER


def is_missing(value: CellValue) -> bool:
    if value is None:
        return True
    if isinstance(value, str):
        return value.strip() == ""
    # Infinity is no figure either: no format can show it, and a workbook cannot store it.
    return not (is_number(value) and math.isfinite(value))


def numeric(value: CellValue) -> float | int | None:
    """The number a cell holds (numbers written as text included), or None."""
    if isinstance(value, bool):
        return None
    if isinstance(value, int):
        return value
    if isinstance(value, float):
        return value if math.isfinite(value) else None
    if isinstance(value, str):
        cleaned = value.strip().replace(",", "")
        try:
            number = float(cleaned)
        except ValueError:
            return None
        if not math.isfinite(number):
            return None
        return int(number) if number.is_integer() and "." not in cleaned else number
    return None


def _date(value: str) -> str:
    try:
        day = dt.date.fromisoformat(value[:10])
    except ValueError:
        return value
    return f"{day.day} {day:%B %Y}"


def format_cell(value: CellValue, kind: ColumnKind, decimals: int = 0) -> str:
    """'1,234', '47.5%', 'Green', '4 December 2026'; the marker when suppressed, an en dash when empty."""
    if is_suppressed(value):
        return SUPPRESSED_MARKER
    if is_missing(value):
        return MISSING
    if kind in NUMERIC_KINDS:
        number = numeric(value)
        if number is None:
            return plain(value)
        places = 0 if kind == "count" and decimals == 0 else max(decimals, 0)
        text = f"{number:,.{places}f}"
        return f"{text}%" if kind == "percent" else text
    if kind == "rag":
        text = plain(value)
        try:
            return str(Rag(text).label)
        except ValueError:
            return text
    if kind == "date" and isinstance(value, str):
        return _date(value)
    return plain(value)


def format_figure(value: CellValue, kind: ColumnKind) -> str:
    """A key figure: whole numbers as they are, others to one decimal place ('87.5%')."""
    number = numeric(value) if kind in NUMERIC_KINDS else None
    decimals = 1 if isinstance(number, float) and not number.is_integer() else 0
    return format_cell(value, kind, decimals)


def table_marks(table: Table) -> tuple[bool, bool]:
    """Whether the table has suppressed cells and whether it has empty ones, for its key."""
    suppressed = any(is_suppressed(v) for row in table.rows for v in row)
    missing = any(is_missing(v) for row in table.rows for v in row)
    return suppressed, missing


def table_notes(table: Table) -> list[str]:
    """The table's own notes followed by a key to the symbols it uses."""
    suppressed, missing = table_marks(table)
    notes = [plain(n) for n in table.notes]
    if suppressed:
        notes.append(SUPPRESSED_NOTE)
    if missing:
        notes.append(NO_DATA_NOTE)
    return notes


def row_cells(table: Table, row: tuple[CellValue, ...]) -> list[CellValue]:
    """A row padded or cut to the table's columns, so a short row never shifts a figure."""
    cells = list(row[: len(table.columns)])
    cells.extend([None] * (len(table.columns) - len(cells)))
    return cells


def status(doc: ReportDocument, override: str | None = None) -> str:
    """'Published' for a document that passed disclosure control, otherwise 'Draft'."""
    if override:
        return plain(override)
    return "Published" if doc.disclosed else "Draft"


def generated_on(doc: ReportDocument) -> str:
    """'4 December 2026 at 10:00' in UK time, or the stored text when it is not a timestamp."""
    try:
        moment = dt.datetime.fromisoformat(doc.generated_at)
    except ValueError:
        return plain(doc.generated_at)
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=dt.UTC)
    local = moment.astimezone(LONDON)
    return f"{local.day} {local:%B %Y} at {local:%H:%M}"


def facts(doc: ReportDocument, override: str | None = None) -> list[tuple[str, str]]:
    """What the cover says about the document, label and value."""
    return [
        ("Partnership", plain(doc.partnership)),
        ("Strategy", plain(doc.strategy)),
        ("Period", plain(doc.period_label)),
        ("Status", status(doc, override)),
        ("Produced", generated_on(doc)),
        ("Data version", str(doc.data_version)),
    ]
