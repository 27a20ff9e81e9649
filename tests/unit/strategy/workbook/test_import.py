"""Importing workbooks into the database: what changes, what does not, and what is never touched."""

from __future__ import annotations

import datetime as dt
import io
from typing import Any

import openpyxl
import pytest

from tests.factories import make_person
from tests.unit.strategy.workbook.builders import Built, cells_of, snapshot
from wellboard.core.access import Actor, Role
from wellboard.core.errors import InvalidInput, PermissionDenied
from wellboard.core.models import AuditEvent
from wellboard.partners.models import Organisation, Partnership
from wellboard.partners.selectors import actor_for
from wellboard.strategy.models import Action, Initiative, Milestone, Node, ProgressUpdate, Strategy
from wellboard.strategy.workbook import format as fmt
from wellboard.strategy.workbook import strategy_workbook_bytes, strategy_workbook_import
from wellboard.strategy.workbook.plan import workbook_plan

pytestmark = pytest.mark.django_db


def edit(data: bytes, change: Any) -> bytes:
    """Open an exported workbook, let ``change`` alter it, and save it again."""
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


def test_import_twice_is_unchanged_the_second_time(built: Built) -> None:
    data = strategy_workbook_bytes(actor=built.actor, strategy=built.strategy)

    def retitle(workbook: Any) -> None:
        tree = workbook[fmt.TREE]
        tree.cell(row=row_with(tree, 1, "1.1"), column=4, value="Move more every day")

    changed = edit(data, retitle)
    first = strategy_workbook_import(by=built.actor, data=changed, dry_run=False)
    assert first.ok
    assert first.applied
    assert [(c.kind, c.key, c.fields) for c in first.changes if c.outcome != "unchanged"] == [
        ("tree item", "1.1", ("title",))
    ]
    assert Node.objects.get(strategy=built.strategy, ref="1.1").title == "Move more every day"
    audit_rows = AuditEvent.objects.count()
    again = strategy_workbook_import(by=built.actor, data=changed, dry_run=False)
    assert again.ok
    assert not again.applied
    assert not again.changes_anything
    assert AuditEvent.objects.count() == audit_rows
    assert again.summary_lines()[0] == "Nothing was changed."


def test_a_dry_run_writes_nothing(built: Built) -> None:
    data = strategy_workbook_bytes(actor=built.actor, strategy=built.strategy)
    changed = edit(data, lambda wb: wb[fmt.STRATEGY].cell(row=3, column=2, value="Renamed"))
    before = snapshot()
    report = strategy_workbook_import(by=built.actor, data=changed, dry_run=True)
    assert report.ok
    assert report.changes_anything
    assert not report.applied
    assert snapshot() == before
    assert report.summary_lines()[0] == "Dry run: nothing has been changed."


def test_a_workbook_rebuilds_the_strategy_in_another_partnership(
    built: Built, other_partnership: Partnership
) -> None:
    data = strategy_workbook_bytes(actor=built.actor, strategy=built.strategy)
    elsewhere = Actor.command_line(other_partnership.pk)
    report = strategy_workbook_import(by=elsewhere, data=data, dry_run=False)
    assert report.ok, report.summary_lines()
    assert report.applied
    counts = {kind: dict(c) for kind, c in report.counts().items()}
    assert counts["strategy"] == {"create": 1}
    assert counts["tree item"] == {"create": 5}
    assert counts["action"] == {"create": 3}
    assert counts["milestone"] == {"create": 4}
    assert counts["organisation"] == {"create": 1, "unchanged": 2}  # the NHS trust is new there
    copy = Strategy.objects.get(partnership=other_partnership, slug="healthy-town")
    again = cells_of(strategy_workbook_bytes(actor=elsewhere, strategy=copy))
    original = cells_of(data)
    for sheet in original:
        # The Versions sheet names the records of each partnership by their own ids.
        if sheet not in (fmt.UPDATES, fmt.VERSIONS):
            assert again[sheet] == original[sheet], sheet
    # Updates are added again, posted by whoever imports them and when: the rest of each row is the same.
    assert [row[:5] for row in again[fmt.UPDATES]] == [row[:5] for row in original[fmt.UPDATES]]
    assert ProgressUpdate.objects.filter(action__strategy=copy).count() == 1
    assert ProgressUpdate.objects.filter(node__strategy=copy).count() == 1
    assert counts["progress update"] == {"create": 2}
    created = AuditEvent.objects.filter(partnership=other_partnership, action__endswith=".create")
    assert created.count() == 1 + 1 + 5 + 3 + 4 + 2


