from __future__ import annotations

import datetime as dt
from collections.abc import Callable

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from tests.factories.strategy import (
    ActionFactory,
    InitiativeFactory,
    MilestoneFactory,
    NodeFactory,
    StrategyWorld,
    build_strategy_world,
)
from wellboard.core.access import Actor
from wellboard.core.errors import NotFound
from wellboard.partners.models import Organisation, Partnership, User
from wellboard.strategy.selectors import (
    RagCounts,
    action_get,
    action_get_for_edit,
    action_history_events,
    action_list,
    initiative_get,
    initiative_get_for_edit,
    initiative_list,
    milestone_get_for_edit,
    my_actions,
    node_get,
    organisation_action_counts,
    organisation_overview,
    overdue_milestone_list,
    strategy_get,
    strategy_list,
    strategy_summaries,
    strategy_tree,
    tag_find,
)
from wellboard.strategy.services import action_update, progress_update_post

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("frozen_clock")]

ActorOf = Callable[[User], Actor]
TODAY = dt.date(2026, 11, 23)


@pytest.fixture
def elsewhere(other_partnership: Partnership) -> StrategyWorld:
    """The same strategy in another partnership: none of it may leak."""
    return build_strategy_world(other_partnership)


def test_strategies_are_scoped_to_the_partnership(
    world: StrategyWorld, elsewhere: StrategyWorld, viewer: User, actor_of: ActorOf
) -> None:
    actor = actor_of(viewer)
    assert list(strategy_list(actor=actor)) == [world.strategy]
    assert strategy_get(actor=actor, slug="community") == world.strategy
    assert list(strategy_list(actor=actor, status="draft")) == []
    with pytest.raises(NotFound):
        strategy_get(actor=actor, slug="nothing")
    with pytest.raises(NotFound):
        strategy_tree(actor=actor, strategy=elsewhere.strategy)


def test_non_members_read_nothing(world: StrategyWorld, partnership: Partnership) -> None:
    nobody = Actor(partnership_id=partnership.pk, user=None)
    with pytest.raises(NotFound):
        strategy_list(actor=nobody)
    with pytest.raises(NotFound):
        action_list(actor=nobody)


def test_tree_counts_roll_up_with_overdue_flags(
    world: StrategyWorld, viewer: User, actor_of: ActorOf
) -> None:
    MilestoneFactory(action=world.council_action, due_date=dt.date(2026, 1, 1))
    MilestoneFactory(
        action=world.council_action, due_date=dt.date(2026, 1, 1), completed_on=dt.date(2026, 1, 2)
    )
    late = ActionFactory(node=world.priority, rag="red", due_date=dt.date(2026, 6, 30), status="in_progress")
    ActionFactory(node=world.priority, rag="complete", due_date=dt.date(2026, 6, 30), status="completed")
    tree = strategy_tree(actor=actor_of(viewer), strategy=world.strategy, today=TODAY)
    assert [r.node.ref for r in tree.roots] == ["1"]
    theme = tree.roots[0]
    assert theme.level_name == "Theme"
    assert theme.heading_level == 2
    assert [c.node.ref for c in theme.children] == ["1.1"]
    assert theme.actions == []  # the theme holds no actions itself
    assert theme.counts.by_rag == {"green": 1, "amber": 1, "red": 1, "complete": 1}
    assert theme.counts.overdue_actions == 1  # the completed one is not overdue
    assert theme.counts.overdue_milestones == 1  # the done one is not overdue
    assert theme.counts.items == [("red", 1), ("amber", 1), ("green", 1), ("complete", 1)]
    assert theme.counts.sentence == (
        "4 actions: 1 red, 1 amber, 1 green, 1 complete. 1 overdue action. 1 overdue milestone."
    )
    assert late in theme.children[0].actions
    assert tree.totals.total == 4
    assert [s.node.ref for s in tree.walk()] == ["1", "1.1"]


def test_tree_filters(world: StrategyWorld, council: Organisation, viewer: User, actor_of: ActorOf) -> None:
    actor = actor_of(viewer)
    amber = strategy_tree(actor=actor, strategy=world.strategy, rag="amber")
    assert amber.totals.total == 1
    led = strategy_tree(actor=actor, strategy=world.strategy, lead_organisation_id=council.pk)
    assert [a.ref for a in led.nodes[world.priority.pk].actions] == ["A1"]


