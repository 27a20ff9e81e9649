from __future__ import annotations

import datetime as dt
from collections.abc import Callable

import pytest

from tests.factories import OrganisationFactory
from tests.factories.strategy import ProgressUpdateFactory, StrategyWorld
from wellboard.core.access import Actor
from wellboard.core.errors import Conflict, InvalidInput, NotFound, PermissionDenied
from wellboard.core.models import AuditEvent
from wellboard.partners.models import Organisation, Partnership, User
from wellboard.strategy.models import Action, Milestone, ProgressUpdate
from wellboard.strategy.services import (
    action_create,
    action_delete,
    action_update,
    milestone_create,
    milestone_delete,
    milestone_update,
    progress_update_post,
)

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("frozen_clock")]

ActorOf = Callable[[User], Actor]


# ---------------------------------------------------------------- action_create


def test_action_create_numbers_refs_per_strategy(
    world: StrategyWorld, cli_actor: Actor, council: Organisation, charity: Organisation
) -> None:
    action = action_create(
        by=cli_actor,
        node=world.priority,
        title="Train 50 mental health first aiders",
        lead_organisation=charity,
        supporting_organisations=[council],
        start_date=dt.date(2025, 4, 1),
        due_date=dt.date(2026, 3, 31),
        smart_target="50 trained by March 2026",
    )
    assert action.ref == "A3"  # A1 and A2 exist
    assert action.strategy_id == world.strategy.pk
    assert action.position == max(world.council_action.position, world.charity_action.position) + 1
    assert list(action.supporting_organisations.all()) == [council]
    event = AuditEvent.objects.get(action="action.create")
    assert event.after is not None
    assert event.after["lead_organisation"] == "Test Charity"
    assert event.after["supporting_organisations"] == ["Test Council"]


def test_action_create_validates(
    world: StrategyWorld, cli_actor: Actor, council: Organisation, other_partnership: Partnership
) -> None:
    stranger = OrganisationFactory(partnership=other_partnership, name="Elsewhere Council")
    with pytest.raises(InvalidInput) as excinfo:
        action_create(
            by=cli_actor,
            node=world.priority,
            title="",
            lead_organisation=stranger,
            supporting_organisations=[stranger],
            start_date=dt.date(2026, 4, 1),
            due_date=dt.date(2025, 4, 1),
            status="finished",
            rag="purple",
            ref="A1",
        )
    errors = excinfo.value.errors
    assert errors["title"] == ["Enter the action's title"]
    assert errors["lead_organisation"] == ["Choose an organisation that is a member of this partnership"]
    assert errors["supporting_organisations"] == ["Choose organisations that are members of this partnership"]
    assert errors["due_date"] == ["The due date must be on or after the start date"]
    assert errors["status"][0].startswith("Choose a status")
    assert errors["rag"][0].startswith("Choose a RAG rating")
    assert errors["ref"] == ["The reference 'A1' is already used in this strategy"]
    assert Action.objects.count() == 2


def test_action_create_lead_cannot_also_support(
    world: StrategyWorld, cli_actor: Actor, council: Organisation
) -> None:
    with pytest.raises(InvalidInput, match="cannot also be a supporting"):
        action_create(
            by=cli_actor,
            node=world.priority,
            title="x",
            lead_organisation=council,
            supporting_organisations=[council],
        )


def test_action_create_accepts_status_labels(
    world: StrategyWorld, cli_actor: Actor, council: Organisation
) -> None:
    action = action_create(
        by=cli_actor,
        node=world.priority,
        title="x",
        lead_organisation=council,
        status="In progress",
        rag="Amber",
    )
    assert (action.status, action.rag) == ("in_progress", "amber")


def test_action_create_needs_coordinator(
    world: StrategyWorld, council_contributor: User, council: Organisation, actor_of: ActorOf
) -> None:
    with pytest.raises(PermissionDenied):
        action_create(
            by=actor_of(council_contributor), node=world.priority, title="x", lead_organisation=council
        )


# ---------------------------------------------------------------- action_update


