from __future__ import annotations

import pytest

from tests.factories.hub import make_hub, make_hub_worker
from wellboard.hub.models import Hub
from wellboard.partners.models import Partnership, User


@pytest.fixture
def hub(partnership: Partnership) -> Hub:
    return make_hub(partnership, "healthy-hub", name="Healthy Hub")


@pytest.fixture
def young_hub(partnership: Partnership) -> Hub:
    return make_hub(partnership, "young-peoples-hub", name="Young People's Hub", kind="young-people")


@pytest.fixture
def hub_worker(partnership: Partnership, hub: Hub) -> User:
    return make_hub_worker(partnership, "hub-worker", hub)


@pytest.fixture(autouse=True)
def _pseudonym_key(settings: pytest.FixtureRequest) -> None:
    settings.WELLBOARD_PSEUDONYM_KEY = "test-only-pseudonym-key"  # type: ignore[attr-defined]
