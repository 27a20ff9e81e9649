"""The Updates sheet: progress updates on actions and on parts of the tree, imported only as
additions. Same text for the same target and period is unchanged; new text is a new update."""

from __future__ import annotations

import io
from typing import Any

import openpyxl
import pytest

from tests.unit.strategy.workbook.builders import Built, snapshot, workbook_bytes
from wellboard.core.access import Actor
from wellboard.partners.models import Partnership
from wellboard.strategy.models import Action, ProgressUpdate, Strategy
from wellboard.strategy.workbook import format as fmt
from wellboard.strategy.workbook import strategy_workbook_bytes, strategy_workbook_import

pytestmark = pytest.mark.django_db

HEADER = ["Action ref", "Node ref", "Period", "RAG", "Action to date", "Posted by", "Posted at"]


def with_update_rows(built: Built, *rows: list[Any]) -> bytes:
    """The strategy's export with ``rows`` added at the end of its Updates sheet."""
    workbook = openpyxl.load_workbook(
        io.BytesIO(strategy_workbook_bytes(actor=built.actor, strategy=built.strategy))
    )
    sheet = workbook[fmt.UPDATES]
    assert [c.value for c in sheet[1]] == HEADER
    for row in rows:
        sheet.append(row)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def problems(report: Any) -> list[tuple[str, int | None, str]]:
    return [(r.sheet, r.row, r.reason) for r in report.rejections]


def test_the_export_lists_node_updates_after_action_updates(built: Built) -> None:
    workbook = openpyxl.load_workbook(
        io.BytesIO(strategy_workbook_bytes(actor=built.actor, strategy=built.strategy))
    )
    rows = [list(r)[:5] for r in workbook[fmt.UPDATES].iter_rows(min_row=2, values_only=True)]
    assert rows == [
        ["A1", None, "2024/25 Q2", "Green", "'@started"],
        [None, "1.1", "2024/25 Q3", "Amber", "Both actions under way;\nparks booked"],
    ]


def test_same_text_is_unchanged_and_new_text_is_a_new_update_beside_the_old(built: Built) -> None:
    first = ProgressUpdate.objects.get(node=built.nodes["1.1"])
    data = with_update_rows(
        built,
        [None, "1.1", "2024/25 Q3", "Green", "Both actions under way;\nparks booked"],  # same words
        [None, "1.1", "2024/25 Q3", "Green", "Parks booked, sessions start in May"],  # new words
        [None, "2", "2025/26 Q1", "Red", "Safer streets work has not begun"],
    )
    before = snapshot()
    dry = strategy_workbook_import(by=built.actor, data=data, dry_run=True)
    assert dry.ok, dry.summary_lines()
    assert dict(dry.counts()["progress update"]) == {"unchanged": 3, "create": 2}
    assert "  progress update: 2 to create, 0 to update, 3 unchanged" in dry.summary_lines()
    assert snapshot() == before  # the dry run wrote nothing
    real = strategy_workbook_import(by=built.actor, data=data, dry_run=False)
    assert real.applied
    texts = list(
        ProgressUpdate.objects.filter(node=built.nodes["1.1"]).order_by("pk").values_list("narrative", "rag")
    )
    assert texts == [
        ("Both actions under way;\nparks booked", "amber"),
        ("Parks booked, sessions start in May", "green"),
    ]
    first.refresh_from_db()
    assert first.version == 1  # history is never edited
    assert ProgressUpdate.objects.get(node=built.nodes["2"]).author_label == built.actor.label
    again = strategy_workbook_import(by=built.actor, data=data, dry_run=False)
    assert again.ok
    assert not again.changes_anything


def test_round_trip_with_node_updates_changes_nothing(built: Built) -> None:
    data = strategy_workbook_bytes(actor=built.actor, strategy=built.strategy)
    before = snapshot()
    report = strategy_workbook_import(by=built.actor, data=data, dry_run=False)
    assert report.ok
    assert dict(report.counts()["progress update"]) == {"unchanged": 2}
    assert snapshot() == before


def test_a_row_naming_both_or_neither_is_refused_with_its_row_number(built: Built) -> None:
    data = with_update_rows(
        built,
        ["A1", "1.1", "2025/26 Q1", "Green", "Which one?"],
        [None, None, "2025/26 Q1", "Green", "About nothing"],
    )
    before = snapshot()
    report = strategy_workbook_import(by=built.actor, data=data, dry_run=False)
    assert not report.ok
    assert problems(report) == [
        (
            "Updates",
            4,
            "Row 4 names both action 'A1' and tree row '1.1': an update is about one of them, "
            "so clear the Action ref or the Node ref",
        ),
        (
            "Updates",
            5,
            "Row 5 names neither an action nor a tree row: fill in the Action ref or the Node ref",
        ),
    ]
    assert snapshot() == before