def test_contributor_updates_own_action_within_their_fields(
    world: StrategyWorld, council_contributor: User, actor_of: ActorOf
) -> None:
    actor = actor_of(council_contributor)
    updated = action_update(
        by=actor,
        action=world.council_action,
        expected_version=1,
        status="on_hold",
        rag="red",
        due_date=dt.date(2027, 6, 30),
        smart_target="Sessions in all 12 parks",
    )
    assert (updated.status, updated.rag, updated.version) == ("on_hold", "red", 2)
    event = AuditEvent.objects.get(action="action.update")
    assert event.actor == council_contributor
    changes = {f: (b, a) for f, b, a in event.changes()}
    assert changes["rag"] == ("green", "red")
    assert changes["due_date"] == ("2027-03-31", "2027-06-30")


def test_contributor_cannot_change_lead_or_title(
    world: StrategyWorld, council_contributor: User, charity: Organisation, actor_of: ActorOf
) -> None:
    actor = actor_of(council_contributor)
    with pytest.raises(PermissionDenied, match="lead organisation"):
        action_update(by=actor, action=world.council_action, expected_version=1, lead_organisation=charity)
    with pytest.raises(PermissionDenied, match="title"):
        action_update(by=actor, action=world.council_action, expected_version=1, title="Renamed")
    # Sending the current values back (as a full form does) is not a change.
    same = action_update(
        by=actor,
        action=world.council_action,
        expected_version=1,
        title=world.council_action.title,
        lead_organisation=world.council_action.lead_organisation,
        rag="amber",
    )
    assert same.rag == "amber"


def test_contributor_of_another_organisation_gets_not_found(
    world: StrategyWorld, charity_contributor: User, actor_of: ActorOf
) -> None:
    with pytest.raises(NotFound):
        action_update(
            by=actor_of(charity_contributor), action=world.council_action, expected_version=1, rag="red"
        )
    world.council_action.refresh_from_db()
    assert world.council_action.rag == "green"


def test_viewer_and_board_cannot_update(
    world: StrategyWorld, viewer: User, board_member: User, actor_of: ActorOf
) -> None:
    for user in (viewer, board_member):
        with pytest.raises(NotFound):
            action_update(by=actor_of(user), action=world.council_action, expected_version=1, rag="red")


def test_coordinator_changes_lead_and_supporters(
    world: StrategyWorld, coordinator: User, council: Organisation, charity: Organisation, actor_of: ActorOf
) -> None:
    updated = action_update(
        by=actor_of(coordinator),
        action=world.charity_action,
        expected_version=1,
        lead_organisation=council,
        supporting_organisations=[charity],
    )
    assert updated.lead_organisation == council
    assert list(updated.supporting_organisations.all()) == [charity]
    event = AuditEvent.objects.get(action="action.update")
    changes = {f: (b, a) for f, b, a in event.changes()}
    assert changes["lead_organisation"] == ("Test Charity", "Test Council")
    assert changes["supporting_organisations"] == (["Test Council"], ["Test Charity"])


def test_action_update_conflict_keeps_the_other_save(world: StrategyWorld, cli_actor: Actor) -> None:
    action_update(by=cli_actor, action=world.council_action, expected_version=1, description="Theirs")
    with pytest.raises(Conflict) as excinfo:
        action_update(by=cli_actor, action=world.council_action, expected_version=1, description="Mine")
    assert excinfo.value.current_version == 2
    world.council_action.refresh_from_db()
    assert world.council_action.description == "Theirs"


def test_action_update_validates_dates_against_stored_values(world: StrategyWorld, cli_actor: Actor) -> None:
    with pytest.raises(InvalidInput, match="on or after the start date"):
        action_update(
            by=cli_actor, action=world.council_action, expected_version=1, due_date=dt.date(2020, 1, 1)
        )


def test_action_update_node_must_be_in_same_strategy(world: StrategyWorld, cli_actor: Actor) -> None:
    from tests.factories.strategy import NodeFactory

    elsewhere = NodeFactory()
    with pytest.raises(InvalidInput, match="same strategy"):
        action_update(by=cli_actor, action=world.council_action, expected_version=1, node=elsewhere)


