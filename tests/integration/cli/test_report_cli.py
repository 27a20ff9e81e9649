"""`wellboard report render | list` as an operator runs them."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import openpyxl
import pytest

from tests.factories.strategy import build_strategy_world
from wellboard.cli.main import OVERVIEW, main
from wellboard.core.access import Actor
from wellboard.partners.models import Partnership
from wellboard.reports.models import Report
from wellboard.reports.services import report_create, report_publish

pytestmark = pytest.mark.django_db

NOW = dt.datetime(2026, 11, 23, 12, 0, tzinfo=dt.UTC)


@pytest.fixture(autouse=True)
def frozen_clock(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr("wellboard.core.clock.now", lambda: NOW)


@pytest.fixture
def town(partnership: Partnership) -> Partnership:
    build_strategy_world(partnership)
    return partnership


def run(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    code = main(["wellboard", *args])
    captured = capsys.readouterr()
    return code, captured.out, captured.err


def test_the_overview_lists_the_report_command() -> None:
    assert "  report  " in OVERVIEW


def test_render_writes_html_for_the_quarter_and_stores_nothing(
    capsys: pytest.CaptureFixture[str], town: Partnership, tmp_path: Path
) -> None:
    target = tmp_path / "q2.html"
    code, out, err = run(
        capsys, "report", "render", town.slug, "quarterly", "--strategy", "community",
        "--period", "2026/27 Q2", "--format", "html", "-o", str(target),
    )  # fmt: skip
    assert (code, err) == (0, "")
    assert out.strip() == f"Wrote the quarterly monitoring report for 2026/27 Q2 to {target}"
    html = target.read_text()
    assert "<html" in html
    assert "Exceptions" in html
    assert "Run pop-up play in parks" in html
    assert not Report.objects.exists()


def test_render_defaults_to_the_latest_complete_period(
    capsys: pytest.CaptureFixture[str], town: Partnership, tmp_path: Path
) -> None:
    target = tmp_path / "annual.xlsx"
    code, out, _ = run(
        capsys, "report", "render", town.slug, "annual", "--strategy", "community",
        "--format", "xlsx", "-o", str(target),
    )  # fmt: skip
    assert code == 0
    assert "annual report for 2025/26" in out
    assert openpyxl.load_workbook(target).sheetnames


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (("weekly", "--strategy", "community", "--format", "html"), "'weekly' is not a kind of report"),
        (
            ("quarterly", "--strategy", "nope", "--format", "html"),
            "has no strategy 'nope' (its strategies: community)",
        ),
        (
            ("quarterly", "--strategy", "community", "--period", "2024/25", "--format", "html"),
            "'2024/25' is not a financial quarter: write it like 2024/25 Q3",
        ),
        (("quarterly", "--strategy", "community", "--format", "odt"), "'odt' is not a report format"),
    ],
)
def test_unknown_kind_strategy_period_or_format_is_one_line_and_exit_1(
    capsys: pytest.CaptureFixture[str], town: Partnership, tmp_path: Path, args: tuple[str, ...], message: str
) -> None:
    target = tmp_path / "out.html"
    code, _, err = run(capsys, "report", "render", town.slug, *args, "-o", str(target))
    assert code == 1
    assert len(err.strip().splitlines()) == 1
    assert message in err
    assert not target.exists()


def test_an_unknown_partnership_is_one_line(
    capsys: pytest.CaptureFixture[str], town: Partnership, tmp_path: Path
) -> None:
    code, _, err = run(
        capsys, "report", "render", "nowhere", "quarterly", "--strategy", "community",
        "--format", "html", "-o", str(tmp_path / "x.html"),
    )  # fmt: skip
    assert code == 1
    assert "partnership 'nowhere'" in err


def test_list_prints_published_editions(
    capsys: pytest.CaptureFixture[str], town: Partnership, cli_actor: Actor
) -> None:
    code, out, err = run(capsys, "report", "list", town.slug)
    assert (code, out) == (0, "")
    assert "has no published reports yet" in err
    from wellboard.strategy.models import Strategy

    report = report_create(
        by=cli_actor, strategy=Strategy.objects.get(slug="community"), kind="quarterly", period="2026/27 Q2"
    )
    report_publish(by=cli_actor, report=report, expected_version=report.version)
    report_publish(by=cli_actor, report=report, expected_version=report.version)
    code, out, _ = run(capsys, "report", "list", town.slug)
    assert code == 0
    assert out.splitlines() == [
        "2026-11-23 12:00\tquarterly\tcommunity\t2026/27 Q2\tedition 2",
        "2026-11-23 12:00\tquarterly\tcommunity\t2026/27 Q2\tedition 1",
    ]
