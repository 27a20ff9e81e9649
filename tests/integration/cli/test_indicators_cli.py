"""``wellboard indicators``: exit codes, reports and one-line errors."""

from __future__ import annotations

from pathlib import Path

import pytest
from django.db import connections

from wellboard.cli.main import main
from wellboard.indicators.models import Indicator, Observation
from wellboard.partners.models import Partnership

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _keep_the_test_connection(monkeypatch: pytest.MonkeyPatch) -> None:
    # Django closes every connection when a command run from the command line ends, which would
    # end the test's transaction on PostgreSQL (SQLite's in-memory test database ignores it).
    monkeypatch.setattr(connections, "close_all", lambda: None)


CAMPYLOBACTER = "fingertips/fingertips_export_campylobacter_93356.csv"


def run(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    code = main(["wellboard", "indicators", *args])
    captured = capsys.readouterr()
    return code, captured.out, captured.err


def test_dry_run_import_reports_every_row(
    capsys: pytest.CaptureFixture[str], partnership: Partnership, shared_data: Path
) -> None:
    code, out, err = run(
        capsys,
        "import-fingertips",
        str(shared_data / CAMPYLOBACTER),
        "--partnership",
        partnership.slug,
        "--dry-run",
    )
    assert code == 0, err
    assert "Dry run: nothing has been changed." in out
    assert "Rows read: 852" in out
    assert "observation: 852 to create, 0 to update, 0 unchanged" in out
    assert "rejected 0" in out
    assert "Wellboard reproduces 755 of 755 published 95% limits (Byar's, within 2e-4 relative)" in out
    assert (
        "Wellboard reproduces 750 of 750 'Compared to England' labels (95% CI overlap, lower is better)"
        in out
    )
    assert not Observation.objects.exists()


def test_import_list_and_recalculate(
    capsys: pytest.CaptureFixture[str], partnership: Partnership, shared_data: Path
) -> None:
    path = str(shared_data / CAMPYLOBACTER)
    code, out, _ = run(capsys, "import-fingertips", path, "--partnership", partnership.slug)
    assert code == 0
    assert "Applied." in out
    assert Observation.objects.count() == 852
    code, out, _ = run(capsys, "import-fingertips", path, "--partnership", partnership.slug)
    assert code == 0
    assert "observation: 0 to create, 0 to update, 852 unchanged" in out

    code, out, _ = run(capsys, "list", partnership.slug)
    assert code == 0
    (line,) = out.splitlines()  # one line per indicator, slug first, no header
    assert line.split()[0] == "campylobacter-incidence"
    assert "852" in line

    code, out, _ = run(capsys, "recalculate", partnership.slug, "--indicator", "campylobacter-incidence")
    assert code == 0
    # 87 aggregated rows have no published figures at all, and the 755 rows published with 95% limits
    # only have their 99.8% limits computed: 842 figures Wellboard computed, none of which change.
    assert "campylobacter-incidence: 0 of 842 computed figures recalculated" in out
    assert "published figures were left as published" in out


def test_polarity_option(
    capsys: pytest.CaptureFixture[str], partnership: Partnership, shared_data: Path
) -> None:
    code, out, _ = run(
        capsys,
        "import-fingertips",
        str(shared_data / CAMPYLOBACTER),
        "--partnership",
        partnership.slug,
        "--polarity",
        "neither",
    )
    assert code == 0
    assert Indicator.objects.get().polarity == "neither"
    assert "(95% CI overlap, neither direction is better)" in out


def test_list_of_an_empty_partnership(capsys: pytest.CaptureFixture[str], partnership: Partnership) -> None:
    code, out, err = run(capsys, "list", partnership.slug)
    assert (code, out, err.strip()) == (0, "", "No indicators yet.")


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (("list", "nowhere"), "partnership 'nowhere'"),
        (("import-fingertips", "/no/such/file.csv", "--partnership", "test-town"), "There is no file"),
        (("recalculate", "test-town", "--indicator", "missing"), "could not find that indicator"),
    ],
)
def test_errors_are_one_line_and_exit_1(
    capsys: pytest.CaptureFixture[str], partnership: Partnership, args: tuple[str, ...], message: str
) -> None:
    code, _, err = run(capsys, *args)
    assert code == 1
    assert err.count("\n") == 1
    assert message in err
    assert "Traceback" not in err


def test_a_rejected_file_prints_the_report_and_exits_1(
    capsys: pytest.CaptureFixture[str], partnership: Partnership, tmp_path: Path
) -> None:
    path = tmp_path / "not-fingertips.csv"
    path.write_text("name,code\nStevenage,E07000243\n")
    code, out, err = run(capsys, "import-fingertips", str(path), "--partnership", partnership.slug)
    assert code == 1
    assert "This is not a Fingertips export: missing columns Indicator ID" in out
    assert err.count("\n") == 1
    assert "nothing was changed" in err
