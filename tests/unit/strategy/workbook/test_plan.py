"""The planner against a made-up database: no database needed."""

from __future__ import annotations

import datetime as dt

from tests.unit.strategy.workbook.pure import (
    CHARITY,
    COUNCIL,
    header,
    plan,
    reasons,
    sheets,
    strategy_rows,
)
from wellboard.strategy.workbook import format as fmt
from wellboard.strategy.workbook.plan import NodeTarget, OrgTarget
from wellboard.strategy.workbook.plan.base import sibling_positions
from wellboard.strategy.workbook.state import (
    ActionState,
    CurrentState,
    InitiativeState,
    MilestoneState,
    NodeState,
    StrategyState,
)

STRATEGY = StrategyState(
    pk=10,
    slug="plan",
    title="The plan",
    vision="",
    summary="",
    start_date=dt.date(2025, 4, 1),
    end_date=dt.date(2030, 3, 31),
    status="draft",
    level_names=("Theme", "Priority"),
    version=3,
)
THEME = NodeState(pk=100, ref="1", parent_pk=None, depth=0, position=1, title="People")
PRIORITY = NodeState(pk=101, ref="1.1", parent_pk=100, depth=1, position=1, title="Move")


def existing(**extra: object) -> CurrentState:
    state = CurrentState(
        organisations=[COUNCIL, CHARITY],
        tags={"marmot-principles:best-start": 7, "marmot-principles:prevention": 8},
        strategy=STRATEGY,
        nodes=[THEME, PRIORITY],
    )
    for name, value in extra.items():
        setattr(state, name, value)
    return state


def test_a_new_strategy_is_created_with_its_tree_parents_first() -> None:
    book = sheets()
    book[fmt.TREE] = [
        header(fmt.TREE_SHEET),
        ["1.1", "1", None, "Move", None, None],
        ["1", None, None, "People", None, None],
    ]
    result, report = plan(book)
    assert report.ok, reasons(report)
    assert result.strategy is not None
    assert result.strategy.creates
    assert result.strategy.values["level_names"] == ["Theme", "Priority"]
    assert [op.key for op in result.nodes] == ["1", "1.1"]
    assert result.nodes[1].values["parent"] == NodeTarget("1")
    assert report.totals()["create"] == 3


def test_a_new_strategy_needs_its_title_dates_and_levels() -> None:
    book = sheets()
    book[fmt.STRATEGY] = [["Field", "Value"], ["Slug", "plan"]]
    _, report = plan(book)
    assert [r.reason for r in report.rejections] == [
        f"The strategy 'plan' is new, so the sheet needs a '{name}' row"
        for name in ("Title", "Start date", "End date", "Level names")
    ]


def test_a_strategys_dates_cross_in_the_services_words() -> None:
    book = sheets()
    book[fmt.STRATEGY] = strategy_rows(**{"End date": dt.date(2025, 3, 31)})
    _, report = plan(book, existing())
    assert [r.reason for r in report.rejections] == ["The end date must be after the start date"]


def test_unchanged_rows_plan_no_writes() -> None:
    result, report = plan(sheets(), existing())
    assert report.ok, reasons(report)
    assert result.ops() == []
    assert not report.changes_anything
    assert report.totals()["unchanged"] == 3


def test_only_changed_fields_are_updated() -> None:
    book = sheets()
    book[fmt.STRATEGY] = strategy_rows(Title="A better plan", Vision="Healthy people")
    book[fmt.TREE][2] = ["1.1", "1", None, "Move more", "Daily", "marmot-principles:best-start"]
    result, report = plan(book, existing())
    assert report.ok, reasons(report)
    assert result.strategy is not None
    assert result.strategy.values == {"title": "A better plan", "vision": "Healthy people"}
    assert result.strategy.version == 3
    (node,) = result.nodes
    assert node.values == {"title": "Move more", "description": "Daily", "tags": (7,)}
    updates = [c for c in report.changes if c.outcome == "update"]
    assert [(c.kind, c.key, c.fields) for c in updates] == [
        ("strategy", "plan", ("title", "vision")),
        ("tree item", "1.1", ("title", "description", "tags")),
    ]


def test_whitespace_and_line_endings_are_not_changes() -> None:
    state = existing(nodes=[THEME, NodeState(101, "1.1", 100, 1, 1, "Move ", description="One\r\nTwo")])
    book = sheets()
    book[fmt.TREE][2] = ["1.1", "1", None, "Move", "One\nTwo", None]
    result, report = plan(book, state)
    assert report.ok
    assert result.ops() == []


def test_parents_must_exist_and_loops_are_refused() -> None:
    book = sheets()
    book[fmt.TREE] = [
        header(fmt.TREE_SHEET),
        ["1", "1.1", None, "People", None, None],
        ["1.1", "1", None, "Move", None, None],
        ["2", "9", None, "Places", None, None],
        ["3", "3", None, "Self", None, None],
    ]
    _, report = plan(book, existing())
    assert reasons(report) == [
        "sheet 'Tree', row 4, column 'Parent ref': There is no row with Ref '9' on the Tree sheet or in this "
        "strategy to be its parent",
        "sheet 'Tree', row 5, column 'Parent ref': A row cannot be its own parent",
        "sheet 'Tree', row 2, column 'Parent ref': The rows 1, 1.1 are each other's parents: a row "
        "cannot sit "
        "beneath itself",
        "sheet 'Tree', row 3, column 'Parent ref': The rows 1, 1.1 are each other's parents: a row "
        "cannot sit "
        "beneath itself",
    ]


