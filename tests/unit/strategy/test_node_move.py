"""Moving a node under a new parent keeps the position the caller gives, or appends it."""

from __future__ import annotations

import datetime as dt

import pytest

from wellboard.core.access import Actor
from wellboard.strategy.services import node_create, node_update, strategy_create

pytestmark = pytest.mark.django_db


def test_move_keeps_an_explicit_position_even_if_unchanged(cli_actor: Actor) -> None:
    strategy = strategy_create(
        by=cli_actor,
        title="Plan",
        start_date=dt.date(2025, 4, 1),
        end_date=dt.date(2028, 3, 31),
        level_names=["Theme", "Priority"],
    )
    first = node_create(by=cli_actor, strategy=strategy, title="First theme")
    second = node_create(by=cli_actor, strategy=strategy, title="Second theme")
    for title in ("a", "b", "c"):
        node_create(by=cli_actor, strategy=strategy, title=title, parent=second)
    moving = node_create(by=cli_actor, strategy=strategy, title="Moving", parent=first)
    old_position = moving.position
    appended_under_second = max(n.position for n in second.children.all()) + 1
    assert old_position < appended_under_second

    moved = node_update(
        by=cli_actor, node=moving, expected_version=None, parent=second, position=old_position
    )
    assert moved.parent_id == second.pk
    assert moved.position == old_position

    back = node_update(by=cli_actor, node=moved, expected_version=None, parent=first)
    assert back.parent_id == first.pk
    assert back.position == old_position  # appended: first has no other children
