"""A workbook never undoes a change made in Wellboard after it was exported: the versions it was
exported with are kept on its hidden Versions sheet and checked on import."""

from __future__ import annotations

import datetime as dt
import io
from typing import Any

import openpyxl
import pytest

from tests.unit.strategy.workbook.builders import Built, rows_of, snapshot
from wellboard.core.rag import Rag
from wellboard.partners.models import Membership, Organisation
from wellboard.partners.services import membership_update
from wellboard.strategy.models import Action, Milestone, Node
from wellboard.strategy.services import (
    action_create,
    action_delete,
    action_update,
    milestone_create,
    milestone_delete,
    strategy_update,
)
from wellboard.strategy.workbook import format as fmt
from wellboard.strategy.workbook import strategy_workbook_bytes, strategy_workbook_import
from wellboard.strategy.workbook.versions import NO_VERSIONS

pytestmark = pytest.mark.django_db


def edit(data: bytes, change: Any) -> bytes:
    workbook = openpyxl.load_workbook(io.BytesIO(data))
    change(workbook)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def row_with(sheet: Any, column: int, value: str) -> int:
    for row in range(2, sheet.max_row + 1):
        if sheet.cell(row=row, column=column).value == value:
            return row
    raise AssertionError(f"no row with {value}")


def set_cell(sheet_name: str, key: str, column_name: str, value: Any) -> Any:
    def change(workbook: Any) -> None:
        sheet = workbook[sheet_name]
        spec = next(s for s in fmt.SHEETS if s.name == sheet_name)
        column = [c.name for c in spec.columns].index(column_name) + 1
        sheet.cell(row=row_with(sheet, 1, key), column=column, value=value)

    return change


def export(built: Built) -> bytes:
    return strategy_workbook_bytes(actor=built.actor, strategy=built.strategy)


def someone_rates(built: Built, ref: str, rag: str) -> None:
    action = Action.objects.get(strategy=built.strategy, ref=ref)
    action_update(by=built.actor, action=action, expected_version=action.version, rag=rag)


def messages(report: Any) -> list[str]:
    return [str(r) for r in report.rejections]


def test_the_export_records_every_record_version_on_a_very_hidden_sheet(built: Built) -> None:
    data = export(built)
    workbook = openpyxl.load_workbook(io.BytesIO(data))
    assert workbook[fmt.VERSIONS].sheet_state == "veryHidden"
    rows = list(rows_of(data, fmt.VERSIONS))
    assert rows[0] == ["Record", "Key", "Id", "Version"]
    records = {(r[0], r[1]) for r in rows[1:]}
    assert {("strategy", "healthy-town"), ("tree item", "1.1"), ("action", "A1")} <= records
    assert {
        ("milestone", "A1: Review"),
        ("initiative", "so-active"),
        ("organisation", "test-council"),
    } <= records
    assert ("board seat", "town-nhs-trust") in records
    a1 = Action.objects.get(strategy=built.strategy, ref="A1")
    assert ["action", "A1", a1.pk, a1.version] in rows


def test_an_old_workbook_cannot_undo_an_edit_made_since_and_nothing_changes(built: Built) -> None:
    old = export(built)
    someone_rates(built, "A1", Rag.RED)  # the workbook still says Green
    before = snapshot()
    report = strategy_workbook_import(by=built.actor, data=old, dry_run=False)
    assert not report.ok
    assert not report.applied
    assert snapshot() == before
    (problem,) = report.rejections
    assert (problem.sheet, problem.row) == (fmt.ACTIONS, 2)
    assert "Action 'A1' was changed in Wellboard after this workbook was exported" in problem.reason
    assert "RAG from 'green' to 'red'" in problem.reason
    assert "Export a fresh workbook" in problem.reason
    assert Action.objects.get(strategy=built.strategy, ref="A1").rag == Rag.RED


def test_an_edit_in_the_workbook_beside_an_edit_made_since_is_refused_too(built: Built) -> None:
    old = edit(export(built), set_cell(fmt.ACTIONS, "A1", fmt.TITLE, "Pop-up play everywhere"))
    someone_rates(built, "A1", Rag.RED)
    report = strategy_workbook_import(by=built.actor, data=old, dry_run=True)
    assert [r.row for r in report.rejections] == [2]
    assert Action.objects.get(strategy=built.strategy, ref="A1").title == "Pop-up play in parks"


