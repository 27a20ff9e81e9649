from __future__ import annotations

import datetime as dt
from collections.abc import Callable

import pytest

from tests.factories.strategy import NodeFactory, StrategyFactory, StrategyWorld
from wellboard.core.access import Actor
from wellboard.core.errors import Conflict, InvalidInput, NotFound, PermissionDenied
from wellboard.core.models import AuditEvent
from wellboard.partners.models import Partnership, User
from wellboard.strategy.models import Node, Strategy, Tag
from wellboard.strategy.services import (
    node_create,
    node_delete,
    node_update,
    strategy_create,
    strategy_update,
)

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("frozen_clock")]

ActorOf = Callable[[User], Actor]


def make_strategy(actor: Actor, **overrides: object) -> Strategy:
    values: dict[str, object] = {
        "title": "Healthy Stevenage",
        "start_date": dt.date(2024, 4, 1),
        "end_date": dt.date(2027, 3, 31),
        "level_names": ["Theme", "Priority"],
    }
    values.update(overrides)
    return strategy_create(by=actor, **values)  # type: ignore[arg-type]


# ---------------------------------------------------------------- strategies


def test_strategy_create_makes_slug_and_audits(cli_actor: Actor) -> None:
    strategy = make_strategy(cli_actor, vision="A prosperous town")
    assert strategy.slug == "healthy-stevenage"
    assert strategy.status == "draft"
    assert strategy.level_names == ["Theme", "Priority"]
    again = make_strategy(cli_actor)
    assert again.slug == "healthy-stevenage-2"
    event = AuditEvent.objects.get(action="strategy.create", object_id=str(strategy.pk))
    assert event.before is None
    assert event.after is not None
    assert event.after["title"] == "Healthy Stevenage"


def test_strategy_create_reads_level_names_from_text(cli_actor: Actor) -> None:
    strategy = make_strategy(cli_actor, level_names="Pillar \u203a Recommendation")
    assert strategy.level_names == ["Pillar", "Recommendation"]


def test_strategy_create_validates_every_field(cli_actor: Actor) -> None:
    with pytest.raises(InvalidInput) as excinfo:
        make_strategy(
            cli_actor,
            title=" ",
            start_date=dt.date(2027, 1, 1),
            end_date=dt.date(2026, 1, 1),
            level_names=[],
            status="published",
            slug="Not A Slug",
        )
    errors = excinfo.value.errors
    assert errors["title"] == ["Enter a title"]
    assert errors["end_date"] == ["The end date must be after the start date"]
    assert errors["level_names"] == ["Enter at least one level name, like Priority"]
    assert errors["status"] == ["Choose a status: draft, live, archived"]
    assert "lower-case" in errors["slug"][0]
    assert not Strategy.objects.exists()


def test_strategy_slug_new_is_reserved(cli_actor: Actor) -> None:
    with pytest.raises(InvalidInput, match="cannot be used"):
        make_strategy(cli_actor, slug="new")
    assert make_strategy(cli_actor, title="New").slug == "new-1"


def test_only_coordinators_create_strategies(
    viewer: User, council_contributor: User, actor_of: ActorOf
) -> None:
    for user in (viewer, council_contributor):
        with pytest.raises(PermissionDenied):
            make_strategy(actor_of(user))


def test_strategy_update_changes_audits_and_bumps(world: StrategyWorld, cli_actor: Actor) -> None:
    updated = strategy_update(
        by=cli_actor, strategy=world.strategy, expected_version=1, status="archived", vision="New vision"
    )
    assert updated.version == 2
    event = AuditEvent.objects.get(action="strategy.update")
    changes = {f: (b, a) for f, b, a in event.changes()}
    assert changes["status"] == ("live", "archived")
    assert changes["vision"][1] == "New vision"


def test_strategy_update_refuses_stale_version(world: StrategyWorld, cli_actor: Actor) -> None:
    strategy_update(by=cli_actor, strategy=world.strategy, expected_version=1, title="First")
    with pytest.raises(Conflict):
        strategy_update(by=cli_actor, strategy=world.strategy, expected_version=1, title="Second")
    world.strategy.refresh_from_db()
    assert world.strategy.title == "First"