def test_action_update_without_change_writes_nothing(world: StrategyWorld, cli_actor: Actor) -> None:
    action = action_update(by=cli_actor, action=world.council_action, expected_version=1, rag="green")
    assert action.version == 1
    # The same values written as people type them in a spreadsheet are no change either.
    action = action_update(
        by=cli_actor, action=world.council_action, expected_version=1, status="In progress", rag="Green"
    )
    assert action.version == 1
    assert not AuditEvent.objects.filter(action="action.update").exists()


# ---------------------------------------------------------------- action_delete


def test_action_delete(world: StrategyWorld, cli_actor: Actor) -> None:
    action_delete(by=cli_actor, action=world.council_action)
    assert not Action.objects.filter(pk=world.council_action.pk).exists()
    assert not Milestone.objects.filter(pk=world.council_milestone.pk).exists()
    event = AuditEvent.objects.get(action="action.delete")
    assert event.before is not None
    assert event.before["title"] == "Run pop-up play in parks"


def test_action_delete_permissions(
    world: StrategyWorld, council_contributor: User, charity_contributor: User, actor_of: ActorOf
) -> None:
    with pytest.raises(PermissionDenied):
        action_delete(by=actor_of(council_contributor), action=world.council_action)
    with pytest.raises(NotFound):
        action_delete(by=actor_of(charity_contributor), action=world.council_action)
    assert Action.objects.filter(pk=world.council_action.pk).exists()


# ---------------------------------------------------------------- milestones


def test_contributor_manages_milestones_of_own_action(
    world: StrategyWorld, council_contributor: User, actor_of: ActorOf
) -> None:
    actor = actor_of(council_contributor)
    milestone = milestone_create(
        by=actor, action=world.council_action, title="Buy activity packs", due_date=dt.date(2026, 6, 1)
    )
    assert milestone.position == world.council_milestone.position + 1
    done = milestone_update(
        by=actor, milestone=milestone, expected_version=1, completed_on=dt.date(2026, 5, 20)
    )
    assert done.completed_on == dt.date(2026, 5, 20)
    assert done.version == 2
    milestone_delete(by=actor, milestone=done)
    assert [e.action for e in AuditEvent.objects.order_by("at", "id")] == [
        "milestone.create",
        "milestone.update",
        "milestone.delete",
    ]


def test_milestones_of_another_organisation_are_not_found(
    world: StrategyWorld, charity_contributor: User, actor_of: ActorOf
) -> None:
    actor = actor_of(charity_contributor)
    with pytest.raises(NotFound):
        milestone_create(by=actor, action=world.council_action, title="x", due_date=dt.date(2026, 1, 1))
    with pytest.raises(NotFound):
        milestone_update(by=actor, milestone=world.council_milestone, expected_version=1, title="x")
    with pytest.raises(NotFound):
        milestone_delete(by=actor, milestone=world.council_milestone)


def test_milestone_validation(world: StrategyWorld, cli_actor: Actor) -> None:
    with pytest.raises(InvalidInput) as excinfo:
        milestone_create(
            by=cli_actor,
            action=world.council_action,
            title=" ",
            due_date=None,  # type: ignore[arg-type]
            completed_on=dt.date(2027, 1, 1),
        )
    errors = excinfo.value.errors
    assert errors["title"] == ["Enter the milestone"]
    assert errors["due_date"] == ["Enter the date the milestone is due"]
    assert errors["completed_on"] == ["The date it was done must be today or in the past"]


def test_milestone_update_conflict(world: StrategyWorld, cli_actor: Actor) -> None:
    milestone_update(by=cli_actor, milestone=world.council_milestone, expected_version=1, title="One")
    with pytest.raises(Conflict):
        milestone_update(by=cli_actor, milestone=world.council_milestone, expected_version=1, title="Two")


# ---------------------------------------------------------------- progress updates