def test_the_conflict_is_found_whatever_order_the_rows_were_sorted_into(built: Built) -> None:
    def sort_descending(workbook: Any) -> None:
        sheet = workbook[fmt.ACTIONS]
        rows = [[c.value for c in row] for row in sheet.iter_rows(min_row=2)]
        for index, values in enumerate(sorted(rows, key=lambda r: r[0], reverse=True), start=2):
            for column, value in enumerate(values, start=1):
                sheet.cell(row=index, column=column, value=value)

    old = edit(export(built), sort_descending)
    someone_rates(built, "A1", Rag.RED)
    report = strategy_workbook_import(by=built.actor, data=old, dry_run=True)
    conflicts = [r for r in report.rejections if "after this workbook was exported" in r.reason]
    assert [(r.sheet, r.row) for r in conflicts] == [(fmt.ACTIONS, 4)]  # A3, A2, A1


def test_new_rows_are_created_as_before(built: Built) -> None:
    def add(workbook: Any) -> None:
        workbook[fmt.ACTIONS].append(["A9", "2.1", "Street lights", None, None, "Test Council"])

    report = strategy_workbook_import(by=built.actor, data=edit(export(built), add), dry_run=False)
    assert report.ok, messages(report)
    assert Action.objects.filter(strategy=built.strategy, ref="A9").exists()


def test_a_row_whose_ref_someone_created_since_is_refused(built: Built) -> None:
    def add(workbook: Any) -> None:
        workbook[fmt.ACTIONS].append(["A9", "2.1", "Street lights", None, None, "Test Council"])

    mine = edit(export(built), add)
    action_create(
        by=built.actor,
        node=built.nodes["2.1"],
        ref="A9",
        title="Their street lights",
        lead_organisation=Organisation.objects.get(slug="test-charity"),
    )
    report = strategy_workbook_import(by=built.actor, data=mine, dry_run=False)
    assert not report.ok
    assert "Action 'A9' was added in Wellboard after this workbook was exported" in messages(report)[0]
    assert Action.objects.get(strategy=built.strategy, ref="A9").title == "Their street lights"


def test_a_record_deleted_since_is_not_brought_back(built: Built) -> None:
    old = export(built)
    action_delete(by=built.actor, action=Action.objects.get(strategy=built.strategy, ref="A2"))
    report = strategy_workbook_import(by=built.actor, data=old, dry_run=False)
    assert not report.ok
    (problem,) = report.rejections
    assert (problem.sheet, problem.row) == (fmt.ACTIONS, 3)
    assert "has since been deleted" in problem.reason
    assert not Action.objects.filter(strategy=built.strategy, ref="A2").exists()


def test_another_milestone_with_a_shared_title_is_still_a_new_milestone(built: Built) -> None:
    def add(workbook: Any) -> None:
        workbook[fmt.MILESTONES].append(["A1", "Review", dt.date(2027, 3, 31), None])

    report = strategy_workbook_import(by=built.actor, data=edit(export(built), add), dry_run=False)
    assert report.ok, messages(report)
    assert Milestone.objects.filter(action__ref="A1", title="Review").count() == 3


def test_a_deleted_milestone_sharing_a_title_is_not_brought_back(built: Built) -> None:
    old = export(built)
    milestone_create(
        by=built.actor, action=built.actions["A3"], title="Clinic review", due_date=dt.date(2026, 1, 1)
    )
    first_review = Milestone.objects.filter(action__ref="A1", title="Review").order_by("due_date").first()
    assert first_review is not None
    milestone_delete(by=built.actor, milestone=first_review)
    report = strategy_workbook_import(by=built.actor, data=old, dry_run=True)
    assert [r.sheet for r in report.rejections] == [fmt.MILESTONES]
    assert "has since been deleted" in report.rejections[0].reason