def test_tree_is_four_queries_whatever_its_size(
    world: StrategyWorld, council: Organisation, viewer: User, actor_of: ActorOf
) -> None:
    actor = actor_of(viewer)
    with CaptureQueriesContext(connection) as small:
        strategy_tree(actor=actor, strategy=world.strategy)
    for n in range(2, 12):
        node = NodeFactory(strategy=world.strategy, parent=world.theme, ref=f"1.{n}")
        for _ in range(5):
            MilestoneFactory(
                action=ActionFactory(node=node, lead_organisation=council), due_date=dt.date(2026, 1, 1)
            )
    with CaptureQueriesContext(connection) as large:
        tree = strategy_tree(actor=actor, strategy=world.strategy)
    assert tree.totals.total == 52
    assert tree.totals.overdue_milestones == 50
    assert len(large.captured_queries) == len(small.captured_queries) <= 4


def test_rag_counts_sentence_when_empty() -> None:
    assert RagCounts().sentence == "No actions."


def test_strategy_summaries(
    world: StrategyWorld, elsewhere: StrategyWorld, viewer: User, actor_of: ActorOf
) -> None:
    summaries = strategy_summaries(actor=actor_of(viewer), today=TODAY)
    assert [(s.slug, c.total) for s, c in summaries] == [("community", 2)]


def test_node_get(world: StrategyWorld, elsewhere: StrategyWorld, viewer: User, actor_of: ActorOf) -> None:
    actor = actor_of(viewer)
    assert node_get(actor=actor, strategy=world.strategy, ref="1.1") == world.priority
    with pytest.raises(NotFound):
        node_get(actor=actor, strategy=world.strategy, ref="7")
    with pytest.raises(NotFound):
        node_get(actor=actor, strategy=elsewhere.strategy, ref="1.1")


def test_actions_are_readable_by_members_but_editable_only_by_their_lead(
    world: StrategyWorld,
    elsewhere: StrategyWorld,
    *,
    viewer: User,
    council_contributor: User,
    charity_contributor: User,
    coordinator: User,
    actor_of: ActorOf,
) -> None:
    pk = world.council_action.pk
    assert action_get(actor=actor_of(viewer), pk=pk) == world.council_action
    assert action_get(actor=actor_of(charity_contributor), pk=pk) == world.council_action
    assert action_get_for_edit(actor=actor_of(council_contributor), pk=pk) == world.council_action
    assert action_get_for_edit(actor=actor_of(coordinator), pk=pk) == world.council_action
    for user in (viewer, charity_contributor):
        with pytest.raises(NotFound):
            action_get_for_edit(actor=actor_of(user), pk=pk)
    with pytest.raises(NotFound):
        action_get(actor=actor_of(coordinator), pk=elsewhere.council_action.pk)


def test_milestone_get_for_edit(
    world: StrategyWorld, council_contributor: User, charity_contributor: User, actor_of: ActorOf
) -> None:
    pk = world.council_milestone.pk
    assert milestone_get_for_edit(actor=actor_of(council_contributor), pk=pk) == world.council_milestone
    with pytest.raises(NotFound):
        milestone_get_for_edit(actor=actor_of(charity_contributor), pk=pk)


def test_action_list_filters(
    world: StrategyWorld,
    elsewhere: StrategyWorld,
    *,
    council: Organisation,
    charity: Organisation,
    viewer: User,
    actor_of: ActorOf,
) -> None:
    actor = actor_of(viewer)
    assert {a.ref for a in action_list(actor=actor)} == {"A1", "A2"}
    assert [a.ref for a in action_list(actor=actor, lead_organisation_id=charity.pk)] == ["A2"]
    assert [a.ref for a in action_list(actor=actor, supporting_organisation_id=council.pk)] == ["A2"]
    assert [a.ref for a in action_list(actor=actor, rag="green")] == ["A1"]
    assert [a.ref for a in action_list(actor=actor, node=world.priority, status="in_progress")] == [
        "A1",
        "A2",
    ]
    late = ActionFactory(node=world.priority, due_date=dt.date(2026, 1, 1), status="on_hold")
    assert [a.ref for a in action_list(actor=actor, overdue=True, today=TODAY)] == [late.ref]
    assert late.ref not in {a.ref for a in action_list(actor=actor, overdue=False, today=TODAY)}


def test_my_actions(
    world: StrategyWorld, council_contributor: User, viewer: User, coordinator: User, actor_of: ActorOf
) -> None:
    assert [a.ref for a in my_actions(actor=actor_of(council_contributor))] == ["A1"]
    assert list(my_actions(actor=actor_of(viewer))) == []
    assert list(my_actions(actor=actor_of(coordinator))) == []  # coordinators lead nothing themselves


