"""`wellboard strategy list | export | import` as an operator runs them."""

from __future__ import annotations

import datetime as dt
import io
from pathlib import Path

import openpyxl
import pytest

from tests.unit.strategy.workbook.builders import Built, build_strategy, cells_of, snapshot
from wellboard.cli.main import main
from wellboard.partners.models import Partnership
from wellboard.strategy.models import Action, Node
from wellboard.strategy.services import action_update, strategy_create
from wellboard.strategy.workbook import format as fmt

pytestmark = pytest.mark.django_db


def run(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    code = main(["wellboard", *args])
    captured = capsys.readouterr()
    return code, captured.out, captured.err


@pytest.fixture
def built(partnership: Partnership) -> Built:
    return build_strategy(partnership)


def test_list_prints_the_slug_first_then_a_tab_and_the_title(
    capsys: pytest.CaptureFixture[str], built: Built, partnership: Partnership
) -> None:
    strategy_create(
        by=built.actor,
        slug="older-plan",
        title="Older plan",
        start_date=dt.date(2020, 4, 1),
        end_date=dt.date(2024, 3, 31),
        level_names=["Priority"],
    )
    code, out, _ = run(capsys, "strategy", "list", partnership.slug)
    assert code == 0
    assert out.splitlines() == ["healthy-town\tHealthy Town", "older-plan\tOlder plan"]
    assert [line.split()[0] for line in out.splitlines()] == ["healthy-town", "older-plan"]


def test_list_for_a_partnership_without_strategies(
    capsys: pytest.CaptureFixture[str], partnership: Partnership
) -> None:
    code, out, err = run(capsys, "strategy", "list", partnership.slug)
    assert code == 0
    assert out == ""
    assert "has no strategies yet" in err


def test_unknown_partnership_or_strategy_is_one_line_and_exit_1(
    capsys: pytest.CaptureFixture[str], built: Built, partnership: Partnership, tmp_path: Path
) -> None:
    code, _, err = run(capsys, "strategy", "list", "nowhere")
    assert code == 1
    assert err.count("\n") == 1
    assert "partnership 'nowhere'" in err
    code, _, err = run(
        capsys, "strategy", "export", partnership.slug, "missing", "-o", str(tmp_path / "x.xlsx")
    )
    assert code == 1
    assert err.count("\n") == 1
    assert "We could not find that strategy." in err
    assert not (tmp_path / "x.xlsx").exists()


def test_export_dry_run_import_and_export_again_give_identical_cells(
    capsys: pytest.CaptureFixture[str], built: Built, partnership: Partnership, tmp_path: Path
) -> None:
    first, second = tmp_path / "first.xlsx", tmp_path / "second.xlsx"
    code, out, _ = run(capsys, "strategy", "export", partnership.slug, "healthy-town", "-o", str(first))
    assert code == 0
    assert out.strip() == f"Wrote healthy-town to {first}"
    before = snapshot()
    code, out, _ = run(
        capsys, "strategy", "import", str(first), "--partnership", partnership.slug, "--dry-run"
    )
    assert code == 0
    lines = out.splitlines()
    assert lines[0] == "Dry run: nothing has been changed."
    assert "  tree item: 0 to create, 0 to update, 5 unchanged" in lines
    code, out, _ = run(capsys, "strategy", "import", str(first), "--partnership", partnership.slug)
    assert code == 0
    assert out.splitlines()[0] == "Nothing was changed."
    assert snapshot() == before
    run(capsys, "strategy", "export", partnership.slug, "healthy-town", "-o", str(second))
    assert cells_of(second.read_bytes()) == cells_of(first.read_bytes())


def test_import_applies_changes(
    capsys: pytest.CaptureFixture[str], built: Built, partnership: Partnership, tmp_path: Path
) -> None:
    path = tmp_path / "plan.xlsx"
    run(capsys, "strategy", "export", partnership.slug, "healthy-town", "-o", str(path))
    workbook = openpyxl.load_workbook(path)
    workbook[fmt.TREE].append(["2.2", "2", None, "Clean air", None, None])
    workbook.save(path)
    code, out, _ = run(capsys, "strategy", "import", str(path), "--partnership", partnership.slug)
    assert code == 0, out
    assert out.splitlines()[0] == "Applied."
    assert "  tree item: 1 to create, 0 to update, 5 unchanged" in out.splitlines()
    assert Node.objects.get(strategy=built.strategy, ref="2.2").title == "Clean air"


def test_a_rejected_import_prints_the_report_and_exits_1(
    capsys: pytest.CaptureFixture[str], built: Built, partnership: Partnership, tmp_path: Path
) -> None:
    path = tmp_path / "plan.xlsx"
    run(capsys, "strategy", "export", partnership.slug, "healthy-town", "-o", str(path))
    workbook = openpyxl.load_workbook(path)
    workbook[fmt.ACTIONS]["F2"] = "Acme Ltd"
    workbook.save(path)
    before = snapshot()
    code, out, err = run(capsys, "strategy", "import", str(path), "--partnership", partnership.slug)
    assert code == 1
    assert snapshot() == before
    assert "Rejected: 1 problem(s); fix them and import again." in out
    assert (
        "sheet 'Actions', row 2, column 'Lead organisation': There is no organisation called 'Acme Ltd'"
        in out
    )
    assert err.count("\n") == 1
    assert "plan.xlsx was rejected (1 problem); nothing has been changed" in err


def test_hostile_files_get_one_clear_message(
    capsys: pytest.CaptureFixture[str], built: Built, partnership: Partnership, tmp_path: Path
) -> None:
    csv = tmp_path / "renamed.xlsx"
    csv.write_text("Ref,Title\n1,People\n")
    code, out, err = run(capsys, "strategy", "import", str(csv), "--partnership", partnership.slug)
    assert code == 1
    assert "file: This file is not an Excel .xlsx workbook" in out
    assert "renamed.xlsx was rejected" in err
    code, _, err = run(capsys, "strategy", "import", str(tmp_path / "nothing.xlsx"), "--partnership", "x")
    assert code == 1
    assert "There is no file at" in err
    assert err.count("\n") == 1


def test_export_refuses_a_folder_that_does_not_exist(
    capsys: pytest.CaptureFixture[str], built: Built, partnership: Partnership, tmp_path: Path
) -> None:
    code, _, err = run(
        capsys, "strategy", "export", partnership.slug, "healthy-town", "-o", str(tmp_path / "no" / "x.xlsx")
    )
    assert code == 1
    assert "There is no folder" in err


def test_exported_cells_are_formula_safe(
    capsys: pytest.CaptureFixture[str], built: Built, partnership: Partnership, tmp_path: Path
) -> None:
    path = tmp_path / "plan.xlsx"
    run(capsys, "strategy", "export", partnership.slug, "healthy-town", "-o", str(path))
    workbook = openpyxl.load_workbook(io.BytesIO(path.read_bytes()))
    for sheet in workbook.worksheets:
        for row in sheet.iter_rows():
            for cell in row:
                assert cell.data_type != "f", f"{sheet.title}!{cell.coordinate}"
                if isinstance(cell.value, str):
                    assert not cell.value.startswith(("=", "+", "-", "@")), f"{sheet.title}!{cell.coordinate}"
    assert workbook[fmt.STRATEGY]["B4"].value == "'=Everyone healthy"


def test_an_old_workbook_is_refused_unless_told_to_ignore_versions(
    capsys: pytest.CaptureFixture[str], built: Built, partnership: Partnership, tmp_path: Path
) -> None:
    path = tmp_path / "plan.xlsx"
    run(capsys, "strategy", "export", partnership.slug, "healthy-town", "-o", str(path))
    action = built.actions["A2"]
    action_update(by=built.actor, action=action, expected_version=action.version, title="Walking for health")
    before = snapshot()
    code, out, err = run(capsys, "strategy", "import", str(path), "--partnership", partnership.slug)
    assert code == 1
    assert snapshot() == before
    assert (
        "sheet 'Actions', row 3: Action 'A2' was changed in Wellboard after this workbook was exported "
        "(command line (root) changed title from 'Walking groups' to 'Walking for health'" in out
    )
    assert "nothing has been changed" in err
    code, out, _ = run(
        capsys, "strategy", "import", str(path), "--partnership", partnership.slug, "--ignore-versions"
    )
    assert code == 0, out
    assert Action.objects.get(pk=action.pk).title == "Walking groups"