def test_strategy_update_without_change_writes_nothing(world: StrategyWorld, cli_actor: Actor) -> None:
    same = strategy_update(
        by=cli_actor, strategy=world.strategy, expected_version=1, title=world.strategy.title
    )
    assert same.version == 1
    assert not AuditEvent.objects.filter(action="strategy.update").exists()


def test_strategy_update_keeps_levels_the_tree_uses(world: StrategyWorld, cli_actor: Actor) -> None:
    with pytest.raises(InvalidInput, match="2 levels deep"):
        strategy_update(
            by=cli_actor, strategy=world.strategy, expected_version=None, level_names=["Priority"]
        )


def test_strategy_update_other_partnership_is_not_found(
    world: StrategyWorld, other_partnership: Partnership
) -> None:
    with pytest.raises(NotFound):
        strategy_update(
            by=Actor.command_line(other_partnership.pk),
            strategy=world.strategy,
            expected_version=1,
            title="x",
        )


def test_strategy_update_by_viewer_is_denied(world: StrategyWorld, viewer: User, actor_of: ActorOf) -> None:
    with pytest.raises(PermissionDenied):
        strategy_update(by=actor_of(viewer), strategy=world.strategy, expected_version=1, title="x")


def test_strategy_update_rejects_unknown_fields(world: StrategyWorld, cli_actor: Actor) -> None:
    with pytest.raises(InvalidInput, match="partnership"):
        strategy_update(by=cli_actor, strategy=world.strategy, expected_version=1, partnership=None)


# ---------------------------------------------------------------- nodes


def test_node_create_numbers_refs_and_positions(cli_actor: Actor) -> None:
    strategy = make_strategy(cli_actor)
    economy = node_create(by=cli_actor, strategy=strategy, title="Healthy economy")
    people = node_create(by=cli_actor, strategy=strategy, title="Healthy people")
    jobs = node_create(by=cli_actor, strategy=strategy, title="Skills", parent=economy)
    money = node_create(by=cli_actor, strategy=strategy, title="Money", parent=economy)
    assert [economy.ref, people.ref, jobs.ref, money.ref] == ["1", "2", "1.1", "1.2"]
    assert [economy.position, people.position, jobs.position, money.position] == [1, 2, 1, 2]
    assert jobs.depth == 1
    assert jobs.level_name == "Priority"
    assert AuditEvent.objects.filter(action="node.create").count() == 4


def test_node_create_skips_refs_already_taken(cli_actor: Actor) -> None:
    strategy = make_strategy(cli_actor)
    node_create(by=cli_actor, strategy=strategy, title="Imported", ref="2")
    assert node_create(by=cli_actor, strategy=strategy, title="Next").ref == "3"


def test_node_create_tags_with_builtin_model(cli_actor: Actor) -> None:
    strategy = make_strategy(cli_actor)
    pillar = Tag.objects.get(scheme__slug="kings-fund-population-health", slug="wider-determinants")
    node = node_create(by=cli_actor, strategy=strategy, title="Economy", tags=[pillar])
    assert list(node.tags.all()) == [pillar]
    event = AuditEvent.objects.get(action="node.create")
    assert event.after is not None
    assert event.after["tags"] == ["The wider determinants of health"]


def test_node_create_validates(cli_actor: Actor, world: StrategyWorld) -> None:
    other = StrategyFactory(partnership=world.strategy.partnership)
    with pytest.raises(InvalidInput) as excinfo:
        node_create(by=cli_actor, strategy=other, title="", parent=world.theme, ref="1 2", tags=[999999])
    errors = excinfo.value.errors
    assert errors["title"] == ["Enter a title"]
    assert errors["parent"] == ["Choose a parent from the same strategy"]
    assert "letters, numbers" in errors["ref"][0]
    assert errors["tags"] == ["Choose tags from the list"]


def test_node_create_respects_the_number_of_levels(cli_actor: Actor, world: StrategyWorld) -> None:
    with pytest.raises(InvalidInput, match="lowest level"):
        node_create(by=cli_actor, strategy=world.strategy, title="Too deep", parent=world.priority)


def test_node_create_refuses_duplicate_ref(cli_actor: Actor, world: StrategyWorld) -> None:
    with pytest.raises(InvalidInput, match="already used"):
        node_create(by=cli_actor, strategy=world.strategy, title="Again", ref="1.1")