def test_overdue_milestones_by_organisation(
    world: StrategyWorld, elsewhere: StrategyWorld, council: Organisation, viewer: User, actor_of: ActorOf
) -> None:
    late = MilestoneFactory(action=world.council_action, due_date=dt.date(2026, 1, 1))
    MilestoneFactory(action=world.charity_action, due_date=dt.date(2026, 1, 1))
    MilestoneFactory(action=elsewhere.council_action, due_date=dt.date(2026, 1, 1))
    actor = actor_of(viewer)
    assert len(overdue_milestone_list(actor=actor, today=TODAY)) == 2
    assert list(overdue_milestone_list(actor=actor, organisation_ids=[council.pk], today=TODAY)) == [late]


def test_initiatives(
    world: StrategyWorld,
    *,
    partnership: Partnership,
    other_partnership: Partnership,
    council: Organisation,
    charity: Organisation,
    council_contributor: User,
    charity_contributor: User,
    actor_of: ActorOf,
) -> None:
    mine = InitiativeFactory(
        partnership=partnership, slug="so-active", lead_organisation=council, kind="project"
    )
    mine.partners.add(charity)
    mine.nodes.add(world.priority)
    InitiativeFactory(partnership=partnership, slug="hub", kind="service")
    InitiativeFactory(partnership=other_partnership, slug="so-active")
    actor = actor_of(charity_contributor)
    assert {i.slug for i in initiative_list(actor=actor)} == {"so-active", "hub"}
    assert [i.slug for i in initiative_list(actor=actor, kind="service")] == ["hub"]
    assert [i.slug for i in initiative_list(actor=actor, organisation_id=charity.pk)] == ["so-active"]
    assert [i.slug for i in initiative_list(actor=actor, node=world.priority)] == ["so-active"]
    assert initiative_get(actor=actor, slug="so-active") == mine
    with pytest.raises(NotFound):
        initiative_get_for_edit(actor=actor, slug="so-active")
    assert initiative_get_for_edit(actor=actor_of(council_contributor), slug="so-active") == mine
    with pytest.raises(NotFound):
        initiative_get_for_edit(actor=actor_of(council_contributor), slug="hub")  # no lead: coordinators only


def test_organisation_overview_and_counts(
    world: StrategyWorld,
    elsewhere: StrategyWorld,
    *,
    partnership: Partnership,
    council: Organisation,
    charity: Organisation,
    viewer: User,
    actor_of: ActorOf,
) -> None:
    initiative = InitiativeFactory(partnership=partnership, lead_organisation=charity)
    initiative.partners.add(council)
    actor = actor_of(viewer)
    overview = organisation_overview(actor=actor, organisation=council, today=TODAY)
    assert [a.ref for a in overview.actions_led] == ["A1"]
    assert [a.ref for a in overview.actions_supported] == ["A2"]
    assert overview.initiatives_led == []
    assert overview.initiatives_supported == [initiative]
    assert overview.initiative_count == 1
    assert overview.counts.total == 1
    counts = organisation_action_counts(actor=actor)
    assert counts[council.pk] == {"led": 1, "supported": 1, "initiatives": 1}
    assert counts[charity.pk] == {"led": 1, "supported": 0, "initiatives": 1}
    with pytest.raises(NotFound):
        organisation_overview(actor=actor, organisation=elsewhere.council_action.lead_organisation)


def test_tag_find(world: StrategyWorld, viewer: User, actor_of: ActorOf) -> None:
    actor = actor_of(viewer)
    tag = tag_find(actor=actor, text="Wider-Determinants")
    assert tag is not None
    assert tag.name == "The wider determinants of health"
    by_name = tag_find(
        actor=actor, text="our behaviours and lifestyles", scheme_slug="kings-fund-population-health"
    )
    assert by_name is not None
    assert by_name.slug == "behaviours-and-lifestyles"
    assert tag_find(actor=actor, text="") is None
    assert tag_find(actor=actor, text="no such pillar") is None


def test_action_history_includes_milestones_and_updates(
    world: StrategyWorld, cli_actor: Actor, viewer: User, actor_of: ActorOf
) -> None:
    action_update(by=cli_actor, action=world.council_action, expected_version=1, description="More detail")
    progress_update_post(
        by=cli_actor, action=world.council_action, period="2026/27 Q2", narrative="x", rag="red"
    )
    from wellboard.strategy.services import milestone_update

    milestone_update(
        by=cli_actor, milestone=world.council_milestone, expected_version=1, title="Parks booked"
    )
    progress_update_post(
        by=cli_actor, action=world.charity_action, period="2026/27 Q2", narrative="y", rag="red"
    )
    events = action_history_events(actor=actor_of(viewer), action=world.council_action)
    assert sorted(e.action for e in events) == [
        "action.update",
        "action.update",
        "milestone.update",
        "progress_update.post",
    ]
