"""Progress updates on parts of the tree: a priority's or recommendation's progress and impact as a
whole, posted by a coordinator, with the same period and replace-or-add rules as an action's."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from django.db import IntegrityError, transaction

from tests.factories.strategy import NodeFactory, ProgressUpdateFactory, StrategyFactory, StrategyWorld
from wellboard.core.access import Actor
from wellboard.core.errors import Conflict, InvalidInput, NotFound, PermissionDenied
from wellboard.core.models import AuditEvent
from wellboard.partners.models import Partnership, User
from wellboard.partners.selectors import actor_for
from wellboard.strategy.models import ProgressUpdate
from wellboard.strategy.selectors import node_latest_updates, node_progress_update_list
from wellboard.strategy.services import node_progress_update_post

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("frozen_clock")]

ActorOf = Callable[[User], Actor]


def post(actor: Actor, world: StrategyWorld, period: str = "2026/27 Q2", **kwargs: object) -> ProgressUpdate:
    arguments: dict[str, object] = {"narrative": "Two of three actions on track", "rag": "amber", **kwargs}
    return node_progress_update_post(by=actor, node=world.priority, period=period, **arguments)  # type: ignore[arg-type]


def test_a_coordinator_posts_an_update_on_a_priority_audited(
    world: StrategyWorld, coordinator: User, actor_of: ActorOf
) -> None:
    update = post(actor_of(coordinator), world)
    assert (update.node_id, update.action_id) == (world.priority.pk, None)
    assert (update.period, update.rag) == ("2026/27 Q2", "amber")
    assert update.author == coordinator
    event = AuditEvent.objects.get(action="progress_update.post")
    assert event.object_id == str(update.pk)
    assert event.after["narrative"] == "Two of three actions on track"
    assert str(update).startswith("1.1 ")


def test_the_action_rags_beneath_are_left_alone(world: StrategyWorld, cli_actor: Actor) -> None:
    post(cli_actor, world, rag="red")
    world.council_action.refresh_from_db()
    assert world.council_action.rag == "green"


@pytest.mark.parametrize("role", ["viewer", "council_contributor", "analyst", "board_member"])
def test_anyone_but_a_coordinator_is_refused(
    world: StrategyWorld, actor_of: ActorOf, role: str, request: pytest.FixtureRequest
) -> None:
    user = request.getfixturevalue(role)
    with pytest.raises(PermissionDenied, match="Only a coordinator can post a progress update"):
        post(actor_of(user), world)
    assert not ProgressUpdate.objects.exists()


def test_a_node_of_another_partnership_is_not_found(
    world: StrategyWorld, outsider: User, other_partnership: Partnership
) -> None:
    actor = actor_for(user=outsider, partnership=other_partnership)
    assert actor is not None
    with pytest.raises(NotFound):
        post(actor, world)
    with pytest.raises(NotFound):
        node_progress_update_list(actor=actor, node=world.priority)
    with pytest.raises(NotFound):
        node_latest_updates(actor=actor, strategy=world.strategy)


def test_bad_input_is_refused_field_by_field_and_nothing_is_written(
    world: StrategyWorld, cli_actor: Actor
) -> None:
    with pytest.raises(InvalidInput) as excinfo:
        post(cli_actor, world, "2027/28 Q1", narrative="  ", rag="purple")
    assert set(excinfo.value.errors) == {"period", "narrative", "rag"}
    assert excinfo.value.errors["period"] == ["2027/28 Q1 has not started yet: choose a period that has"]
    with pytest.raises(InvalidInput) as excinfo:
        post(cli_actor, world, "not a period")
    assert excinfo.value.errors["period"] == ["Enter a period like 2024/25 Q3"]
    assert not ProgressUpdate.objects.exists()


def test_a_second_update_for_a_period_needs_a_mode_then_replaces_or_adds(
    world: StrategyWorld, cli_actor: Actor
) -> None:
    first = post(cli_actor, world)
    with pytest.raises(InvalidInput) as excinfo:
        post(cli_actor, world, narrative="Better than we thought")
    assert excinfo.value.errors["mode"][0].startswith("There is already an update for")
    replaced = post(
        cli_actor, world, narrative="Better than we thought", rag="green", mode="replace",
        expected_version=first.version,
    )  # fmt: skip
    assert (replaced.pk, replaced.narrative, replaced.version) == (first.pk, "Better than we thought", 2)
    with pytest.raises(Conflict):
        post(cli_actor, world, narrative="Stale", mode="replace", expected_version=1)
    same = post(
        cli_actor, world, narrative="Better than we thought", rag="green", mode="replace", expected_version=2
    )
    assert same.version == 2  # a replacement that changes nothing writes nothing
    post(cli_actor, world, narrative="A second view", mode="add")
    assert ProgressUpdate.objects.filter(node=world.priority, period="2026/27 Q2").count() == 2
    assert list(AuditEvent.objects.order_by("id").values_list("action", flat=True)) == [
        "progress_update.post",
        "progress_update.replace",
        "progress_update.post",
    ]


def test_replacing_needs_an_update_of_the_same_node_and_period(
    world: StrategyWorld, cli_actor: Actor
) -> None:
    ProgressUpdateFactory(action=world.council_action, period="2026/27 Q2")
    with pytest.raises(InvalidInput) as excinfo:
        post(cli_actor, world, mode="replace", expected_version=1)
    assert excinfo.value.errors["mode"] == ["There is no update for 2026/27 Q2 to replace"]


def test_an_update_names_exactly_one_of_an_action_and_a_node(world: StrategyWorld) -> None:
    with transaction.atomic(), pytest.raises(IntegrityError):
        ProgressUpdateFactory(action=world.council_action, node=world.priority)
    with transaction.atomic(), pytest.raises(IntegrityError):
        ProgressUpdateFactory(action=None, node=None)


def test_selectors_list_a_nodes_updates_by_period_and_the_latest_of_each_node(
    world: StrategyWorld, cli_actor: Actor, viewer: User, actor_of: ActorOf
) -> None:
    old = post(cli_actor, world, "2025/26 Q4", narrative="Early days")
    newer = post(cli_actor, world, "2026/27 Q1", narrative="Under way")
    added = post(cli_actor, world, "2026/27 Q1", narrative="And another view", mode="add")
    theme_update = node_progress_update_post(
        by=cli_actor, node=world.theme, period="2025/26 Q3", narrative="Theme started", rag="green"
    )
    ProgressUpdateFactory(action=world.council_action, period="2026/27 Q2")  # not a node's
    reader = actor_of(viewer)
    assert list(node_progress_update_list(actor=reader, node=world.priority)) == [added, newer, old]
    in_q1 = node_progress_update_list(actor=reader, node=world.priority, period="2026/27 Q1")
    assert list(in_q1) == [added, newer]
    assert node_latest_updates(actor=reader, strategy=world.strategy) == {
        world.priority.pk: added,
        world.theme.pk: theme_update,
    }
    other = StrategyFactory(partnership=world.strategy.partnership, slug="other")
    NodeFactory(strategy=other, ref="9")
    assert node_latest_updates(actor=reader, strategy=other) == {}
