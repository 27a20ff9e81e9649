"""Reading a strategy workbook into plain rows, cell by cell, without touching the database.

Every problem becomes a rejection in the ``ImportReport`` with its sheet, row and column; parsing
carries on so that one pass reports everything wrong with the file.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from openpyxl.workbook.workbook import Workbook

from wellboard.core.importing import ImportReport
from wellboard.core.spreadsheets import SheetReader
from wellboard.strategy.workbook import cells
from wellboard.strategy.workbook.format import (
    ACTIONS_SHEET,
    CHOICE,
    DATE,
    FIELD,
    INITIATIVES_SHEET,
    LIST,
    MILESTONES_SHEET,
    ORGANISATIONS_SHEET,
    REF,
    SHEETS,
    STRATEGY_FIELDS,
    STRATEGY_SHEET,
    TREE_SHEET,
    UPDATES_SHEET,
    VALUE,
    VERSIONS_SHEET,
    YES_NO,
    Column,
    Rules,
    Sheet,
)


@dataclass(frozen=True)
class RowInput:
    """One row as typed: ``fields`` holds only what the sheet gives, by model field name.

    A column the sheet lacks is absent from ``fields`` (so import leaves that field alone); an
    empty cell in a choice column is absent too, while an empty text or date cell is present as
    "" or None (so it clears the field).
    """

    sheet: str
    row: int
    key: str
    fields: dict[str, Any]

    def has(self, name: str) -> bool:
        return name in self.fields

    def get(self, name: str, default: Any = None) -> Any:
        return self.fields.get(name, default)


@dataclass
class StrategyInput:
    fields: dict[str, Any] = field(default_factory=dict)
    rows: dict[str, int] = field(default_factory=dict)  # field name -> row number

    @property
    def slug(self) -> str:
        return str(self.fields.get("slug") or "")

    def row_of(self, name: str) -> int | None:
        return self.rows.get(name)


@dataclass
class ExportedVersions:
    """The hidden Versions sheet: what each record's version was when the workbook was exported."""

    by_id: dict[tuple[str, int], int] = field(default_factory=dict)  # (record kind, id) -> version
    # (record kind, key in lower case) -> how many records had that key (milestones may share one)
    keys: dict[tuple[str, str], int] = field(default_factory=dict)


@dataclass
class ParsedWorkbook:
    """What the workbook says. ``None`` for a sheet the workbook does not have."""

    strategy: StrategyInput | None = None
    nodes: list[RowInput] | None = None
    actions: list[RowInput] | None = None
    milestones: list[RowInput] | None = None
    initiatives: list[RowInput] | None = None
    organisations: list[RowInput] | None = None
    updates: list[RowInput] | None = None
    # Keys of rows that were rejected, by sheet, so that references to them are not reported a
    # second time as unknown. Organisation names are kept in lower case; refs and slugs as typed.
    broken: dict[str, set[str]] = field(default_factory=dict)

    # Sheets whose header could not be read: references to their rows are not checked either.
    unreadable: set[str] = field(default_factory=set)
    # None when the workbook has no Versions sheet (exported before it existed, or built by hand).
    versions: ExportedVersions | None = None

    def is_broken(self, sheet: str, key: str) -> bool:
        if sheet in self.unreadable:
            return True
        keys = self.broken.get(sheet, set())
        return key in keys or key.lower() in keys


def _lower_first(name: str) -> str:
    return name[0].lower() + name[1:] if len(name) > 1 and name[1].islower() else name


def _missing_message(column: Column) -> str:
    return f"Enter the {_lower_first(column.name)}"


def _parse_cell(column: Column, value: Any) -> tuple[bool, Any]:
    """(given, value); ``given`` is False when an empty cell means 'leave it as it is'."""
    if column.kind == DATE:
        return True, cells.date(value)
    if column.kind == CHOICE:
        if column.choices is None:
            raise TypeError(f"The column {column.name} is a choice but offers none")
        chosen = cells.choice(value, column.choices)
        return chosen is not None, chosen
    if column.kind == YES_NO:
        answer = cells.yes_no(value)
        return answer is not None, answer
    if column.kind == LIST:
        return True, cells.items(value)
    if column.kind == REF and column.field == "slug":
        return True, cells.slug(value, max_length=column.max_length or 80)
    return True, cells.text(value, max_length=column.max_length)


