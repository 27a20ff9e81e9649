"""Reading the standard Fingertips CSV export: 26 columns, one figure per row.

The export's headers and the "Indicator Name" cells can hold line breaks and odd spacing, so the
file is read as CSV records (never line by line, through the import pipeline's one CSV reader and
its limits) and headers are matched with their whitespace normalised and case ignored. Nothing here
touches the database.
"""

from __future__ import annotations

from dataclasses import dataclass

from wellboard.core.importing import CsvFile, ImportReport, Limits, UploadRejected
from wellboard.core.numbers import NOT_A_NUMBER, NotANumber, parse_float
from wellboard.core.periods import Period, PeriodError, period_parse

MAX_BYTES = 50 * 1024 * 1024
MAX_ROWS = 500_000
MAX_FIELD = 10_000

# The standard export's columns, as Fingertips names them.
COLUMNS = (
    "Indicator ID",
    "Indicator Name",
    "Parent Code",
    "Parent Name",
    "Area Code",
    "Area Name",
    "Area Type",
    "Sex",
    "Age",
    "Category Type",
    "Category",
    "Time period",
    "Value",
    "Lower CI 95.0 limit",
    "Upper CI 95.0 limit",
    "Lower CI 99.8 limit",
    "Upper CI 99.8 limit",
    "Count",
    "Denominator",
    "Value note",
    "Recent Trend",
    "Compared to England value or percentiles",
    "Compared to Region value or percentiles",
    "Time period Sortable",
    "New data",
    "Compared to goal",
)
REQUIRED = (
    "Indicator ID",
    "Indicator Name",
    "Area Code",
    "Area Name",
    "Area Type",
    "Sex",
    "Age",
    "Time period",
    "Value",
    "Lower CI 95.0 limit",
    "Upper CI 95.0 limit",
    "Count",
    "Denominator",
)
NUMBERS = {
    "Value": "value",
    "Lower CI 95.0 limit": "lower95",
    "Upper CI 95.0 limit": "upper95",
    "Lower CI 99.8 limit": "lower998",
    "Upper CI 99.8 limit": "upper998",
    "Count": "count",
    "Denominator": "denominator",
}


def tidy(text: str) -> str:
    """Whitespace (including line breaks inside cells) collapsed to single spaces."""
    return " ".join(text.split())


def _header_key(text: str) -> str:
    return tidy(text).lower()


_KNOWN = {_header_key(c): c for c in COLUMNS}


@dataclass(frozen=True)
class FingertipsRow:
    """One data row; ``number`` is the row as a spreadsheet would show it (the header is row 1)."""

    number: int
    indicator_id: str
    indicator_name: str
    parent_code: str
    area_code: str
    area_name: str
    area_type: str
    sex: str
    age: str
    category_type: str
    category: str
    period: Period
    value: float | None
    lower95: float | None
    upper95: float | None
    lower998: float | None
    upper998: float | None
    count: float | None
    denominator: float | None
    value_note: str
    recent_trend: str
    compared_to_england: str
    compared_to_region: str


class NotAFingertipsExport(ValueError):
    """The file as a whole cannot be read as a Fingertips export."""


def _limits() -> Limits:
    return Limits(max_bytes=MAX_BYTES, max_rows=MAX_ROWS, max_field=MAX_FIELD)


def _number(raw: str) -> float:
    number = parse_float(raw)
    if number is None:
        raise NotANumber(NOT_A_NUMBER)
    return number


def read_fingertips(data: bytes, report: ImportReport) -> list[FingertipsRow]:
    """Parse and check every row; problems go to ``report`` with their row and column.

    Fingertips publishes UTF-8 only, so a file in another encoding was damaged or re-saved on the
    way and is refused rather than guessed at.

    Raises:
        NotAFingertipsExport: the file is too large, not text, not CSV, or lacks the export's columns.
    """
    if not data.strip():
        raise NotAFingertipsExport("The file is empty")
    try:
        return _read(CsvFile.from_bytes(data, limits=_limits(), fallback=False, strict=True), report)
    except UploadRejected as exc:
        if exc.row is None:
            raise NotAFingertipsExport(exc.reason) from exc
        report.reject(exc.reason, row=exc.row)  # reading stopped at this row
        return []


def _read(records: CsvFile, report: ImportReport) -> list[FingertipsRow]:
    header = records.header
    positions = {_KNOWN[_header_key(h)]: i for i, h in enumerate(header) if _header_key(h) in _KNOWN}
    missing = [c for c in REQUIRED if c not in positions]
    if missing:
        raise NotAFingertipsExport(f"This is not a Fingertips export: missing columns {', '.join(missing)}")
    rows: list[FingertipsRow] = []
    for number, record in records:
        if not any(cell.strip() for cell in record):
            continue
        report.rows_read += 1
        if len(record) > len(header) and any(cell.strip() for cell in record[len(header) :]):
            report.reject(f"The row has {len(record)} cells but the header only {len(header)}", row=number)
            continue
        row = _row(number, record, positions, report)
        if row is not None:
            rows.append(row)
    if not report.rows_read:
        raise NotAFingertipsExport("The file has a header but no rows of data")
    return rows


def _row(
    number: int, record: list[str], positions: dict[str, int], report: ImportReport
) -> FingertipsRow | None:
    def cell(column: str) -> str:
        index = positions.get(column)
        # Fingertips leaves trailing empty cells off some rows (25 cells under a 26-column header).
        return tidy(record[index]) if index is not None and index < len(record) else ""

    problems = 0
    numbers: dict[str, float | None] = {}
    for column, name in NUMBERS.items():
        raw = cell(column)
        if not raw:
            numbers[name] = None
            continue
        try:
            numbers[name] = _number(raw)
        except NotANumber as exc:
            report.reject(f"'{raw[:40]}' {exc.reason}", row=number, column=column)
            problems += 1
    for name in ("count", "denominator"):
        if (numbers.get(name) or 0) < 0:
            report.reject("This cannot be negative", row=number, column=name.capitalize())
            problems += 1
    for column in ("Indicator ID", "Area Code", "Area Type", "Time period"):
        if not cell(column):
            report.reject("This cell is empty", row=number, column=column)
            problems += 1
    period: Period | None = None
    if cell("Time period"):
        try:
            period = period_parse(cell("Time period"))
        except PeriodError as exc:
            report.reject(str(exc), row=number, column="Time period")
            problems += 1
    if problems or period is None:
        return None
    return FingertipsRow(
        number=number,
        indicator_id=cell("Indicator ID"),
        indicator_name=cell("Indicator Name"),
        parent_code=cell("Parent Code"),
        area_code=cell("Area Code").upper(),
        area_name=cell("Area Name"),
        area_type=cell("Area Type"),
        sex=cell("Sex") or "Persons",
        age=cell("Age") or "All ages",
        category_type=cell("Category Type"),
        category=cell("Category"),
        period=period,
        value_note=cell("Value note"),
        recent_trend=cell("Recent Trend"),
        compared_to_england=cell("Compared to England value or percentiles"),
        compared_to_region=cell("Compared to Region value or percentiles"),
        **numbers,
    )