def test_changes_across_sheets_are_applied_together(built: Built, partnership: Partnership) -> None:
    data = strategy_workbook_bytes(actor=built.actor, strategy=built.strategy)

    def change(workbook: Any) -> None:
        tree = workbook[fmt.TREE]
        tree.append(["2.2", "2", None, "Green spaces", "New", "marmot-principles:healthy-places"])
        # Put 1.2 before 1.1.
        first, second = row_with(tree, 1, "1.1"), row_with(tree, 1, "1.2")
        for column in range(1, 7):
            a, b = tree.cell(row=first, column=column), tree.cell(row=second, column=column)
            a.value, b.value = b.value, a.value
        actions = workbook[fmt.ACTIONS]
        a2 = row_with(actions, 1, "A2")
        actions.cell(row=a2, column=2, value="2.2")  # move it under the new priority
        actions.cell(row=a2, column=11, value="red")
        actions.append(
            [
                "A4",
                "2.2",
                "Tree planting",
                None,
                None,
                "Mind",
                "Test Council",
                "01/05/2026",
                None,
                "In progress",
                "Green",
            ]
        )
        workbook[fmt.MILESTONES].append(["A4", "Plant 100 trees", dt.date(2026, 10, 1), dt.date(2026, 10, 2)])
        workbook[fmt.ORGANISATIONS].append(
            ["Mind", None, "Voluntary, community or faith", "Yes", "Mental health"]
        )
        initiatives = workbook[fmt.INITIATIVES]
        initiatives.cell(row=row_with(initiatives, 1, "so-active"), column=12, value="2.2")

    report = strategy_workbook_import(by=built.actor, data=edit(data, change), dry_run=False)
    assert report.ok, report.summary_lines()
    assert report.applied
    changed = {(c.kind, c.key): (c.outcome, c.fields) for c in report.changes if c.outcome != "unchanged"}
    assert changed == {
        ("organisation", "Mind"): ("create", ()),
        ("tree item", "1.2"): ("update", ("order",)),
        ("tree item", "1.1"): ("update", ("order",)),
        ("tree item", "2.2"): ("create", ()),
        ("action", "A2"): ("update", ("node ref", "RAG", "order")),
        ("action", "A4"): ("create", ()),
        ("milestone", "A4: Plant 100 trees"): ("create", ()),
        ("initiative", "so-active"): ("update", ("node refs",)),
    }
    mind = Organisation.objects.get(partnership=partnership, name="Mind")
    assert mind.membership.board_seat
    assert mind.membership.seat_title == "Mental health"
    nodes = {n.ref: n for n in Node.objects.filter(strategy=built.strategy)}
    assert nodes["1.2"].position < nodes["1.1"].position
    assert nodes["2.2"].depth == 1
    assert [t.slug for t in nodes["2.2"].tags.all()] == ["healthy-places"]
    a4 = Action.objects.get(strategy=built.strategy, ref="A4")
    assert (a4.lead_organisation, a4.status, a4.start_date) == (mind, "in_progress", dt.date(2026, 5, 1))
    assert Action.objects.get(strategy=built.strategy, ref="A2").node == nodes["2.2"]
    assert Milestone.objects.get(action=a4).completed_on == dt.date(2026, 10, 2)
    so_active = Initiative.objects.get(slug="so-active")
    assert {n.ref for n in so_active.nodes.all()} == {"2.2"}
    # The export of the result imports as unchanged.
    second = strategy_workbook_bytes(actor=built.actor, strategy=built.strategy)
    assert not strategy_workbook_import(by=built.actor, data=second).changes_anything


def test_an_omitted_column_is_left_alone_and_an_empty_cell_clears(built: Built) -> None:
    data = strategy_workbook_bytes(actor=built.actor, strategy=built.strategy)

    def drop_description(workbook: Any) -> None:
        workbook[fmt.TREE].delete_cols(5)
        actions = workbook[fmt.ACTIONS]
        actions.cell(row=row_with(actions, 1, "A1"), column=5).value = None  # SMART target emptied

    report = strategy_workbook_import(by=built.actor, data=edit(data, drop_description), dry_run=False)
    assert report.ok
    assert report.applied
    assert Node.objects.get(strategy=built.strategy, ref="2").description == "- parks"
    a1 = Action.objects.get(strategy=built.strategy, ref="A1")
    assert a1.smart_target == ""
    assert a1.description == "Free sessions"


def test_rows_left_out_are_not_deleted(built: Built) -> None:
    data = strategy_workbook_bytes(actor=built.actor, strategy=built.strategy)

    def remove(workbook: Any) -> None:
        actions = workbook[fmt.ACTIONS]
        actions.delete_rows(row_with(actions, 1, "A2"))
        milestones = workbook[fmt.MILESTONES]
        milestones.delete_rows(2, milestones.max_row)
        tree = workbook[fmt.TREE]
        tree.delete_rows(row_with(tree, 1, "2.1"))

    before = snapshot()
    report = strategy_workbook_import(by=built.actor, data=edit(data, remove), dry_run=False)
    assert report.ok
    assert not report.changes_anything
    assert snapshot() == before