def test_contributor_posts_update_which_sets_rag(
    world: StrategyWorld, council_contributor: User, actor_of: ActorOf
) -> None:
    update = progress_update_post(
        by=actor_of(council_contributor),
        action=world.council_action,
        period="2026/27 Q2",
        narrative="  Sixty sessions in twelve parks.  ",
        rag="amber",
    )
    assert (update.period, update.period_start) == ("2026/27 Q2", dt.date(2026, 7, 1))
    assert update.narrative == "Sixty sessions in twelve parks."
    assert update.author == council_contributor
    assert update.author_label == council_contributor.get_full_name()
    world.council_action.refresh_from_db()
    assert (world.council_action.rag, world.council_action.version) == ("amber", 2)
    assert AuditEvent.objects.filter(action="progress_update.post").count() == 1
    rag_event = AuditEvent.objects.get(action="action.update")
    assert rag_event.changes() == [("rag", "green", "amber"), ("version", 1, 2)]


def test_backfilled_update_keeps_the_latest_rag(world: StrategyWorld, cli_actor: Actor) -> None:
    progress_update_post(
        by=cli_actor, action=world.council_action, period="2026/27 Q2", narrative="Now", rag="red"
    )
    progress_update_post(
        by=cli_actor, action=world.council_action, period="2025/26 Q4", narrative="Earlier", rag="green"
    )
    world.council_action.refresh_from_db()
    assert world.council_action.rag == "red"
    assert ProgressUpdate.objects.filter(action=world.council_action).count() == 2


def test_coordinator_posts_to_any_action(world: StrategyWorld, coordinator: User, actor_of: ActorOf) -> None:
    update = progress_update_post(
        by=actor_of(coordinator),
        action=world.charity_action,
        period="2026/27 Q1",
        narrative="ok",
        rag="green",
    )
    assert update.pk is not None


@pytest.mark.parametrize("who", ["charity_contributor", "viewer", "board_member", "analyst"])
def test_others_cannot_post_updates(
    who: str, world: StrategyWorld, request: pytest.FixtureRequest, actor_of: ActorOf
) -> None:
    user: User = request.getfixturevalue(who)
    with pytest.raises(NotFound):
        progress_update_post(
            by=actor_of(user), action=world.council_action, period="2026/27 Q2", narrative="x", rag="red"
        )
    assert not ProgressUpdate.objects.exists()


def test_update_in_other_partnership_is_not_found(
    world: StrategyWorld, other_partnership: Partnership
) -> None:
    with pytest.raises(NotFound):
        progress_update_post(
            by=Actor.command_line(other_partnership.pk),
            action=world.council_action,
            period="2026/27 Q2",
            narrative="x",
            rag="red",
        )


def test_progress_update_validation(world: StrategyWorld, cli_actor: Actor) -> None:
    with pytest.raises(InvalidInput) as excinfo:
        progress_update_post(
            by=cli_actor, action=world.council_action, period="last quarter", narrative="", rag=""
        )
    errors = excinfo.value.errors
    assert errors["period"] == ["Enter a period like 2024/25 Q3"]
    assert errors["narrative"] == ["Describe the action to date"]
    assert errors["rag"][0].startswith("Choose a RAG rating")
    with pytest.raises(InvalidInput, match="has not started yet"):
        progress_update_post(
            by=cli_actor, action=world.council_action, period="2027/28 Q1", narrative="x", rag="red"
        )
    with pytest.raises(InvalidInput, match="10,000 characters"):
        progress_update_post(
            by=cli_actor, action=world.council_action, period="2026/27 Q3", narrative="x" * 10_001, rag="red"
        )
    assert not ProgressUpdate.objects.exists()


def test_progress_update_accepts_other_period_kinds(world: StrategyWorld, cli_actor: Actor) -> None:
    ProgressUpdateFactory(action=world.charity_action)
    update = progress_update_post(
        by=cli_actor, action=world.council_action, period="2026-10", narrative="October", rag="green"
    )
    assert update.period == "2026-10"