def _find_sheet(workbook: Workbook, name: str) -> Any | None:
    for title in workbook.sheetnames:
        if title.strip().lower() == name.lower():
            return workbook[title]
    return None


def _reader_problems(reader: SheetReader, report: ImportReport) -> None:
    for row, column, reason in reader.problems:
        report.reject(reason[0].upper() + reason[1:], sheet=reader.name, row=row, column=column)


def _read_rows(
    workbook: Workbook,
    sheet: Sheet,
    *,
    report: ImportReport,
    rules: Rules,
    key_of: Callable[[RowInput], str],
    broken: set[str],
    unreadable: set[str],
    fold: bool,
) -> list[RowInput] | None:
    worksheet = _find_sheet(workbook, sheet.name)
    if worksheet is None:
        if sheet.required:
            report.reject(f"The workbook has no '{sheet.name}' sheet", sheet=sheet.name)
            unreadable.add(sheet.name)
        else:
            report.notes.append(
                f"The workbook has no '{sheet.name}' sheet, so those records are left as they are."
            )
        return None
    reader = SheetReader(
        worksheet,
        required=sheet.required_columns,
        optional=sheet.optional_columns,
        max_rows=rules.max_rows.get(sheet.name, sheet.max_rows),
    )
    rows: list[RowInput] = []
    first_row_of: dict[str, int] = {}
    by_name = {c.name: c for c in sheet.columns}
    for raw in reader:
        report.rows_read += 1
        values: dict[str, Any] = {}
        ok = True
        for name, value in raw.values.items():
            column = by_name[name]
            if not column.field:
                continue  # shown for reading only
            if column.must_fill and value is None:
                report.reject(_missing_message(column), sheet=reader.name, row=raw.number, column=name)
                ok = False
                continue
            try:
                given, parsed = _parse_cell(column, value)
            except cells.CellError as exc:
                report.reject(exc.message, sheet=reader.name, row=raw.number, column=name)
                ok = False
                continue
            if given:
                values[column.field] = parsed
        row = RowInput(sheet=reader.name, row=raw.number, key="", fields=values)
        key = key_of(row)
        seen_as = key.lower() if fold else key
        if not ok:
            broken.add(seen_as)
            continue
        earlier = first_row_of.get(seen_as)
        if earlier is not None:
            report.reject(
                f"'{key}' is already on row {earlier}; each row needs its own",
                sheet=reader.name,
                row=raw.number,
            )
            continue
        if key:
            first_row_of[seen_as] = raw.number
        rows.append(RowInput(sheet=reader.name, row=raw.number, key=key, fields=values))
    _reader_problems(reader, report)
    if any(row in (None, 1) for row, _, _ in reader.problems):
        unreadable.add(sheet.name)
    return rows


def _read_strategy(workbook: Workbook, *, report: ImportReport, rules: Rules) -> StrategyInput | None:
    worksheet = _find_sheet(workbook, STRATEGY_SHEET.name)
    if worksheet is None:
        report.reject(f"The workbook has no '{STRATEGY_SHEET.name}' sheet", sheet=STRATEGY_SHEET.name)
        return None
    reader = SheetReader(
        worksheet,
        required=[FIELD, VALUE],
        max_rows=rules.max_rows.get(STRATEGY_SHEET.name, STRATEGY_SHEET.max_rows),
    )
    known = {c.name.lower(): c for c in STRATEGY_FIELDS}
    result = StrategyInput()
    for raw in reader:
        report.rows_read += 1
        try:
            name = cells.text(raw.values.get(FIELD))
        except cells.CellError as exc:
            report.reject(exc.message, sheet=reader.name, row=raw.number, column=FIELD)
            continue
        column = known.get(name.lower())
        if column is None:
            report.reject(
                f"'{name}' is not a strategy field; use one of: {', '.join(c.name for c in STRATEGY_FIELDS)}"
                if name
                else "Enter the field's name in column A",
                sheet=reader.name,
                row=raw.number,
                column=FIELD,
            )
            continue
        if column.field in result.rows:
            report.reject(
                f"'{column.name}' is already on row {result.rows[column.field]}",
                sheet=reader.name,
                row=raw.number,
                column=FIELD,
            )
            continue
        result.rows[column.field] = raw.number
        try:
            given, value = _parse_cell(column, raw.values.get(VALUE))
        except cells.CellError as exc:
            report.reject(f"{column.name}: {exc.message}", sheet=reader.name, row=raw.number, column=VALUE)
            continue
        if given:
            result.fields[column.field] = value
    _reader_problems(reader, report)
    if not result.slug and not any(r.sheet == reader.name for r in report.rejections):
        report.reject(
            f"Enter the strategy's slug: a row with '{STRATEGY_FIELDS[0].name}' in column A "
            "and the slug in column B",
            sheet=reader.name,
        )
    return result