def test_unknown_targets_and_periods_outside_the_strategy_are_refused(built: Built) -> None:
    data = with_update_rows(
        built,
        ["Z9", None, "2025/26 Q1", "Green", "No such action"],
        [None, "9.9", "2025/26 Q1", "Green", "No such priority"],
        [None, "1.1", "2027/28 Q1", "Green", "Not started"],
        [None, "1.1", "sometime", "Green", "Not a period"],
        [None, "1.1", "2025/26 Q1", "Purple", "Not a rating"],
        [None, "1.1", "2025/26 Q1", "Green", None],
    )
    report = strategy_workbook_import(by=built.actor, data=data, dry_run=True)
    assert sorted(row or 0 for _, row, _ in problems(report)) == [4, 5, 6, 7, 8, 9]
    reasons = [reason for _, _, reason in problems(report)]
    assert "There is no action with Ref 'Z9' on the Actions sheet or in this strategy" in reasons
    assert "2027/28 Q1 has not started yet: choose a period that has" in reasons
    assert "Enter a period like 2024/25 Q3" in reasons
    assert any("9.9" in reason for reason in reasons)


def test_a_new_latest_update_must_agree_with_the_actions_sheet_rag(built: Built) -> None:
    conflicting = with_update_rows(built, ["A1", None, "2026/27 Q2", "Red", "Parks closed for works"])
    report = strategy_workbook_import(by=built.actor, data=conflicting, dry_run=True)
    assert problems(report) == [
        (
            "Updates",
            4,
            "Being the latest of action A1, this row would make the action's RAG Red, while the Actions "
            "sheet (row 2) rates it Green: make them agree",
        )
    ]

    def agree(workbook: Any) -> None:
        workbook[fmt.ACTIONS].cell(row=2, column=11, value="Red")

    workbook = openpyxl.load_workbook(io.BytesIO(conflicting))
    agree(workbook)
    buffer = io.BytesIO()
    workbook.save(buffer)
    applied = strategy_workbook_import(by=built.actor, data=buffer.getvalue(), dry_run=False)
    assert applied.applied, applied.summary_lines()
    assert Action.objects.get(pk=built.actions["A1"].pk).rag == "red"
    again = strategy_workbook_import(by=built.actor, data=buffer.getvalue(), dry_run=False)
    assert not again.changes_anything


# The King's Fund's four pillars of population health, each with recommendations.
PILLARS = [
    ("P1", "The wider determinants of health"),
    ("P2", "Our behaviours and lifestyles"),
    ("P3", "An integrated health and care system"),
    ("P4", "The places and communities we live in, and with"),
]


def test_a_pillar_and_recommendation_workbook_imports_with_its_recommendation_updates(
    partnership: Partnership,
) -> None:
    strategy_rows = [
        ["Field", "Value"],
        ["Slug", "population-health-review"],
        ["Title", "Population health review"],
        ["Start date", "01/04/2025"],
        ["End date", "31/03/2028"],
        ["Level names", "Pillar; Recommendation"],
    ]
    tree = [["Ref", "Parent ref", "Title"]] + [[ref, None, title] for ref, title in PILLARS]
    tree += [
        ["R1", "P1", "Pay the real living wage across partner organisations"],
        ["R2", "P2", "Bring stop smoking support into every community pharmacy"],
        ["R3", "P3", "Share one record of each resident's care plan across services"],
        ["R4", "P4", "Fund residents' groups to run their own green spaces"],
    ]
    updates = [
        ["Node ref", "Period", "RAG", "Action to date"],
        ["R1", "2025/26 Q2", "Amber", "Three of seven partners now pay the real living wage."],
        ["R1", "2025/26 Q3", "Green", "Five of seven partners pay it; the other two have dates."],
        ["R2", "2025/26 Q3", "Red", "Only two pharmacies have signed up so far."],
        ["P4", "2025/26 Q3", "Amber", "Stocktake: one of the pillar's recommendations is under way."],
    ]
    data = workbook_bytes({"Strategy": strategy_rows, "Tree": tree, "Updates": updates})
    actor = Actor.command_line(partnership.pk)
    report = strategy_workbook_import(by=actor, data=data, dry_run=False)
    assert report.ok, report.summary_lines()
    assert report.applied
    strategy = Strategy.objects.get(partnership=partnership, slug="population-health-review")
    assert strategy.level_names == ["Pillar", "Recommendation"]
    found = ProgressUpdate.objects.filter(node__strategy=strategy).order_by("pk")
    assert [(u.target_ref, u.period, u.rag) for u in found] == [
        ("R1", "2025/26 Q2", "amber"),
        ("R1", "2025/26 Q3", "green"),
        ("R2", "2025/26 Q3", "red"),
        ("P4", "2025/26 Q3", "amber"),
    ]
    assert {u.node.level_name for u in found} == {"Pillar", "Recommendation"}  # type: ignore[union-attr]
    again = strategy_workbook_import(by=actor, data=data, dry_run=False)
    assert again.ok
    assert not again.changes_anything