def test_the_tree_cannot_be_deeper_than_the_levels() -> None:
    book = sheets()
    book[fmt.TREE].append(["1.1.1", "1.1", None, "Too deep", None, None])
    _, report = plan(book, existing())
    assert reasons(report) == [
        "sheet 'Tree', row 4, column 'Parent ref': '1.1.1' would be at level 3, but the strategy has "
        "2 levels "
        "(Theme, Priority): add a level name on the Strategy sheet or give it another parent"
    ]
    book[fmt.STRATEGY] = strategy_rows(**{"Level names": "Theme; Priority; Objective"})
    result, report = plan(book, existing())
    assert report.ok, reasons(report)
    assert [op.key for op in result.nodes] == ["1.1.1"]


def test_refs_and_tags_are_checked() -> None:
    book = sheets()
    book[fmt.TREE].append(["new", None, None, "Reserved", None, None])
    book[fmt.TREE].append(["2 b", None, None, "Space", None, "marmot:nothing; best-start"])
    _, report = plan(book, existing())
    assert reasons(report) == [
        "sheet 'Tree', row 4, column 'Ref': 'new' cannot be used as a reference: start with a letter "
        "or number "
        "and use only letters, numbers, full stops, hyphens and underscores",
        "sheet 'Tree', row 5, column 'Ref': '2 b' cannot be used as a reference: start with a letter "
        "or number "
        "and use only letters, numbers, full stops, hyphens and underscores",
        "sheet 'Tree', row 5, column 'Tags': There is no tag 'marmot:nothing': use one from the Tags sheet",
        "sheet 'Tree', row 5, column 'Tags': Write the tag 'best-start' as scheme:tag, e.g. "
        "marmot-principles:best-start (see the Tags sheet)",
    ]


def test_reordering_siblings_renumbers_them_and_new_rows_go_last() -> None:
    positions = sibling_positions(
        [("b", None), ("a", None), ("new", None)],
        current_parent={"a": None, "b": None},
        current_position={"a": (1, 1), "b": (2, 2)},
        all_positions={"a": 1, "b": 2},
    )
    assert positions == {"b": 1, "a": 2, "new": 3}
    kept = sibling_positions(
        [("a", None), ("b", None), ("new", None)],
        current_parent={"a": None, "b": None, "hidden": None},
        current_position={"a": (5, 1), "b": (9, 2), "hidden": (20, 3)},
        all_positions={"a": 5, "b": 9, "hidden": 20},
    )
    assert kept == {"new": 21}


def test_moving_a_node_to_another_parent() -> None:
    state = existing(nodes=[THEME, PRIORITY, NodeState(102, "2", None, 0, 2, "Places")])
    book = sheets()
    book[fmt.TREE] = [
        header(fmt.TREE_SHEET),
        ["1", None, None, "People", None, None],
        ["2", None, None, "Places", None, None],
        ["1.1", "2", None, "Move", None, None],
    ]
    result, report = plan(book, state)
    assert report.ok, reasons(report)
    (move,) = result.nodes
    assert move.values == {"parent": NodeTarget("2"), "position": 1}


ACTIONS = header(fmt.ACTIONS_SHEET)


def action_row(**values: object) -> list[object]:
    row: dict[str, object] = {
        "Ref": "A1",
        "Node ref": "1.1",
        "Title": "Walk",
        "Lead organisation": "Test Council",
    }
    row.update(values)
    return [row.get(name) for name in ACTIONS]


def test_actions_name_organisations_that_exist_or_are_listed() -> None:
    book = sheets(
        Actions=[
            ACTIONS,
            action_row(**{"Supporting organisations": "test-charity; Mind"}),
            action_row(Ref="A2", **{"Lead organisation": "Nobody"}),
        ],
        Organisations=[header(fmt.ORGANISATIONS_SHEET), ["Mind", None, "Voluntary, community or faith"]],
    )
    result, report = plan(book, existing())
    assert reasons(report) == [
        "sheet 'Actions', row 3, column 'Lead organisation': There is no organisation called "
        "'Nobody': add it "
        "to the Organisations sheet, or create it in Wellboard first"
    ]
    create = next(op for op in result.actions if op.key == "A1")
    assert create.values["lead_organisation"] == OrgTarget(pk=1)
    assert create.values["supporting_organisations"] == (OrgTarget(pk=2), OrgTarget(new_key="mind"))
    assert [op.values["name"] for op in result.organisations] == ["Mind"]


