"""Two people saving the same record from the same version at the same moment: exactly one wins, the
other is told of the conflict, and the record carries the winner's change. No update is lost.

Each side runs in its own thread with its own database connection, released together by a barrier,
so the two saves really race inside PostgreSQL. SQLite serialises every write and cannot show a race.
"""

from __future__ import annotations

import datetime as dt
import threading
from collections.abc import Callable, Iterator
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass

import pytest
from django.db import connection, connections

from tests.factories import PartnershipFactory, make_person
from tests.factories.returns import befriending
from tests.factories.strategy import build_strategy_world
from tests.trust.reporting import record
from wellboard.core import clock
from wellboard.core.access import Actor, Role
from wellboard.core.errors import Conflict
from wellboard.partners.models import Partnership
from wellboard.partners.selectors import actor_for
from wellboard.returns.models import Figure, Return
from wellboard.returns.selectors import period_get
from wellboard.returns.services import return_save
from wellboard.strategy.models import Action
from wellboard.strategy.services.actions import action_update

PAIRS = 200

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(
        connection.vendor != "postgresql",
        reason="racing saves need PostgreSQL: SQLite serialises every write (set DATABASE_URL)",
    ),
]


@dataclass(frozen=True)
class Race:
    winners: int
    conflicts: int
    lost: int


@pytest.fixture
def pool() -> Iterator[ThreadPoolExecutor]:
    """Two long-lived threads, each keeping its own connection for the whole test."""
    executor = ThreadPoolExecutor(max_workers=2)
    yield executor

    # The barrier makes each thread run one close, so neither connection outlives the test.
    barrier = threading.Barrier(2)

    def close() -> None:
        barrier.wait()
        connections.close_all()

    for done in [executor.submit(close), executor.submit(close)]:
        done.result()
    executor.shutdown()


def _race(
    pool: ThreadPoolExecutor,
    save: Callable[[str, int], None],
    version: Callable[[], int],
    current: Callable[[], str],
    values: tuple[str, str],
) -> tuple[int, int, bool]:
    start = version()
    barrier = threading.Barrier(2)

    def side(value: str) -> str:
        barrier.wait()
        try:
            save(value, start)
        except Conflict:
            return "conflict"
        return "won"

    outcomes = [f.result() for f in [pool.submit(side, values[0]), pool.submit(side, values[1])]]
    won = [v for v, o in zip(values, outcomes, strict=True) if o == "won"]
    kept = current()
    return len(won), outcomes.count("conflict"), len(won) == 1 and kept == won[0]


def _run(
    pool: ThreadPoolExecutor,
    save: Callable[[str, int], None],
    version: Callable[[], int],
    current: Callable[[], str],
    values: Callable[[int], tuple[str, str]],
) -> Race:
    winners = conflicts = lost = 0
    for pair in range(PAIRS):
        won, conflicted, kept = _race(pool, save, version, current, values(pair))
        winners += won
        conflicts += conflicted
        lost += 0 if (won == 1 and conflicted == 1 and kept) else 1
    record("concurrency", pairs=PAIRS, unexpected=lost)
    return Race(winners, conflicts, lost)


def _coordinator() -> tuple[Partnership, Actor]:
    partnership = PartnershipFactory(slug="test-town", name="Test Town Partnership")
    found = actor_for(user=make_person(partnership, "coordinator", Role.COORDINATOR), partnership=partnership)
    assert found is not None
    return partnership, found


def test_racing_action_edits_lose_nothing(pool: ThreadPoolExecutor) -> None:
    partnership, actor = _coordinator()
    action = build_strategy_world(partnership).council_action

    def save(title: str, version: int) -> None:
        fresh = Action.objects.get(pk=action.pk)
        action_update(by=actor, action=fresh, expected_version=version, title=title)

    race = _run(
        pool,
        save,
        lambda: Action.objects.get(pk=action.pk).version,
        lambda: Action.objects.get(pk=action.pk).title,
        lambda pair: (f"Action {pair} A", f"Action {pair} B"),
    )
    assert race == Race(winners=PAIRS, conflicts=PAIRS, lost=0)


def test_racing_return_saves_lose_nothing(pool: ThreadPoolExecutor, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(clock, "now", lambda: dt.datetime(2020, 7, 1, 9, tzinfo=dt.UTC))
    partnership, actor = _coordinator()
    collection = befriending(partnership)
    council = partnership.organisations.get(slug="test-council")
    period = period_get(collection=collection, text="2020-06-08")
    first = return_save(
        by=actor,
        collection=collection,
        organisation=council,
        period=period,
        values={"visits": "1"},
        expected_version=None,
    ).data_return

    def save(value: str, version: int) -> None:
        return_save(
            by=actor,
            collection=collection,
            organisation=council,
            period=period,
            values={"visits": value},
            expected_version=version,
        )

    def kept() -> str:
        figure = Figure.objects.get(data_return=first, measure__code="visits", breakdown="")
        return str(int(figure.value)) if figure.value is not None else ""

    race = _run(
        pool,
        save,
        lambda: Return.objects.get(pk=first.pk).version,
        kept,
        lambda pair: (str(2 * pair + 2), str(2 * pair + 3)),
    )
    assert race == Race(winners=PAIRS, conflicts=PAIRS, lost=0)
