from __future__ import annotations

import datetime as dt

import pytest

from tests.factories.returns import befriending
from wellboard.core import clock
from wellboard.partners.models import Partnership
from wellboard.returns.models import Collection


@pytest.fixture
def collection(partnership: Partnership, monkeypatch: pytest.MonkeyPatch) -> Collection:
    monkeypatch.setattr(clock, "now", lambda: dt.datetime(2020, 7, 1, 9, tzinfo=dt.UTC))
    return befriending(partnership)


RETURN = "/p/test-town/returns/befriending/{org}/2020-06-08/"
GOOD = {"calls": "120", "calls__b0c0": "70", "calls__b0c1": "50", "visits": "35"}