def test_action_checks() -> None:
    book = sheets(
        Actions=[
            ACTIONS,
            action_row(**{"Node ref": "7", "Start date": "01/04/2026", "Due date": "01/01/2026"}),
            action_row(Ref="A2", **{"Supporting organisations": "Test Council"}),
        ]
    )
    _, report = plan(book, existing())
    assert reasons(report) == [
        "sheet 'Actions', row 2, column 'Node ref': There is no row with Ref '7' on the Tree sheet "
        "or in this "
        "strategy (to put the action under)",
        "sheet 'Actions', row 2, column 'Due date': The due date must be on or after the start date",
        "sheet 'Actions', row 3, column 'Supporting organisations': The lead organisation cannot also be a "
        "supporting organisation",
    ]


def test_existing_action_keeps_what_the_sheet_does_not_mention() -> None:
    current = ActionState(
        pk=500,
        ref="A1",
        node_pk=101,
        position=1,
        title="Walk",
        lead_pk=1,
        supporting=frozenset({2}),
        status="in_progress",
        rag="green",
        description="Keep me",
    )
    book = sheets(
        Actions=[
            ["Ref", "Node ref", "Title", "Lead organisation", "RAG"],
            ["A1", "1.1", "Walk", "test-council", "amber"],
        ]
    )
    result, report = plan(book, existing(actions=[current]))
    assert report.ok, reasons(report)
    (op,) = result.actions
    assert op.values == {"rag": "amber"}
    assert op.pk == 500


def test_milestones_pair_with_the_database_by_title_in_order() -> None:
    action = ActionState(pk=500, ref="A1", node_pk=101, position=1, title="Walk", lead_pk=1)
    milestones = [
        MilestoneState(pk=1, action_pk=500, position=1, title="Review", due_date=dt.date(2025, 1, 1)),
        MilestoneState(pk=2, action_pk=500, position=2, title="Review", due_date=dt.date(2026, 1, 1)),
    ]
    book = sheets(
        Milestones=[
            header(fmt.MILESTONES_SHEET),
            ["A1", "review", dt.date(2025, 1, 1), None],
            ["A1", "Review", dt.date(2026, 2, 1), dt.date(2026, 1, 5)],
            ["A1", "Review", dt.date(2027, 1, 1), None],
            ["A9", "Lost", dt.date(2027, 1, 1), None],
            ["A1", "Future", dt.date(2027, 1, 1), dt.date(2027, 1, 1)],
        ]
    )
    result, report = plan(book, existing(actions=[action], milestones=milestones))
    assert reasons(report) == [
        "sheet 'Milestones', row 5, column 'Action ref': There is no action with Ref 'A9' on the "
        "Actions sheet "
        "or in this strategy",
        "sheet 'Milestones', row 6, column 'Completed on': The date it was done must be today or in the past",
    ]
    assert [(op.pk, op.values) for op in result.milestones] == [
        (1, {"title": "review"}),
        (2, {"due_date": dt.date(2026, 2, 1), "completed_on": dt.date(2026, 1, 5)}),
        (
            None,
            {
                "action": result.milestones[2].values["action"],
                "title": "Review",
                "due_date": dt.date(2027, 1, 1),
                "completed_on": None,
                "position": 3,
            },
        ),
    ]


def test_initiatives_keep_links_to_other_strategies() -> None:
    current = InitiativeState(
        pk=70,
        slug="so-active",
        name="So Active",
        kind="programme",
        node_pks=frozenset({101, 999}),
        target_groups=("Families",),
    )
    book = sheets(
        Initiatives=[
            header(fmt.INITIATIVES_SHEET),
            [
                "so-active",
                "So Active",
                "Programme",
                None,
                None,
                None,
                None,
                None,
                "Families; Families",
                None,
                None,
                "1",
            ],
            ["pop-up", "Pop-up Play", None, None, None, None, None, None, None, None, None, None],
        ]
    )
    result, report = plan(book, existing(initiatives=[current]))
    assert reasons(report) == [
        "sheet 'Initiatives', row 3, column 'Kind': Enter the kind of initiative: Programme, Project, "
        "Campaign, Service, Event"
    ]
    (op,) = result.initiatives
    assert op.values == {"nodes": (999, NodeTarget("1"))}


def test_organisation_rules() -> None:
    book = sheets(
        Organisations=[
            header(fmt.ORGANISATIONS_SHEET),
            ["Test Council", "test-council", "Local authority", "Yes", "Chair"],
            ["Test Charity", "charity", "NHS"],
            ["Brand new", None, None],
            ["Renamed charity", "test-charity", None],
        ]
    )
    result, report = plan(book, existing())
    assert reasons(report) == [
        "sheet 'Organisations', row 3, column 'Slug': An organisation called 'Test Charity' already "
        "exists with "
        "the slug 'test-charity': use that slug, or leave Slug empty",
        "sheet 'Organisations', row 4, column 'Type': Enter the type of organisation for 'Brand "
        "new', which is "
        "new: Local authority, NHS, Police, Fire and rescue, Education, Voluntary, community or faith, "
        "Business, Media",
    ]
    council, charity = result.organisations
    assert council.values == {}
    assert council.extra["membership"] == {"board_seat": True, "seat_title": "Chair"}
    assert charity.values == {"name": "Renamed charity"}