def test_node_create_needs_coordinator(
    world: StrategyWorld, council_contributor: User, actor_of: ActorOf
) -> None:
    with pytest.raises(PermissionDenied):
        node_create(by=actor_of(council_contributor), strategy=world.strategy, title="Mine")


def test_node_create_in_other_partnership_is_not_found(world: StrategyWorld, outsider: User) -> None:
    from wellboard.partners.selectors import actor_for

    actor = actor_for(user=outsider, partnership=outsider.role_grants.get().partnership)
    assert actor is not None
    with pytest.raises(NotFound):
        node_create(by=actor, strategy=world.strategy, title="Sneaky")


def test_node_update_moves_and_audits(cli_actor: Actor, world: StrategyWorld) -> None:
    second = NodeFactory(strategy=world.strategy, ref="2", title="Healthy communities", position=2)
    moved = node_update(
        by=cli_actor, node=world.priority, expected_version=1, parent=second, title="Volunteering"
    )
    assert moved.parent_id == second.pk
    assert moved.depth == 1
    assert moved.version == 2
    event = AuditEvent.objects.get(action="node.update")
    fields = {f for f, _, _ in event.changes()}
    assert {"parent", "title", "version"} <= fields


def test_node_update_to_top_level_moves_its_children_up(cli_actor: Actor) -> None:
    strategy = make_strategy(cli_actor, level_names=["Theme", "Priority", "Objective"])
    theme = node_create(by=cli_actor, strategy=strategy, title="Theme")
    priority = node_create(by=cli_actor, strategy=strategy, title="Priority", parent=theme)
    objective = node_create(by=cli_actor, strategy=strategy, title="Objective", parent=priority)
    node_update(by=cli_actor, node=priority, expected_version=None, parent=None)
    objective.refresh_from_db()
    assert objective.depth == 1


def test_node_update_refuses_cycles_and_depth(cli_actor: Actor, world: StrategyWorld) -> None:
    with pytest.raises(InvalidInput, match="beneath itself"):
        node_update(by=cli_actor, node=world.theme, expected_version=1, parent=world.priority)
    other_theme = NodeFactory(strategy=world.strategy, ref="9", title="Another theme")
    with pytest.raises(InvalidInput, match="deeper"):
        node_update(by=cli_actor, node=world.theme, expected_version=1, parent=other_theme)


def test_node_update_tags_and_stale_version(cli_actor: Actor, world: StrategyWorld) -> None:
    pillar = Tag.objects.get(slug="places-and-communities")
    node_update(by=cli_actor, node=world.theme, expected_version=1, tags=[pillar.pk])
    assert list(world.theme.tags.all()) == [pillar]
    with pytest.raises(Conflict):
        node_update(by=cli_actor, node=world.theme, expected_version=1, title="Old copy")


def test_node_update_no_change_is_no_write(cli_actor: Actor, world: StrategyWorld) -> None:
    node = node_update(by=cli_actor, node=world.theme, expected_version=1, title=world.theme.title, tags=[])
    assert node.version == 1
    assert not AuditEvent.objects.filter(action="node.update").exists()


def test_node_delete_refuses_while_anything_is_beneath(cli_actor: Actor, world: StrategyWorld) -> None:
    with pytest.raises(InvalidInput, match="priority under 1 first"):
        node_delete(by=cli_actor, node=world.theme)
    with pytest.raises(InvalidInput, match=r"2 actions under 1\.1"):
        node_delete(by=cli_actor, node=world.priority)
    empty = NodeFactory(strategy=world.strategy, ref="3", title="Empty")
    node_delete(by=cli_actor, node=empty)
    assert not Node.objects.filter(pk=empty.pk).exists()
    event = AuditEvent.objects.get(action="node.delete")
    assert event.before is not None
    assert event.before["title"] == "Empty"


def test_node_delete_needs_coordinator(world: StrategyWorld, board_member: User, actor_of: ActorOf) -> None:
    empty = NodeFactory(strategy=world.strategy, ref="3", title="Empty")
    with pytest.raises(PermissionDenied):
        node_delete(by=actor_of(board_member), node=empty)
