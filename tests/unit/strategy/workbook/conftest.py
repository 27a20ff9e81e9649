from __future__ import annotations

import datetime as dt

import pytest

from tests.unit.strategy.workbook.builders import Built, build_strategy
from wellboard.partners.models import Partnership

FROZEN_NOW = dt.datetime(2026, 11, 23, 12, 0, tzinfo=dt.UTC)


@pytest.fixture(autouse=True)
def frozen_clock(monkeypatch: pytest.MonkeyPatch) -> dt.datetime:
    monkeypatch.setattr("wellboard.core.clock.now", lambda: FROZEN_NOW)
    return FROZEN_NOW


@pytest.fixture
def built(partnership: Partnership) -> Built:
    return build_strategy(partnership)
