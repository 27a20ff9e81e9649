"""Each kind of report builds the sections it promises from the partnership's data, and a period with
no data says so instead of failing."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

import pytest

from tests.factories.strategy import (
    ActionFactory,
    MilestoneFactory,
    NodeFactory,
    ProgressUpdateFactory,
    StrategyFactory,
    StrategyWorld,
)
from tests.unit.reports.conftest import approved_return
from wellboard.core.access import Actor
from wellboard.core.errors import InvalidInput
from wellboard.core.rag import Rag
from wellboard.partners.models import Organisation, Partnership, User
from wellboard.reports.calculations import build_report, report_period
from wellboard.reports.document import Notice, ReportDocument, Section, Table, TableBlock
from wellboard.reports.renderers import FORMATS, render
from wellboard.returns.models import Measure
from wellboard.strategy.models import ActionStatus, Strategy, Tag

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("frozen_clock")]


def _walk(sections: tuple[Section, ...]) -> list[Section]:
    found: list[Section] = []
    for section in sections:
        found.append(section)
        found.extend(_walk(section.children))
    return found


def _section(document: ReportDocument, anchor: str) -> Section:
    return next(s for s in _walk(document.sections) if s.anchor == anchor)


def _tables(section: Section) -> list[Table]:
    return [b.table for b in section.blocks if isinstance(b, TableBlock)]


def _notices(document: ReportDocument) -> list[str]:
    return [b.text for s in _walk(document.sections) for b in s.blocks if isinstance(b, Notice)]


def _build(
    actor: Actor, partnership: Partnership, strategy: Strategy, kind: str, period: str, **kwargs: object
) -> ReportDocument:
    return build_report(
        actor=actor,
        partnership=partnership,
        strategy=strategy,
        kind=kind,
        period=report_period(kind, period),
        **kwargs,  # type: ignore[arg-type]
    )


@pytest.fixture
def coordinator_actor(coordinator: User, actor_of: Callable[[User], Actor]) -> Actor:
    return actor_of(coordinator)


# ---------------------------------------------------------------- periods


def test_the_default_period_is_the_latest_complete_one() -> None:
    assert report_period("quarterly", "").label == "2026/27 Q2"
    assert report_period("annual", "").label == "2025/26"


@pytest.mark.parametrize(
    ("kind", "text", "message"),
    [
        ("quarterly", "2024/25", "'2024/25' is not a financial quarter: write it like 2024/25 Q3"),
        ("annual", "2024/25 Q3", "'2024/25 Q3' is not a financial year: write it like 2024/25"),
        ("annual", "last year", "'last year' is not a financial year: write it like 2024/25"),
        ("weekly", "2024/25", "'weekly' is not a kind of report"),
    ],
)
def test_a_wrong_period_or_kind_is_refused_with_a_clear_message(kind: str, text: str, message: str) -> None:
    with pytest.raises(InvalidInput) as caught:
        report_period(kind, text)
    assert message in str(caught.value.errors)


def test_a_period_that_has_not_started_is_refused(
    coordinator_actor: Actor, partnership: Partnership, world: StrategyWorld
) -> None:
    with pytest.raises(InvalidInput, match="has not started yet"):
        _build(coordinator_actor, partnership, world.strategy, "quarterly", "2027/28 Q1")


# ---------------------------------------------------------------- quarterly


def test_quarterly_puts_the_summary_and_exceptions_first(
    coordinator_actor: Actor, partnership: Partnership, world: StrategyWorld
) -> None:
    document = _build(coordinator_actor, partnership, world.strategy, "quarterly", "2026/27 Q2")
    assert [s.anchor for s in document.sections] == ["summary", "exceptions", "progress", "returns", "reach"]
    assert document.title == "Quarterly monitoring report, 2026/27 Q2"
    assert document.disclosed is False


def test_quarterly_exceptions_list_red_amber_overdue_and_silent_actions(
    coordinator_actor: Actor, partnership: Partnership, world: StrategyWorld
) -> None:
    # The council action had a green update this quarter; the charity's is amber with no update.
    ProgressUpdateFactory(action=world.council_action, period="2026/27 Q2", period_start=dt.date(2026, 7, 1))
    late = ActionFactory(node=world.priority, ref="A3", title="Walking groups", due_date=dt.date(2026, 6, 30))
    MilestoneFactory(action=late, title="Train walk leaders", due_date=dt.date(2026, 8, 1))
    ActionFactory(
        node=world.priority, ref="A4", title="Closed", status=ActionStatus.COMPLETED, rag=Rag.COMPLETE
    )
    document = _build(coordinator_actor, partnership, world.strategy, "quarterly", "2026/27 Q2")

    (rated,) = _tables(_section(document, "exceptions-rag"))
    assert [row[0] for row in rated.rows] == ["A2"]
    (overdue,) = _tables(_section(document, "exceptions-overdue"))
    assert [row[0] for row in overdue.rows] == ["A3"]
    (milestones,) = _tables(_section(document, "exceptions-milestones"))
    assert [(row[0], row[1]) for row in milestones.rows] == [("A3", "Train walk leaders")]
    (silent,) = _tables(_section(document, "exceptions-no-update"))
    assert [row[0] for row in silent.rows] == ["A2", "A3"]  # the completed action is not chased


def test_quarterly_rag_summary_shows_the_change_since_last_quarter(
    coordinator_actor: Actor, partnership: Partnership, world: StrategyWorld
) -> None:
    ProgressUpdateFactory(
        action=world.council_action, period="2026/27 Q1", period_start=dt.date(2026, 4, 1), rag=Rag.AMBER
    )
    ProgressUpdateFactory(
        action=world.council_action, period="2026/27 Q2", period_start=dt.date(2026, 7, 1), rag=Rag.RED
    )
    document = _build(coordinator_actor, partnership, world.strategy, "quarterly", "2026/27 Q2")
    (table,) = _tables(_section(document, "summary"))
    by_rag = {row[0]: row[1:] for row in table.rows}
    assert by_rag["red"] == (1, 0, 1)
    assert by_rag["amber"] == (1, 2, -1)  # the charity's action stays amber throughout
    assert by_rag["All actions"] == (2, 2, 0)


def test_quarterly_shows_each_theme_and_priority_with_actions_updates_and_milestones(
    coordinator_actor: Actor, partnership: Partnership, world: StrategyWorld
) -> None:
    ProgressUpdateFactory(
        action=world.council_action,
        period="2026/27 Q2",
        period_start=dt.date(2026, 7, 1),
        narrative="Forty sessions held.",
    )
    document = _build(coordinator_actor, partnership, world.strategy, "quarterly", "2026/27 Q2")
    theme = _section(document, "node-1")
    assert theme.title == "Theme 1: Healthy people"
    priority = _section(document, "node-1.1")
    actions, milestones = _tables(priority)
    assert [(r[0], r[-1]) for r in actions.rows] == [("A1", "Forty sessions held."), ("A2", "No update yet")]
    assert {r[1] for r in milestones.rows} == {"Book the parks", "Recruit befrienders"}


def test_quarterly_reports_returns_completeness_and_reach(
    coordinator_actor: Actor,
    partnership: Partnership,
    world: StrategyWorld,
    reach_measure: Measure,
    council: Organisation,
) -> None:
    approved_return(reach_measure, council, "2026/27 Q1", 40)
    approved_return(reach_measure, council, "2026/27 Q2", 55)
    document = _build(coordinator_actor, partnership, world.strategy, "quarterly", "2026/27 Q2")
    (completeness,) = _tables(_section(document, "returns"))
    assert completeness.rows == (("Play sessions", "2026/27 Q2", 2, 1, "Test Charity"),)
    reach = _section(document, "reach")
    table = _tables(reach)[0]
    assert table.rows == (("Pop-up Play", "Children playing", 55.0, None, 95.0, 1),)
    chart = next(b for b in reach.blocks if b.block == "chart")
    assert chart.table.rows == (("2026/27 Q2", 55.0, 95.0),)  # type: ignore[union-attr]
    assert chart.spec["data"]["values"][0]["value"] == 55.0  # type: ignore[union-attr]


def test_a_quarter_with_no_data_says_so(
    coordinator_actor: Actor, partnership: Partnership, reach_measure: Measure
) -> None:
    empty = StrategyFactory(partnership=partnership, slug="empty", start_date=dt.date(2024, 4, 1))
    document = _build(coordinator_actor, partnership, empty, "quarterly", "2024/25 Q1")
    notices = _notices(document)
    assert "The strategy has no actions yet." in notices
    assert "The strategy has no themes or priorities yet." in notices
    assert "No data collection had a period ending in 2024/25 Q1." in notices


def test_a_period_before_the_strategy_says_so(
    coordinator_actor: Actor, partnership: Partnership, world: StrategyWorld
) -> None:
    document = _build(coordinator_actor, partnership, world.strategy, "annual", "2020/21")
    assert document.sections[0].anchor == "about"
    assert "2020/21 is outside the strategy" in _notices(document)[0]


# ---------------------------------------------------------------- annual


def test_annual_has_narrative_completions_reach_indicators_and_next_steps(
    coordinator_actor: Actor, partnership: Partnership, world: StrategyWorld
) -> None:
    ProgressUpdateFactory(
        action=world.council_action, period="2025/26 Q4", period_start=dt.date(2026, 1, 1), rag=Rag.COMPLETE
    )
    world.charity_milestone.completed_on = dt.date(2025, 9, 1)
    world.charity_milestone.save()
    document = _build(
        coordinator_actor,
        partnership,
        world.strategy,
        "annual",
        "2025/26",
        narratives={"foreword": "<p>A year of progress.</p>"},
    )
    assert [s.anchor for s in document.sections] == [
        "foreword",
        "highlights",
        "completed",
        "reach",
        "indicators",
        "next",
    ]
    foreword = _section(document, "foreword").blocks[0]
    assert foreword.block == "narrative"
    assert foreword.html == "<p>A year of progress.</p>"  # type: ignore[union-attr]
    assert _section(document, "highlights").blocks == (Notice("Highlights: not written yet."),)
    completed, reached = _tables(_section(document, "completed-1"))
    assert [r[0] for r in completed.rows] == ["A1"]
    assert [r[1] for r in reached.rows] == ["Recruit befrienders"]
    (due,) = _tables(_section(document, "next"))
    assert {r[1] for r in due.rows} == {"Book the parks"}


# ---------------------------------------------------------------- recommendations


def test_recommendations_are_grouped_by_pillar(coordinator_actor: Actor, partnership: Partnership) -> None:
    strategy = StrategyFactory(
        partnership=partnership, slug="review", level_names=["Pillar", "Recommendation"]
    )
    wider = NodeFactory(strategy=strategy, ref="1", title="The wider determinants of health", position=1)
    places = NodeFactory(strategy=strategy, ref="2", title="Places and communities", position=2)
    first = NodeFactory(strategy=strategy, parent=wider, ref="1.1", title="Build more homes")
    NodeFactory(strategy=strategy, parent=places, ref="2.1", title="Open community hubs")
    action = ActionFactory(node=first, ref="R1", rag=Rag.AMBER)
    ProgressUpdateFactory(
        action=action,
        period="2025/26 Q3",
        period_start=dt.date(2025, 10, 1),
        narrative="Sites found.",
        rag=Rag.RED,
    )
    document = _build(coordinator_actor, partnership, strategy, "recommendations", "2025/26")
    pillars = _section(document, "recommendations").children
    assert [p.title for p in pillars] == ["1. The wider determinants of health", "2. Places and communities"]
    (table,) = _tables(pillars[0])
    ref, text, progress, rag, leads, _measures = table.rows[0]
    assert (ref, text, rag, leads) == ("1.1", "Build more homes", "red", "Test Council")
    assert str(progress).startswith("R1 ")
    assert str(progress).endswith(": Sites found.")
    (empty,) = _tables(pillars[1])
    assert empty.rows[0][2] == "No actions yet."


def test_a_tree_tagged_to_the_kings_fund_pillars_is_grouped_by_its_tags(
    coordinator_actor: Actor, partnership: Partnership, world: StrategyWorld
) -> None:
    pillar = Tag.objects.get(scheme__slug="kings-fund-population-health", slug="wider-determinants")
    world.theme.tags.add(pillar)
    document = _build(coordinator_actor, partnership, world.strategy, "recommendations", "2025/26")
    (group,) = _section(document, "recommendations").children
    assert group.title == pillar.name
    assert [r[0] for r in _tables(group)[0].rows] == ["1.1"]


def test_an_untagged_tree_has_no_recommendations_and_says_why(
    coordinator_actor: Actor, partnership: Partnership, world: StrategyWorld
) -> None:
    document = _build(coordinator_actor, partnership, world.strategy, "recommendations", "2025/26")
    assert any("neither Pillar > Recommendation" in n for n in _notices(document))


# ---------------------------------------------------------------- stocktake


def test_stocktake_shows_progress_impact_and_lessons_per_priority(
    coordinator_actor: Actor,
    partnership: Partnership,
    world: StrategyWorld,
) -> None:
    document = _build(
        coordinator_actor,
        partnership,
        world.strategy,
        "stocktake",
        "2025/26",
        narratives={"lessons": "<p>Start smaller.</p>"},
    )
    assert [s.anchor for s in document.sections] == ["foreword", "priorities", "lessons", "next"]
    priority = _section(document, "priority-1.1")
    assert [c.title for c in priority.children] == ["Progress", "Impact"]
    assert priority.children[0].blocks[0].text == "2 actions: 1 amber, 1 green."  # type: ignore[union-attr]
    assert priority.children[1].blocks[0].text == "No linked indicator or measure moved in 2025/26."  # type: ignore[union-attr]
    assert _section(document, "lessons").blocks[0].html == "<p>Start smaller.</p>"  # type: ignore[union-attr]


def test_stocktake_lists_the_measures_that_moved(
    coordinator_actor: Actor,
    partnership: Partnership,
    world: StrategyWorld,
    reach_measure: Measure,
    council: Organisation,
) -> None:
    approved_return(reach_measure, council, "2026/27 Q1", 30)
    document = _build(coordinator_actor, partnership, world.strategy, "stocktake", "2026/27")
    (measures,) = _tables(_section(document, "priority-1.1-impact"))
    assert measures.rows == (("Pop-up Play", "Children playing", 30.0, None),)


def test_every_kind_survives_a_json_round_trip(
    coordinator_actor: Actor, partnership: Partnership, world: StrategyWorld
) -> None:
    for kind, period in [
        ("quarterly", "2026/27 Q2"),
        ("annual", "2025/26"),
        ("recommendations", "2025/26"),
        ("stocktake", "2025/26"),
    ]:
        document = _build(coordinator_actor, partnership, world.strategy, kind, period)
        assert ReportDocument.from_json(document.to_json()) == document


def test_a_recommendations_own_progress_update_comes_before_its_actions(
    coordinator_actor: Actor, partnership: Partnership
) -> None:
    strategy = StrategyFactory(
        partnership=partnership, slug="review", level_names=["Pillar", "Recommendation"]
    )
    pillar = NodeFactory(strategy=strategy, ref="1", title="Our behaviours and lifestyles", position=1)
    recommendation = NodeFactory(strategy=strategy, parent=pillar, ref="1.1", title="Cut smoking")
    ActionFactory(node=recommendation, ref="R1")
    ProgressUpdateFactory(
        action=None,
        node=recommendation,
        period="2025/26 Q4",
        period_start=dt.date(2026, 1, 1),
        narrative="Quit rates up by a third.",
        rag=Rag.GREEN,
    )
    document = _build(coordinator_actor, partnership, strategy, "recommendations", "2025/26")
    (table,) = _tables(_section(document, "pillar-1"))
    assert table.rows[0][2:4] == ("Quit rates up by a third.", "green")


def test_stocktake_shows_a_prioritys_own_progress_and_impact(
    coordinator_actor: Actor, partnership: Partnership, world: StrategyWorld
) -> None:
    ProgressUpdateFactory(
        action=None,
        node=world.priority,
        period="2025/26 Q3",
        period_start=dt.date(2025, 10, 1),
        narrative="More people asking for help.",
        rag=Rag.AMBER,
    )
    document = _build(coordinator_actor, partnership, world.strategy, "stocktake", "2025/26")
    progress = _section(document, "priority-1.1-progress")
    assert progress.blocks[1].text == (  # type: ignore[union-attr]
        "Progress and impact (2025/26 Q3, rated amber): More people asking for help."
    )


def test_every_kind_renders_in_every_format(
    coordinator_actor: Actor,
    partnership: Partnership,
    world: StrategyWorld,
    reach_measure: Measure,
    council: Organisation,
) -> None:
    approved_return(reach_measure, council, "2026/27 Q2", 12)
    for kind, period in [
        ("quarterly", "2026/27 Q2"),
        ("annual", "2026/27"),
        ("recommendations", "2025/26"),
        ("stocktake", "2026/27"),
    ]:
        document = _build(coordinator_actor, partnership, world.strategy, kind, period)
        for fmt in FORMATS:
            assert render(document, fmt), (kind, fmt)
    assert "Children playing" in render(document, "html").decode()


def test_annual_counts_an_action_completed_in_an_earlier_year_only_once(
    coordinator_actor: Actor, partnership: Partnership, world: StrategyWorld
) -> None:
    ProgressUpdateFactory(
        action=world.council_action, period="2024/25 Q4", period_start=dt.date(2025, 1, 1), rag=Rag.COMPLETE
    )
    ProgressUpdateFactory(
        action=world.council_action, period="2025/26 Q1", period_start=dt.date(2025, 4, 1), rag=Rag.COMPLETE
    )
    # Never updated, marked completed, due in 2025/26.
    ActionFactory(
        node=world.priority,
        ref="A5",
        status=ActionStatus.COMPLETED,
        rag=Rag.COMPLETE,
        due_date=dt.date(2025, 9, 30),
    )
    document = _build(coordinator_actor, partnership, world.strategy, "annual", "2025/26")
    (completed, *_rest) = _tables(_section(document, "completed-1"))
    assert [r[0] for r in completed.rows] == ["A5"]
    earlier = _build(coordinator_actor, partnership, world.strategy, "annual", "2024/25")
    (completed, *_rest) = _tables(_section(earlier, "completed-1"))
    assert [r[0] for r in completed.rows] == ["A1"]


def test_reach_leaves_out_collections_that_had_no_period_then(
    coordinator_actor: Actor, partnership: Partnership, world: StrategyWorld, reach_measure: Measure
) -> None:
    document = _build(coordinator_actor, partnership, world.strategy, "annual", "2025/26")
    assert _section(document, "reach").blocks == (
        Notice("No data collection of an initiative had a period in 2025/26."),
    )


def test_completeness_says_when_everyone_returned(
    coordinator_actor: Actor,
    partnership: Partnership,
    world: StrategyWorld,
    reach_measure: Measure,
    council: Organisation,
    charity: Organisation,
) -> None:
    approved_return(reach_measure, council, "2026/27 Q2", 40)
    approved_return(reach_measure, charity, "2026/27 Q2", 10)
    document = _build(coordinator_actor, partnership, world.strategy, "quarterly", "2026/27 Q2")
    (completeness,) = _tables(_section(document, "returns"))
    assert completeness.rows == (("Play sessions", "2026/27 Q2", 2, 2, "All returned"),)
