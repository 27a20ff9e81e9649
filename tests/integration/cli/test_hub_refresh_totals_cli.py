"""`wellboard hub refresh-totals`: the daily summary rebuilt from the visits, and checked."""

from __future__ import annotations

import pytest

from tests.factories.hub_dashboard import FigureWorld, make_figure_world
from wellboard.cli.main import main
from wellboard.hub.models import HubDayTotal
from wellboard.partners.models import Partnership

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _pseudonym_key(settings: pytest.FixtureRequest) -> None:
    settings.WELLBOARD_PSEUDONYM_KEY = "test-only-pseudonym-key"  # type: ignore[attr-defined]


@pytest.fixture
def world(partnership: Partnership) -> FigureWorld:
    return make_figure_world(partnership)


def run(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    code = main(["wellboard", *args])
    captured = capsys.readouterr()
    return code, captured.out, captured.err


def test_a_lost_summary_is_rebuilt_and_checked(
    capsys: pytest.CaptureFixture[str], world: FigureWorld, partnership: Partnership
) -> None:
    HubDayTotal.objects.all().delete()  # as after visits loaded below the services
    code, out, err = run(capsys, "hub", "refresh-totals", partnership.slug, "--check")
    assert (code, err) == (0, "")
    assert "healthy-hub: every figure matches a count over the visits" in out
    assert "pop-up-hub: every figure matches a count over the visits" in out
    assert HubDayTotal.objects.filter(hub=world.hub).count() == 6  # one a day and route


def test_one_hub_and_an_unknown_one(
    capsys: pytest.CaptureFixture[str], world: FigureWorld, partnership: Partnership
) -> None:
    code, out, _err = run(capsys, "hub", "refresh-totals", partnership.slug, "healthy-hub")
    assert code == 0
    assert out.startswith("healthy-hub: 6 daily totals rebuilt in ")
    assert "pop-up-hub" not in out
    code, out, err = run(capsys, "hub", "refresh-totals", partnership.slug, "no-such-hub")
    assert code != 0
    assert out == ""
    assert err.strip()
