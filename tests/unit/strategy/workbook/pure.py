"""Building workbooks from plain rows and planning them against a made-up database, without one."""

from __future__ import annotations

import datetime as dt
from typing import Any

from tests.unit.strategy.workbook.builders import workbook_bytes
from wellboard.core.importing import ImportReport
from wellboard.core.spreadsheets import open_xlsx
from wellboard.strategy.workbook import format as fmt
from wellboard.strategy.workbook.format import Rules
from wellboard.strategy.workbook.parse import ParsedWorkbook, workbook_parse
from wellboard.strategy.workbook.plan import Plan, workbook_plan
from wellboard.strategy.workbook.state import CurrentState, OrganisationState

TODAY = dt.date(2026, 11, 23)
COUNCIL = OrganisationState(pk=1, slug="test-council", name="Test Council", kind="local_authority")
CHARITY = OrganisationState(pk=2, slug="test-charity", name="Test Charity", kind="vcfs")


def header(spec: fmt.Sheet) -> list[str]:
    return [c.name for c in spec.columns]


def strategy_rows(**overrides: Any) -> list[list[Any]]:
    values: dict[str, Any] = {
        "Slug": "plan",
        "Title": "The plan",
        "Start date": dt.date(2025, 4, 1),
        "End date": dt.date(2030, 3, 31),
        "Level names": "Theme; Priority",
    }
    values.update(overrides)
    return [["Field", "Value"], *([k, v] for k, v in values.items() if v is not ...)]


def sheets(**given: list[list[Any]]) -> dict[str, list[list[Any]]]:
    """A workbook: the Strategy sheet, a two-row tree, plus whatever is given (by sheet name)."""
    result: dict[str, list[list[Any]]] = {
        fmt.STRATEGY: strategy_rows(),
        fmt.TREE: [
            header(fmt.TREE_SHEET),
            ["1", None, "Theme", "People", None, None],
            ["1.1", "1", None, "Move", None, None],
        ],
    }
    result.update(given)
    return {k: v for k, v in result.items() if v}


def parse(
    book: dict[str, list[list[Any]]], rules: Rules | None = None
) -> tuple[ParsedWorkbook, ImportReport]:
    report = ImportReport()
    workbook = open_xlsx(workbook_bytes(book))
    return workbook_parse(workbook, report=report, rules=rules), report


def plan(book: dict[str, list[list[Any]]], state: CurrentState | None = None) -> tuple[Plan, ImportReport]:
    parsed, report = parse(book)
    state = state or CurrentState(organisations=[COUNCIL, CHARITY])
    return workbook_plan(parsed, state, report, today=TODAY), report


def reasons(report: ImportReport) -> list[str]:
    return [str(r) for r in report.rejections]
