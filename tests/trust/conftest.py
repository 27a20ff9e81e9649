"""The trust suites share one world, built afresh for each test so that a write never leaks."""

from __future__ import annotations

import pytest

from tests.trust.world import TrustWorld, build_trust_world


@pytest.fixture
def world(db: None) -> TrustWorld:
    return build_trust_world()


@pytest.fixture(autouse=True)
def _pseudonym_key(settings: pytest.FixtureRequest) -> None:
    # Hub pages refuse to work without the key; every suite here reaches them.
    settings.WELLBOARD_PSEUDONYM_KEY = "trust-suite-pseudonym-key"  # type: ignore[attr-defined]