VERSIONS_CHANGED = (
    "The hidden Versions sheet has been changed, so import cannot tell what changed in Wellboard since "
    "this workbook was exported: export a fresh workbook and make your changes in it"
)


def _read_versions(workbook: Workbook, *, report: ImportReport) -> ExportedVersions | None:
    worksheet = _find_sheet(workbook, VERSIONS_SHEET.name)
    if worksheet is None:
        return None
    reader = SheetReader(
        worksheet, required=VERSIONS_SHEET.required_columns, max_rows=VERSIONS_SHEET.max_rows
    )
    versions = ExportedVersions()
    for raw in reader:
        kind, key, pk, version = (raw.values.get(c.name) for c in VERSIONS_SHEET.columns)
        if not (
            isinstance(kind, str) and isinstance(pk, int) and isinstance(version, int) and key is not None
        ):
            report.reject(VERSIONS_CHANGED, sheet=reader.name, row=raw.number)
            continue
        versions.by_id[kind, pk] = version
        fold = (kind, str(key).strip().lower())
        versions.keys[fold] = versions.keys.get(fold, 0) + 1
    if reader.problems:
        report.reject(VERSIONS_CHANGED, sheet=reader.name)
    return versions


def workbook_parse(workbook: Workbook, *, report: ImportReport, rules: Rules | None = None) -> ParsedWorkbook:
    """Read every imported sheet; problems go to ``report``. Sheets the format does not know are noted."""
    rules = rules or Rules()
    known = {s.name.lower() for s in SHEETS}
    for title in workbook.sheetnames:
        if title.strip().lower() not in known:
            report.notes.append(f"The sheet '{title}' is not part of a strategy workbook and was ignored.")
    parsed = ParsedWorkbook(strategy=_read_strategy(workbook, report=report, rules=rules))

    def ref(row: RowInput) -> str:
        return str(row.get("ref", ""))

    def slug(row: RowInput) -> str:
        return str(row.get("slug", ""))

    def unkeyed(row: RowInput) -> str:
        # Milestones may share a title, and a period may have several updates: ``plan`` pairs the
        # rows with the database itself.
        return ""

    def organisation(row: RowInput) -> str:
        return str(row.get("slug") or row.get("name", ""))

    def read(sheet: Sheet, key_of: Callable[[RowInput], str], *, fold: bool = False) -> list[RowInput] | None:
        broken = parsed.broken.setdefault(sheet.name, set())
        return _read_rows(
            workbook,
            sheet,
            report=report,
            rules=rules,
            key_of=key_of,
            broken=broken,
            unreadable=parsed.unreadable,
            fold=fold,
        )

    parsed.nodes = read(TREE_SHEET, ref)
    parsed.actions = read(ACTIONS_SHEET, ref)
    parsed.milestones = read(MILESTONES_SHEET, unkeyed)
    parsed.initiatives = read(INITIATIVES_SHEET, slug)
    parsed.organisations = read(ORGANISATIONS_SHEET, organisation, fold=True)
    parsed.updates = read(UPDATES_SHEET, unkeyed)
    parsed.versions = _read_versions(workbook, report=report)
    return parsed
