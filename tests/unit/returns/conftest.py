from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterator

import pytest

from tests.factories.returns import befriending
from wellboard.core import clock
from wellboard.core.periods import Period
from wellboard.partners.models import Partnership
from wellboard.returns.models import Collection
from wellboard.returns.selectors import period_get


@pytest.fixture
def collection(partnership: Partnership) -> Collection:
    return befriending(partnership)


@pytest.fixture
def period(collection: Collection) -> Period:
    """8 to 21 June 2020: due 10 working days later, on Friday 3 July."""
    return period_get(collection=collection, text="2020-06-08")


@pytest.fixture
def at(monkeypatch: pytest.MonkeyPatch) -> Iterator[Callable[[dt.datetime], None]]:
    """Hold the clock at a moment (London time)."""

    def hold(moment: dt.datetime) -> None:
        aware = moment.replace(tzinfo=clock.LONDON) if moment.tzinfo is None else moment
        monkeypatch.setattr(clock, "now", lambda: aware)

    return hold
