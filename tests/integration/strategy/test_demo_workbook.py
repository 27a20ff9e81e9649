"""The whole demo's community strategy survives a workbook export and import unchanged."""

from __future__ import annotations

import pytest

from tests.unit.strategy.workbook.builders import cells_of, snapshot
from wellboard.demo import load_demo
from wellboard.strategy.models import Node, Strategy
from wellboard.strategy.workbook import strategy_workbook_bytes, strategy_workbook_import

pytestmark = [pytest.mark.django_db, pytest.mark.slow, pytest.mark.usefixtures("frozen_clock")]


def test_the_demo_strategy_round_trips_with_all_nine_priorities() -> None:
    ctx = load_demo(log=lambda _: None)
    strategy = Strategy.objects.get(partnership=ctx.partnership, slug="community-strategy")
    first = strategy_workbook_bytes(actor=ctx.actor, strategy=strategy)
    sheets = cells_of(first)
    priorities = [row for row in sheets["Tree"][1:] if row[2] == "Priority"]
    assert len(priorities) == 9
    assert len(priorities) == Node.objects.filter(strategy=strategy, depth=1).count()
    before = snapshot()
    dry = strategy_workbook_import(by=ctx.actor, data=first, dry_run=True)
    assert dry.ok, dry.summary_lines()
    assert not dry.changes_anything, [c for c in dry.changes if c.outcome != "unchanged"]
    real = strategy_workbook_import(by=ctx.actor, data=first, dry_run=False)
    assert real.ok
    assert not real.applied
    assert snapshot() == before
    assert cells_of(strategy_workbook_bytes(actor=ctx.actor, strategy=strategy)) == sheets
