from __future__ import annotations

import datetime as dt
from collections.abc import Callable

import pytest

from tests.factories import OrganisationFactory
from tests.factories.strategy import InitiativeFactory, NodeFactory, StrategyWorld
from wellboard.core.access import Actor
from wellboard.core.errors import Conflict, InvalidInput, NotFound, PermissionDenied
from wellboard.core.models import AuditEvent
from wellboard.partners.models import Organisation, Partnership, User
from wellboard.strategy.models import Initiative
from wellboard.strategy.services import initiative_create, initiative_delete, initiative_update

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("frozen_clock")]

ActorOf = Callable[[User], Actor]


def test_initiative_create_with_everything(
    world: StrategyWorld, cli_actor: Actor, council: Organisation, charity: Organisation
) -> None:
    initiative = initiative_create(
        by=cli_actor,
        name="Pop-up Play",
        kind="event",
        description="Play sessions in parks",
        start_date=dt.date(2020, 7, 27),
        end_date=dt.date(2020, 8, 28),
        lead_organisation=council,
        partners=[charity],
        target_groups=["Families", " ", "Children", "Families"],
        places="Fairlands Valley Park\nKing George V playing fields\n",
        funding="Donations and councillor budgets",
        nodes=[world.priority],
    )
    assert initiative.slug == "pop-up-play"
    assert initiative.target_groups == ["Families", "Children"]
    assert initiative.places == ["Fairlands Valley Park", "King George V playing fields"]
    assert list(initiative.partners.all()) == [charity]
    assert list(initiative.nodes.all()) == [world.priority]
    event = AuditEvent.objects.get(action="initiative.create")
    assert event.after is not None
    assert event.after["nodes"] == ["1.1 Support good mental health"]


def test_initiative_create_validates(cli_actor: Actor, other_partnership: Partnership) -> None:
    stranger = OrganisationFactory(partnership=other_partnership)
    foreign_node = NodeFactory()
    with pytest.raises(InvalidInput) as excinfo:
        initiative_create(
            by=cli_actor,
            name="",
            kind="party",
            start_date=dt.date(2021, 1, 1),
            end_date=dt.date(2020, 1, 1),
            lead_organisation=stranger,
            partners=[stranger],
            nodes=[foreign_node],
            slug="new",
        )
    errors = excinfo.value.errors
    assert errors["name"] == ["Enter the initiative's name"]
    assert errors["kind"][0].startswith("Choose what kind it is")
    assert errors["end_date"] == ["The end date must be on or after the start date"]
    assert errors["lead_organisation"] == ["Choose an organisation that is a member of this partnership"]
    assert errors["partners"] == ["Choose organisations that are members of this partnership"]
    assert errors["nodes"] == ["Choose parts of this partnership's strategies"]
    assert "cannot be used" in errors["slug"][0]
    assert not Initiative.objects.exists()


def test_initiative_create_needs_coordinator(
    partnership: Partnership, council_contributor: User, actor_of: ActorOf
) -> None:
    with pytest.raises(PermissionDenied):
        initiative_create(by=actor_of(council_contributor), name="Mine", kind="project")


def test_lead_contributor_keeps_initiative_up_to_date(
    partnership: Partnership,
    council: Organisation,
    charity: Organisation,
    council_contributor: User,
    actor_of: ActorOf,
) -> None:
    initiative = InitiativeFactory(partnership=partnership, lead_organisation=council)
    actor = actor_of(council_contributor)
    updated = initiative_update(
        by=actor, initiative=initiative, expected_version=1, places=["Town centre"], partners=[charity]
    )
    assert updated.places == ["Town centre"]
    assert updated.version == 2
    with pytest.raises(PermissionDenied):
        initiative_update(by=actor, initiative=initiative, expected_version=2, lead_organisation=charity)
    with pytest.raises(Conflict):
        initiative_update(by=actor, initiative=initiative, expected_version=1, funding="x")
    event = AuditEvent.objects.get(action="initiative.update")
    changes = {f: (b, a) for f, b, a in event.changes()}
    assert changes["partners"] == ([], ["Test Charity"])


def test_other_organisations_cannot_edit_initiative(
    partnership: Partnership,
    council: Organisation,
    charity_contributor: User,
    viewer: User,
    actor_of: ActorOf,
) -> None:
    initiative = InitiativeFactory(partnership=partnership, lead_organisation=council)
    for user in (charity_contributor, viewer):
        with pytest.raises(NotFound):
            initiative_update(by=actor_of(user), initiative=initiative, expected_version=1, funding="x")
        with pytest.raises(NotFound):
            initiative_delete(by=actor_of(user), initiative=initiative)


def test_initiative_delete(
    partnership: Partnership,
    cli_actor: Actor,
    council_contributor: User,
    council: Organisation,
    actor_of: ActorOf,
) -> None:
    initiative = InitiativeFactory(partnership=partnership, lead_organisation=council)
    with pytest.raises(PermissionDenied):
        initiative_delete(by=actor_of(council_contributor), initiative=initiative)
    initiative_delete(by=cli_actor, initiative=initiative)
    assert not Initiative.objects.exists()
    assert AuditEvent.objects.filter(action="initiative.delete").exists()


def test_initiative_slug_change_is_validated(partnership: Partnership, cli_actor: Actor) -> None:
    first = InitiativeFactory(partnership=partnership, slug="so-active")
    second = InitiativeFactory(partnership=partnership, slug="pop-up-play")
    with pytest.raises(InvalidInput, match="already uses"):
        initiative_update(by=cli_actor, initiative=second, expected_version=1, slug=first.slug)
    renamed = initiative_update(by=cli_actor, initiative=second, expected_version=1, slug="pop-up-play-2020")
    assert renamed.slug == "pop-up-play-2020"
