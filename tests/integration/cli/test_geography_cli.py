"""``wellboard geography …`` as people and scripts use it."""

from __future__ import annotations

from pathlib import Path

import pytest

from wellboard.cli.main import main
from wellboard.geography.models import Area, Deprivation

pytestmark = pytest.mark.django_db


def run(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    code = main(["wellboard", "geography", *args])
    captured = capsys.readouterr()
    return code, captured.out, captured.err


def test_help_lists_the_subcommands(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "--help")
    assert code == 0
    for sub in ("import-lookups", "import-imd", "import-population", "import-boundaries", "list"):
        assert sub in out


def test_import_then_list(capsys: pytest.CaptureFixture[str], shared_data: Path) -> None:
    lookup = str(shared_data / "geography" / "WD19_LAD19_CTY19_RGN19_CTRY19_UK_LU_Dec2019.csv")
    code, out, _ = run(capsys, "import-lookups", lookup, "--within", "E10000015", "--dry-run")
    assert code == 0
    assert out.startswith("Dry run: nothing has been changed.")
    assert "area: 192 to create" in out
    assert not Area.objects.exists()

    code, out, _ = run(capsys, "import-lookups", lookup, "--within", "E10000015")
    assert code == 0
    assert out.startswith("Applied.")

    code, out, _ = run(capsys, "list", "--type", "ward", "--within", "E07000243")
    assert code == 0
    lines = out.splitlines()
    assert len(lines) == 13
    assert "E05004806\tward\tBedwell" in lines

    code, out, _ = run(capsys, "list", "--type", "region")
    assert out == "E12000006\tregion\tEast of England\n"


def test_import_imd_for_a_subset(capsys: pytest.CaptureFixture[str], shared_data: Path) -> None:
    path = str(shared_data / "imd2019" / "imd2019_lsoa11_herts_coventry_warwickshire.csv")
    code, out, _ = run(capsys, "import-imd", path, "--edition", "IMD2019")
    assert code == 0
    assert "deprivation: 1224 to create" in out
    assert Deprivation.objects.count() == 1224


def test_population_and_boundaries(capsys: pytest.CaptureFixture[str], shared_data: Path) -> None:
    population = str(shared_data / "population" / "population19_ltla19.csv")
    code, out, _ = run(capsys, "import-population", population, "--within", "E07000243")
    assert code == 0
    assert "note: year 2019" in out
    assert "population: 92 to create" in out
    assert "kept 1 of 339 rows (within E07000243)" in out
    boundaries = str(shared_data / "boundaries" / "ltla24_buc_herts_coventry_warwickshire.geojson")
    code, out, _ = run(capsys, "import-boundaries", boundaries, "--type", "ltla")
    assert code == 0
    assert "boundary: 16 to create" in out


def test_errors_are_one_line(capsys: pytest.CaptureFixture[str], tmp_path: Path, shared_data: Path) -> None:
    code, _, err = run(capsys, "import-lookups", str(tmp_path / "missing.csv"))
    assert code == 1
    assert err.strip().endswith(f"There is no file at {tmp_path / 'missing.csv'}")
    assert err.count("\n") == 1

    wrong = tmp_path / "wrong.csv"
    wrong.write_text("a,b\n1,2\n")
    code, _, err = run(capsys, "import-lookups", str(wrong))
    assert code == 1
    assert "does not look like an ONS lookup: expected columns like LSOA11CD, WD19CD" in err
    assert "Traceback" not in err

    code, _, err = run(capsys, "import-imd", str(wrong))
    assert code != 0
    assert "--edition" in err


def test_rejected_rows_are_listed_and_the_command_fails(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    bad = tmp_path / "bad.csv"
    bad.write_text("WD19CD,WD19NM,LAD19CD,LAD19NM\nE0500480,Broken,E07000243,Stevenage\n")
    code, out, err = run(capsys, "import-lookups", str(bad))
    assert code == 1
    assert "row 2, column 'WD19CD': 'E0500480' is not an ONS GSS code" in out
    assert "Nothing was imported: 1 problem(s) in bad.csv" in err
    assert not Area.objects.exists()
