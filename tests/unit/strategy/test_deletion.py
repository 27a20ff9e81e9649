"""What deleting a partnership or an organisation does to the strategy records that refer to them."""

from __future__ import annotations

import pytest
from django.db.models import RestrictedError

from tests.factories.strategy import InitiativeFactory, StrategyWorld
from wellboard.partners.models import Organisation, Partnership
from wellboard.strategy.models import Action, Initiative, Strategy

pytestmark = pytest.mark.django_db


def test_a_whole_partnership_can_be_deleted(
    world: StrategyWorld, partnership: Partnership, council: Organisation
) -> None:
    """As ``load-demo --reset`` does: organisations, strategies, actions and initiatives go together."""
    InitiativeFactory(partnership=partnership, lead_organisation=council)
    partnership.delete()
    assert not Strategy.objects.exists()
    assert not Action.objects.exists()
    assert not Initiative.objects.exists()


def test_an_organisation_that_leads_actions_cannot_be_deleted_alone(
    world: StrategyWorld, council: Organisation
) -> None:
    with pytest.raises(RestrictedError):
        council.delete()
    assert Action.objects.filter(lead_organisation=council).exists()


def test_an_organisation_that_leads_an_initiative_cannot_be_deleted_alone(
    partnership: Partnership, charity: Organisation
) -> None:
    InitiativeFactory(partnership=partnership, lead_organisation=charity)
    with pytest.raises(RestrictedError):
        charity.delete()
