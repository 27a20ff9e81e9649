from __future__ import annotations

import pytest

from wellboard.core.errors import NotFound
from wellboard.partners.models import Organisation, Partnership, User
from wellboard.partners.selectors import (
    actor_for,
    organisation_find,
    organisation_get,
    partnership_access,
    partnership_list_for_user,
    role_grant_list,
)

pytestmark = pytest.mark.django_db


def test_outsider_gets_not_found(partnership: Partnership, outsider: User) -> None:
    with pytest.raises(NotFound):
        partnership_access(user=outsider, slug=partnership.slug)
    assert list(partnership_list_for_user(user=outsider)) == [outsider.role_grants.get().partnership]


def test_unknown_partnership_is_not_found(coordinator: User) -> None:
    with pytest.raises(NotFound):
        partnership_access(user=coordinator, slug="nowhere")


def test_contributor_actor(
    partnership: Partnership, charity_contributor: User, charity: Organisation, council: Organisation
) -> None:
    actor = actor_for(user=charity_contributor, partnership=partnership)
    assert actor is not None
    assert actor.acts_for(charity.pk)
    assert not actor.acts_for(council.pk)
    assert not actor.is_coordinator


def test_inactive_users_have_no_actor(partnership: Partnership, coordinator: User) -> None:
    coordinator.is_active = False
    coordinator.save()
    assert actor_for(user=coordinator, partnership=partnership) is None


def test_organisation_lookup_is_scoped(
    partnership: Partnership, coordinator: User, other_partnership: Partnership
) -> None:
    _, actor = partnership_access(user=coordinator, slug=partnership.slug)
    foreign = other_partnership.organisations.first()
    assert foreign is not None
    with pytest.raises(NotFound):
        organisation_get(actor=actor, slug="missing")
    assert organisation_find(actor=actor, name_or_slug="TEST COUNCIL") is not None
    assert organisation_find(actor=actor, name_or_slug="") is None
    assert organisation_get(actor=actor, slug="test-council").partnership == partnership


def test_only_coordinators_list_roles(partnership: Partnership, viewer: User, coordinator: User) -> None:
    _, actor = partnership_access(user=viewer, slug=partnership.slug)
    with pytest.raises(NotFound):
        role_grant_list(actor=actor)
    _, actor = partnership_access(user=coordinator, slug=partnership.slug)
    assert role_grant_list(actor=actor).count() == 2
