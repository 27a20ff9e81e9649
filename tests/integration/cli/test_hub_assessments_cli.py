"""Importing participants' wellbeing assessments from the command line, for a hub or an initiative."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.factories.hub import make_hub
from tests.factories.strategy import InitiativeFactory
from wellboard.cli.main import main
from wellboard.core.models import AuditEvent
from wellboard.hub.models import Hub, OutcomeAssessment
from wellboard.partners.models import Organisation, Partnership
from wellboard.strategy.models import Initiative

pytestmark = pytest.mark.django_db

ONS4_HEADER = "date,client_id,instrument,stage,life_satisfaction,worthwhile,happiness,anxiety"
GOOD = (
    "date,client_id,instrument,stage,life_satisfaction,worthwhile,happiness,anxiety,"
    "optimistic,useful,relaxed,problems,thinking,close,decide\n"
    "2026-04-14,SA-0042,ons4,before,5,6,5,6,,,,,,,\n"
    "21/07/2026,SA-0042,ONS4,After,7,7,7,3,,,,,,,\n"
    "2026-04-14,SA-0042,swemwbs,before,,,,,3,3,2,3,3,3,4\n"
    "\n"
    "2026-04-15,SA-0107,swemwbs,before,,,,,2,3,2,2,3,3,3\n"
)


@pytest.fixture(autouse=True)
def _pseudonym_key(settings: pytest.FixtureRequest) -> None:
    settings.WELLBOARD_PSEUDONYM_KEY = "test-only-pseudonym-key"  # type: ignore[attr-defined]


@pytest.fixture
def hub(partnership: Partnership) -> Hub:
    return make_hub(partnership, "healthy-hub", name="Healthy Hub")


@pytest.fixture
def initiative(partnership: Partnership, council: Organisation) -> Initiative:
    return InitiativeFactory(
        partnership=partnership, slug="so-active", name="So Active", lead_organisation=council
    )


def run(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    code = main(["wellboard", *args])
    captured = capsys.readouterr()
    return code, captured.out, captured.err


def _file(tmp_path: Path, text: str) -> str:
    path = tmp_path / "assessments.csv"
    path.write_text(text, encoding="utf-8")
    return str(path)


def test_dry_run_then_import_then_again_changes_nothing(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, initiative: Initiative
) -> None:
    path = _file(tmp_path, GOOD)
    args = ("hub", "import-assessments", "test-town", "--initiative", "so-active", path)
    code, out, err = run(capsys, *args, "--dry-run")
    assert code == 0, err
    assert "Dry run" in out
    assert "assessment: 4 to create, 0 to update, 0 unchanged" in out
    assert not OutcomeAssessment.objects.exists()
    code, out, err = run(capsys, *args)
    assert code == 0, err
    assert OutcomeAssessment.objects.filter(initiative=initiative).count() == 4
    assert "SA-0042" not in str(list(OutcomeAssessment.objects.values()))
    events = AuditEvent.objects.filter(action="outcome_assessment.create").count()
    code, out, _ = run(capsys, *args)
    assert code == 0
    assert "0 to create, 0 to update, 4 unchanged" in out
    assert AuditEvent.objects.filter(action="outcome_assessment.create").count() == events == 4


def test_a_hub_programme(capsys: pytest.CaptureFixture[str], tmp_path: Path, hub: Hub) -> None:
    path = _file(tmp_path, ONS4_HEADER + "\n2026-04-14,HH-1,ons4,before,5,6,5,6\n")
    code, _out, err = run(capsys, "hub", "import-assessments", "test-town", "--hub", "healthy-hub", path)
    assert code == 0, err
    assert OutcomeAssessment.objects.get().hub == hub


@pytest.mark.parametrize(
    ("body", "reason"),
    [
        (
            "2026-04-14,HH-1,ons4,before,5,6,5,11",
            "row 3, column 'anxiety': 'Anxiety yesterday' must be a whole number",
        ),
        ("2026-04-14,HH-1,ons4,before,5,6,5,", "row 3, column 'anxiety': Answer 'Anxiety yesterday'"),
        ("14 April,HH-1,ons4,before,5,6,5,6", "'14 April' is not a date"),
        ("2026-04-14,HH-1,phq9,before,5,6,5,6", "Choose the instrument"),
        ("2026-04-14,HH-1,ons4,before,5,6,5,6\n2026-04-15,HH-1,ons4,before,5,6,5,6", "already on row 3"),
    ],
)
def test_a_bad_row_is_reported_and_nothing_is_saved(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, initiative: Initiative, body: str, reason: str
) -> None:
    path = _file(tmp_path, ONS4_HEADER + "\n2026-04-10,OK-1,ons4,before,5,5,5,5\n" + body + "\n")
    code, out, err = run(capsys, "hub", "import-assessments", "test-town", "--initiative", "so-active", path)
    assert code == 1
    assert reason in out, out
    assert "nothing was changed" in err
    assert not OutcomeAssessment.objects.exists()


def test_a_different_answer_on_reimport_is_rejected(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, initiative: Initiative
) -> None:
    args = ("hub", "import-assessments", "test-town", "--initiative", "so-active")
    assert (
        run(capsys, *args, _file(tmp_path, ONS4_HEADER + "\n2026-04-14,HH-1,ons4,before,5,6,5,6\n"))[0] == 0
    )
    code, out, _ = run(
        capsys, *args, _file(tmp_path, ONS4_HEADER + "\n2026-04-14,HH-1,ons4,before,5,6,5,7\n")
    )
    assert code == 1
    assert "correct it instead" in out
    assert OutcomeAssessment.objects.get().answers["anxiety"] == 6


def test_unknown_columns_and_a_missing_programme(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, initiative: Initiative
) -> None:
    path = _file(tmp_path, "date,client_id,instrument,stage,name\n")
    code, out, _ = run(capsys, "hub", "import-assessments", "test-town", "--initiative", "so-active", path)
    assert code == 1
    assert "not a column of an assessments file" in out
    code, _out, err = run(capsys, "hub", "import-assessments", "test-town", path)
    assert code != 0
    assert "--hub" in err