def test_a_change_since_that_the_workbook_already_holds_is_no_conflict(built: Built) -> None:
    """Importing a file, then importing it again after more edits: its own changes are not undone."""
    first = edit(export(built), set_cell(fmt.ACTIONS, "A1", fmt.RAG, "Red"))
    assert strategy_workbook_import(by=built.actor, data=first, dry_run=False).applied
    second = edit(first, set_cell(fmt.ACTIONS, "A1", fmt.TITLE, "Pop-up play everywhere"))
    report = strategy_workbook_import(by=built.actor, data=second, dry_run=False)
    assert report.ok, messages(report)
    action = Action.objects.get(strategy=built.strategy, ref="A1")
    assert (action.rag, action.title) == (Rag.RED, "Pop-up play everywhere")


def test_a_missing_column_writes_nothing_so_a_change_since_in_it_is_kept(built: Built) -> None:
    def drop_rag(workbook: Any) -> None:
        sheet = workbook[fmt.ACTIONS]
        sheet.delete_cols([c.name for c in fmt.ACTIONS_SHEET.columns].index(fmt.RAG) + 1)
        sheet.cell(row=row_with(sheet, 1, "A1"), column=3, value="Pop-up play everywhere")

    mine = edit(export(built), drop_rag)
    someone_rates(built, "A1", Rag.RED)
    report = strategy_workbook_import(by=built.actor, data=mine, dry_run=False)
    assert report.ok, messages(report)
    action = Action.objects.get(strategy=built.strategy, ref="A1")
    assert (action.rag, action.title) == (Rag.RED, "Pop-up play everywhere")


def test_the_strategy_sheet_points_at_the_field_in_question(built: Built) -> None:
    old = export(built)
    strategy_update(
        by=built.actor, strategy=built.strategy, expected_version=built.strategy.version, title="Renamed"
    )
    report = strategy_workbook_import(by=built.actor, data=old, dry_run=True)
    (problem,) = report.rejections
    assert (problem.sheet, problem.row) == (fmt.STRATEGY, 3)
    assert "Strategy 'healthy-town' was changed" in problem.reason
    assert "title from 'Healthy Town' to 'Renamed'" in problem.reason


def test_a_board_seat_changed_since_is_a_conflict(built: Built) -> None:
    old = export(built)
    membership = Membership.objects.get(organisation__slug="town-nhs-trust")
    membership_update(
        by=built.actor,
        organisation=membership.organisation,
        expected_version=membership.version,
        board_seat=True,
        seat_title="Acute care",
        joined_on=membership.joined_on,
        left_on=membership.left_on,
    )
    report = strategy_workbook_import(by=built.actor, data=old, dry_run=True)
    (problem,) = report.rejections
    assert problem.sheet == fmt.ORGANISATIONS
    assert "Board seat of organisation 'town-nhs-trust' was changed" in problem.reason


def without_versions(data: bytes) -> bytes:
    return edit(data, lambda workbook: workbook.remove(workbook[fmt.VERSIONS]))


def test_a_workbook_without_versions_that_would_update_is_refused(built: Built) -> None:
    old = without_versions(edit(export(built), set_cell(fmt.TREE, "1.1", fmt.TITLE, "Move more")))
    mine = without_versions(edit(export(built), set_cell(fmt.TREE, "1.1", fmt.TITLE, "Move more daily")))
    before = snapshot()
    report = strategy_workbook_import(by=built.actor, data=mine, dry_run=False)
    assert messages(report) == [f"sheet '{fmt.VERSIONS}': {NO_VERSIONS}"]
    assert snapshot() == before
    # Unchanged rows and new rows do not need versions: nothing of Wellboard's could be undone.
    assert strategy_workbook_import(by=built.actor, data=old, dry_run=True).ok


def test_ignoring_versions_applies_the_workbook_over_what_changed_since(built: Built) -> None:
    old = without_versions(export(built))
    someone_rates(built, "A1", Rag.RED)
    report = strategy_workbook_import(by=built.actor, data=old, dry_run=False, ignore_versions=True)
    assert report.applied
    assert Action.objects.get(strategy=built.strategy, ref="A1").rag == Rag.GREEN


def test_a_changed_versions_sheet_is_refused(built: Built) -> None:
    def tamper(workbook: Any) -> None:
        workbook[fmt.VERSIONS].cell(row=3, column=4, value="latest")

    report = strategy_workbook_import(by=built.actor, data=edit(export(built), tamper), dry_run=True)
    assert not report.ok
    assert "The hidden Versions sheet has been changed" in messages(report)[0]
    assert Node.objects.filter(strategy=built.strategy).count() == 5
