"""The one place Wellboard asks for the time, so tests and demo replays can hold the clock still.

Code may call ``clock.now()`` or import ``now`` directly: either way ``frozen_at`` takes effect,
because the held moment is kept here rather than by replacing the function.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from contextlib import contextmanager
from zoneinfo import ZoneInfo

from django.utils import timezone

LONDON = ZoneInfo("Europe/London")

_held: list[dt.datetime] = []


def now() -> dt.datetime:
    """The current moment, timezone-aware (UTC), or the moment the clock is held at."""
    if _held:
        return _held[-1]
    return timezone.now()


def today() -> dt.date:
    """Today's date in Europe/London, which is what deadlines and periods are measured in."""
    return now().astimezone(LONDON).date()


@contextmanager
def frozen_at(moment: dt.datetime) -> Iterator[dt.datetime]:
    """Hold the clock at ``moment`` (which must be timezone-aware) inside the block."""
    if timezone.is_naive(moment):
        raise ValueError("frozen_at needs a timezone-aware datetime")
    _held.append(moment)
    try:
        yield moment
    finally:
        _held.pop()
