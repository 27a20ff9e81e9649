"""`wellboard hub stats`: a hub's figures as one JSON object, exact, for the partnership's staff."""

from __future__ import annotations

import json

import pytest

from tests.factories.hub_dashboard import FigureWorld, make_figure_world
from wellboard.cli.main import main
from wellboard.partners.models import Partnership

pytestmark = pytest.mark.django_db

KEYS = {
    "contacts",
    "clients",
    "by_sex",
    "by_age_band",
    "by_route",
    "by_need",
    "by_exercise_reason",
    "referred_on",
    "partner_organisations",
    "partner_appointments",
}


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


def test_prints_one_json_object_with_exact_counts(
    capsys: pytest.CaptureFixture[str], world: FigureWorld
) -> None:
    code, out, err = run(
        capsys,
        "hub",
        "stats",
        "test-town",
        "healthy-hub",
        "--from",
        "2026-01-01",
        "--to",
        "31/12/2026",
        "--format",
        "json",
    )
    assert code == 0, err
    figures = json.loads(out)
    assert set(figures) == KEYS
    assert figures["contacts"] == 5
    assert figures["clients"] == 4
    assert figures["by_sex"] == {"female": 3, "male": 1, "other": 0, "not-stated": 1}
    assert figures["by_route"]["partner-appointment"] == 2
    assert figures["by_need"]["mental-health"] == 2
    assert figures["by_exercise_reason"]["weight-loss"] == 1
    assert figures["referred_on"] == 2
    assert figures["partner_organisations"] == 2
    assert figures["partner_appointments"] == 2


def test_route_filter(capsys: pytest.CaptureFixture[str], world: FigureWorld) -> None:
    code, out, err = run(
        capsys,
        "hub",
        "stats",
        "test-town",
        "healthy-hub",
        "--from",
        "2025-01-01",
        "--to",
        "2026-12-31",
        "--route",
        "walk-in,self-referral",
    )
    assert code == 0, err
    figures = json.loads(out)
    assert figures["contacts"] == 3  # the 2025 walk-in too
    assert figures["clients"] == 3
    assert figures["by_need"]["housing"] == 1
    assert figures["partner_appointments"] == 0


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (("healthy-hub", "--from", "2026-13-01"), "is not a date"),
        (("healthy-hub", "--from", "2026-03-01", "--to", "2026-02-01"), "must not be before"),
        (("healthy-hub", "--route", "walk-in,teleport"), "Not a route: teleport"),
        (("no-such-hub",), "No hub 'no-such-hub'"),
    ],
)
def test_bad_requests_say_why_and_exit_2(
    capsys: pytest.CaptureFixture[str], world: FigureWorld, args: tuple[str, ...], message: str
) -> None:
    code, out, err = run(capsys, "hub", "stats", "test-town", *args)
    assert code == 2
    assert message in err
    assert out == ""
