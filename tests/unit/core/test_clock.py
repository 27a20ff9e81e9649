from __future__ import annotations

import datetime as dt

import pytest

from wellboard.core import clock
from wellboard.core.clock import frozen_at, now


def test_frozen_at_holds_every_caller() -> None:
    moment = dt.datetime(2025, 3, 31, 23, 30, tzinfo=dt.UTC)
    with frozen_at(moment):
        assert now() == moment
        assert clock.now() == moment
        assert clock.today() == dt.date(2025, 4, 1)  # already 1 April in London (BST)
        with frozen_at(moment + dt.timedelta(days=1)):
            assert now() == moment + dt.timedelta(days=1)
        assert now() == moment
    assert now() != moment


def test_frozen_at_refuses_naive_times() -> None:
    with pytest.raises(ValueError, match="timezone-aware"), frozen_at(dt.datetime(2025, 1, 1)):  # noqa: DTZ001
        pass
