from __future__ import annotations

import datetime as dt

import pytest

from tests.factories.strategy import StrategyWorld, build_strategy_world
from wellboard.partners.models import Partnership

FROZEN_NOW = dt.datetime(2026, 11, 23, 12, 0, tzinfo=dt.UTC)


@pytest.fixture
def frozen_clock(monkeypatch: pytest.MonkeyPatch) -> dt.datetime:
    """Hold the clock at 23 November 2026 (2026/27 Q3) so 'overdue' and 'future' are stable."""
    monkeypatch.setattr("wellboard.core.clock.now", lambda: FROZEN_NOW)
    return FROZEN_NOW


@pytest.fixture
def world(partnership: Partnership) -> StrategyWorld:
    return build_strategy_world(partnership)
