"""Without the reference data folder the demo still loads: the strategy's own figures, its targets,
the returns and the Healthy Hub, and no made-up indicator series in place of the real ones."""

from __future__ import annotations

from pathlib import Path

import pytest

from wellboard.demo import load_demo
from wellboard.indicators.models import Indicator, Observation
from wellboard.returns.models import Collection

pytestmark = [pytest.mark.django_db, pytest.mark.slow]


def test_the_demo_loads_without_the_reference_data(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("WELLBOARD_REFERENCE_DATA", str(tmp_path / "absent"))
    messages: list[str] = []
    ctx = load_demo(log=messages.append)
    assert any("only the strategy's own figures are loaded" in m for m in messages)
    indicators = Indicator.objects.filter(partnership=ctx.partnership)
    assert indicators.filter(source__startswith="As reported in the SoStevenage").count() == 11
    assert not indicators.filter(slug__in=["income-deprivation", "adults-who-smoke-aps"]).exists()
    assert not indicators.filter(name__icontains="illustrative").exists()
    assert not Observation.objects.filter(note__icontains="illustrative").exists()
    assert all(i.source for i in indicators)
    assert set(Collection.objects.filter(partnership=ctx.partnership).values_list("slug", flat=True)) == {
        "befriending-calls-and-visits",
        "summer-activities-2020",
        "healthy-hub-activity",
    }
