"""The worked partnership the selector and summary tests share (see tests.factories.indicators)."""

from __future__ import annotations

import pytest

from tests.factories.indicators import World, make_world
from wellboard.core.access import Actor
from wellboard.partners.models import Partnership


@pytest.fixture
def world(partnership: Partnership, cli_actor: Actor) -> World:
    return make_world(partnership, cli_actor)
