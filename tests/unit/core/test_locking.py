"""``lock_for_edit`` and ``lock_if_exists`` find a record only within the actor's partnership, directly
or through a parent."""

from __future__ import annotations

import pytest

from tests.factories.strategy import build_strategy_world
from wellboard.core.errors import NotFound
from wellboard.core.locking import ITSELF, lock_for_edit, lock_if_exists
from wellboard.partners.models import Partnership
from wellboard.strategy.models import Action, Milestone, Strategy

pytestmark = pytest.mark.django_db(transaction=False)


def test_a_record_of_the_partnership_is_locked_and_returned(partnership: Partnership) -> None:
    world = build_strategy_world(partnership)
    found = lock_for_edit(Strategy, pk=world.strategy.pk, partnership_id=partnership.pk, what="strategy")
    assert found == world.strategy
    action = lock_for_edit(
        Action.objects.select_related("strategy"),
        pk=world.council_action.pk,
        partnership_id=partnership.pk,
        via="strategy",
        what="action",
    )
    assert action == world.council_action
    milestone = lock_for_edit(
        Milestone,
        pk=world.council_milestone.pk,
        partnership_id=partnership.pk,
        via="action__strategy",
        what="milestone",
    )
    assert milestone == world.council_milestone


def test_another_partnerships_record_is_not_found(
    partnership: Partnership, other_partnership: Partnership
) -> None:
    world = build_strategy_world(partnership)
    with pytest.raises(NotFound, match="We could not find that strategy"):
        lock_for_edit(Strategy, pk=world.strategy.pk, partnership_id=other_partnership.pk, what="strategy")
    with pytest.raises(NotFound, match="We could not find that milestone"):
        lock_for_edit(
            Milestone,
            pk=world.council_milestone.pk,
            partnership_id=other_partnership.pk,
            via="action__strategy",
            what="milestone",
        )


def test_a_record_that_may_not_exist_yet_is_locked_by_what_names_it(
    partnership: Partnership, other_partnership: Partnership
) -> None:
    world = build_strategy_world(partnership)
    found = lock_if_exists(
        Action,
        partnership_id=partnership.pk,
        via="strategy",
        strategy=world.strategy,
        ref=world.council_action.ref,
    )
    assert found == world.council_action
    assert lock_if_exists(Action, partnership_id=partnership.pk, via="strategy", ref="no-such-ref") is None
    elsewhere = lock_if_exists(
        Action, partnership_id=other_partnership.pk, via="strategy", ref=world.council_action.ref
    )
    assert elsewhere is None


def test_a_partnership_is_locked_as_itself(partnership: Partnership, other_partnership: Partnership) -> None:
    found = lock_for_edit(
        Partnership, pk=partnership.pk, partnership_id=partnership.pk, via=ITSELF, what="partnership"
    )
    assert found == partnership
    with pytest.raises(NotFound, match="We could not find that partnership"):
        lock_for_edit(
            Partnership,
            pk=other_partnership.pk,
            partnership_id=partnership.pk,
            via=ITSELF,
            what="partnership",
        )