def test_only_coordinators_import(partnership: Partnership, built: Built) -> None:
    viewer = actor_for(user=make_person(partnership, "viewer", Role.VIEWER), partnership=partnership)
    assert viewer is not None
    data = strategy_workbook_bytes(actor=built.actor, strategy=built.strategy)
    with pytest.raises(PermissionDenied):
        strategy_workbook_import(by=viewer, data=data)


def test_a_service_refusal_rolls_everything_back(built: Built, monkeypatch: pytest.MonkeyPatch) -> None:
    data = strategy_workbook_bytes(actor=built.actor, strategy=built.strategy)

    def change(workbook: Any) -> None:
        workbook[fmt.STRATEGY].cell(row=3, column=2, value="Renamed")
        workbook[fmt.ACTIONS].append(["A9", "1.1", "New", None, None, "Test Council"])

    def refuse(**kwargs: Any) -> None:
        raise InvalidInput({"title": ["Refused for the test"]})

    monkeypatch.setattr("wellboard.strategy.workbook.apply.action_create", refuse)
    before = snapshot()
    report = strategy_workbook_import(by=built.actor, data=edit(data, change), dry_run=False)
    assert not report.ok
    assert not report.applied
    assert [str(r) for r in report.rejections] == [f"sheet 'Actions', row {5}: Refused for the test"]
    assert snapshot() == before


def test_a_record_changed_since_it_was_read_is_not_overwritten(
    built: Built, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The import compares against what it read; a write in between makes the service refuse."""
    data = strategy_workbook_bytes(actor=built.actor, strategy=built.strategy)
    changed = edit(data, lambda wb: wb[fmt.STRATEGY].cell(row=3, column=2, value="Mine"))

    def plan_then_someone_saves(*args: Any, **kwargs: Any) -> Any:
        result = workbook_plan(*args, **kwargs)
        Strategy.objects.filter(pk=built.strategy.pk).update(title="Theirs", version=99)
        return result

    monkeypatch.setattr("wellboard.strategy.workbook.importer.workbook_plan", plan_then_someone_saves)
    report = strategy_workbook_import(by=built.actor, data=changed, dry_run=False)
    assert not report.ok
    assert "changed by someone else" in report.rejections[0].reason
    built.strategy.refresh_from_db()
    assert built.strategy.title == "Healthy Town"  # the whole transaction rolled back


def test_fewer_levels_after_the_tree_is_made_shallower(built: Built) -> None:
    data = strategy_workbook_bytes(actor=built.actor, strategy=built.strategy)

    def flatten(workbook: Any) -> None:
        strategy = workbook[fmt.STRATEGY]
        strategy.cell(row=row_with(strategy, 1, "Level names"), column=2, value="Priority")
        tree = workbook[fmt.TREE]
        for row in range(2, tree.max_row + 1):
            tree.cell(row=row, column=2).value = None

    report = strategy_workbook_import(by=built.actor, data=edit(data, flatten), dry_run=False)
    assert report.ok, report.summary_lines()
    assert report.applied
    built.strategy.refresh_from_db()
    assert built.strategy.level_names == ["Priority"]
    assert set(Node.objects.filter(strategy=built.strategy).values_list("depth", flat=True)) == {0}


def test_a_row_moved_to_the_front_of_its_new_siblings_stays_there(built: Built) -> None:
    # 2.1 has position 1 under theme 2 and will have position 1 under theme 1 too.
    data = strategy_workbook_bytes(actor=built.actor, strategy=built.strategy)

    def move(workbook: Any) -> None:
        tree = workbook[fmt.TREE]
        rows = [[c.value for c in row] for row in tree.iter_rows(min_row=2)]
        moved = rows.pop(next(i for i, r in enumerate(rows) if r[0] == "2.1"))
        moved[1] = "1"
        rows.insert(1, moved)  # straight after theme 1, before 1.1 and 1.2
        tree.delete_rows(2, tree.max_row)
        for row in rows:
            tree.append(row)

    changed = edit(data, move)
    report = strategy_workbook_import(by=built.actor, data=changed, dry_run=False)
    assert report.ok, report.summary_lines()
    children = Node.objects.filter(strategy=built.strategy, parent__ref="1").order_by("position", "pk")
    assert [n.ref for n in children] == ["2.1", "1.1", "1.2"]
    assert not strategy_workbook_import(by=built.actor, data=changed).changes_anything
