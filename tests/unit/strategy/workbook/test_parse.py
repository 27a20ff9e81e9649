from __future__ import annotations

import datetime as dt

from tests.unit.strategy.workbook.pure import header, parse, reasons, sheets, strategy_rows
from wellboard.strategy.workbook import format as fmt
from wellboard.strategy.workbook.format import Rules


def test_rows_keep_their_spreadsheet_numbers_and_only_the_columns_given() -> None:
    parsed, report = parse(
        sheets(
            Actions=[
                ["Ref", "Node ref", "Title", "Lead organisation", "Due date"],
                ["A1", "1.1", "Walk", "Test Council", "31/03/2027"],
                [None, None, None, None, None],
                ["A2", 1.1, "Run", "test-charity", dt.date(2027, 1, 1)],
            ]
        )
    )
    assert report.ok, reasons(report)
    assert parsed.actions is not None
    first, second = parsed.actions
    assert (first.row, first.key, first.fields["due_date"]) == (2, "A1", dt.date(2027, 3, 31))
    assert (second.row, second.fields["node_ref"]) == (4, "1.1")  # a number typed as 1.1
    assert not first.has("description")  # absent column: left alone on import
    assert not first.has("status")


def test_empty_cells_clear_text_and_dates_but_leave_choices_alone() -> None:
    columns = header(fmt.ACTIONS_SHEET)
    row = ["A1", "1.1", "Walk", "", "", "Test Council", "", None, None, "", ""]
    parsed, report = parse(sheets(Actions=[columns, row]))
    assert report.ok, reasons(report)
    assert parsed.actions is not None
    fields = parsed.actions[0].fields
    assert fields["description"] == ""
    assert fields["supporting"] == []
    assert fields["start_date"] is None
    assert "status" not in fields
    assert "rag" not in fields


def test_strategy_sheet_fields_by_name_in_any_case() -> None:
    book = sheets()
    book[fmt.STRATEGY] = [["field", "VALUE"], ["slug", "plan"], ["LEVEL NAMES", "Pillar; Recommendation"]]
    parsed, report = parse(book)
    assert report.ok, reasons(report)
    assert parsed.strategy is not None
    assert parsed.strategy.fields == {"slug": "plan", "level_names": ["Pillar", "Recommendation"]}
    assert parsed.strategy.row_of("level_names") == 3


def test_strategy_sheet_problems() -> None:
    book = sheets()
    book[fmt.STRATEGY] = [
        ["Field", "Value"],
        ["Titel", "Typo"],
        ["Start date", "soon"],
        ["Status", "Finished"],
        ["Status", "Live"],
    ]
    _, report = parse(book)
    assert reasons(report) == [
        "sheet 'Strategy', row 2, column 'Field': 'Titel' is not a strategy field; use one of: Slug, Title, "
        "Vision, Summary, Start date, End date, Status, Level names",
        "sheet 'Strategy', row 3, column 'Value': Start date: 'soon' is not a date: write it like 31/03/2025 "
        "or 2025-03-31",
        "sheet 'Strategy', row 4, column 'Value': Status: 'Finished' is not one of: Draft, Live, Archived",
        "sheet 'Strategy', row 5, column 'Field': 'Status' is already on row 4",
    ]


def test_a_strategy_sheet_without_a_slug_is_refused() -> None:
    book = sheets()
    book[fmt.STRATEGY] = strategy_rows(Slug=...)
    _, report = parse(book)
    assert reasons(report) == [
        "sheet 'Strategy': Enter the strategy's slug: a row with 'Slug' in column A and the slug in column B"
    ]


def test_missing_sheets_and_columns() -> None:
    book = sheets(Actions=[["Ref", "Title"], ["A1", "Walk"]])
    del book[fmt.TREE]
    parsed, report = parse(book)
    assert reasons(report) == [
        "sheet 'Tree': The workbook has no 'Tree' sheet",
        "sheet 'Actions', row 1, column 'Node ref': This required column is missing",
        "sheet 'Actions', row 1, column 'Lead organisation': This required column is missing",
    ]
    assert parsed.milestones is None
    assert any("no 'Milestones' sheet" in note for note in report.notes)


def test_unknown_sheets_are_noted_not_refused() -> None:
    _, report = parse(sheets(Notes=[["anything"]]))
    assert report.ok
    assert "The sheet 'Notes' is not part of a strategy workbook and was ignored." in report.notes


def test_wrong_types_and_empty_required_cells_name_the_cell() -> None:
    columns = header(fmt.ACTIONS_SHEET)
    bad = ["A1", "1.1", None, "", "", "Test Council", "", "tomorrow", None, "Started", "Purple"]
    _, report = parse(sheets(Actions=[columns, bad]))
    assert reasons(report) == [
        "sheet 'Actions', row 2, column 'Title': Enter the title",
        "sheet 'Actions', row 2, column 'Start date': 'tomorrow' is not a date: write it like 31/03/2025 or "
        "2025-03-31",
        "sheet 'Actions', row 2, column 'Status': 'Started' is not one of: Not started, In progress, "
        "Completed, "
        "On hold, Cancelled",
        "sheet 'Actions', row 2, column 'RAG': 'Purple' is not one of: Red, Amber, Green, Complete, "
        "Not rated",
    ]


def test_duplicate_keys_are_refused() -> None:
    book = sheets()
    book[fmt.TREE].append(["1", None, None, "Again", None, None])
    book[fmt.ORGANISATIONS] = [
        header(fmt.ORGANISATIONS_SHEET),
        ["Mind", None, "Voluntary, community or faith"],
        ["mind", None, "NHS"],
    ]
    parsed, report = parse(book)
    assert reasons(report) == [
        "sheet 'Tree', row 4: '1' is already on row 2; each row needs its own",
        "sheet 'Organisations', row 3: 'mind' is already on row 2; each row needs its own",
    ]
    assert parsed.nodes is not None
    assert len(parsed.nodes) == 2


def test_formulas_are_refused_cell_by_cell() -> None:
    book = sheets()
    book[fmt.TREE].append(["2", None, None, '=HYPERLINK("http://evil","click")', None, None])
    _, report = parse(book)
    assert reasons(report) == [
        "sheet 'Tree', row 4, column 'Title': The cell holds a formula; type the value instead"
    ]


def test_sheets_over_the_row_limit_are_refused() -> None:
    book = sheets()
    book[fmt.TREE].extend([[f"9.{n}", None, None, "Row", None, None] for n in range(5)])
    _, report = parse(book, Rules(max_rows={fmt.TREE: 3}))
    assert "sheet 'Tree': The sheet has more than 3 rows; it was refused" in reasons(report)


def test_formula_safe_text_reads_back_as_typed() -> None:
    book = sheets()
    book[fmt.TREE].append(["2", None, None, "'=1+1", "'-dash", None])
    parsed, report = parse(book)
    assert report.ok
    assert parsed.nodes is not None
    assert parsed.nodes[-1].fields["title"] == "=1+1"
    assert parsed.nodes[-1].fields["description"] == "-dash"
