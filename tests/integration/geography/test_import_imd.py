"""English Indices of Deprivation, imported from the real files in ../shared/data."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

import pytest

from tests.integration.geography.conftest import HERTFORDSHIRE, STEVENAGE, applied, no_writes
from wellboard.core.errors import InvalidInput
from wellboard.geography.importers.imd import import_imd
from wellboard.geography.importers.lookups import import_lookups
from wellboard.geography.models import Deprivation
from wellboard.geography.selectors import area_children, area_get, deprivation_deciles, deprivation_for

pytestmark = pytest.mark.django_db


def figures(code: str, edition: str = "IMD2019") -> tuple[Decimal, int, int, int, int | None, bool]:
    d = Deprivation.objects.get(area__code=code, edition=edition)
    return d.score, d.rank, d.ranked_areas, d.decile, d.population, d.derived


@pytest.mark.slow
def test_national_imd2019_with_derived_wards_and_districts(shared_data: Path) -> None:
    imd = shared_data / "imd2019"
    lookup = shared_data / "geography" / "LSOA11_WD19_LAD19_EW_LU_Dec2019.csv"
    applied(import_lookups(shared_data / "geography" / "WD19_LAD19_CTY19_RGN19_CTRY19_UK_LU_Dec2019.csv"))
    report = applied(
        import_imd(
            imd / "imd2019_lsoa11_england.csv",
            edition="IMD2019",
            population_file=imd / "File_6_IoD2019_Population_Denominators.csv",
            ward_lookup=lookup,
        )
    )
    assert report.counts()["deprivation"]["create"] == 32844
    assert report.counts()["deprivation (derived)"]["create"] == 317 + 7180
    assert figures("E01000001") == (Decimal("6.208"), 29199, 32844, 9, 1296, False)
    # districts: the same population-weighted average score as MHCLG's local authority summary
    assert figures("E06000009") == (Decimal("45.039"), 1, 317, 1, 140162, True)  # Blackpool
    assert figures(STEVENAGE) == (Decimal("19.695"), 140, 317, 5, 86579, True)
    assert figures("E05004806") == (Decimal("30.509"), 1124, 7180, 2, 7311, True)  # Bedwell ward
    wards = area_children(area=area_get(code=STEVENAGE), type="ward")
    assert deprivation_deciles(areas=wards) == {
        "E05004805": 5,
        "E05004806": 2,
        "E05004807": 5,
        "E05004808": 5,
        "E05004810": 4,
        "E05004811": 5,
        "E05004812": 4,
        "E05004813": 4,
        "E05004814": 4,
        "E05004815": 3,
        "E05004816": 5,
        "E05004817": 5,
        "E05009316": 9,
    }
    with no_writes():
        again = import_imd(
            imd / "imd2019_lsoa11_england.csv",
            edition="IMD2019",
            population_file=imd / "File_6_IoD2019_Population_Denominators.csv",
            ward_lookup=lookup,
        )
    assert set(again.totals()) == {"unchanged", "rejected"}


def test_subset_file_is_imported_but_not_ranked_again(herts_lookups: Path) -> None:
    report = applied(
        import_imd(
            herts_lookups / "imd2019" / "imd2019_lsoa11_herts_coventry_warwickshire.csv", edition="IMD2019"
        )
    )
    assert report.rows_read == 1224
    assert Deprivation.objects.filter(derived=False).count() == 1224
    assert not Deprivation.objects.filter(derived=True).exists()
    assert any("not derived (their ranks would not be national)" in note for note in report.notes)
    lsoas = area_children(area=area_get(code=STEVENAGE), type="lsoa")
    assert len(deprivation_deciles(areas=lsoas)) == 52


def test_within_keeps_the_lsoas_of_one_place_but_ranks_nationally(herts_lookups: Path) -> None:
    imd = herts_lookups / "imd2019"
    report = applied(
        import_imd(
            imd / "imd2019_lsoa11_england.csv",
            edition="IMD2019",
            population_file=imd / "File_6_IoD2019_Population_Denominators.csv",
            within=[STEVENAGE],
        )
    )
    assert Deprivation.objects.filter(derived=False).count() == 52
    # the wards come from the Hertfordshire lookups already imported, which do not cover England
    assert any("place 690 of the 32,844 LSOAs in wards" in note for note in report.notes)
    assert figures(STEVENAGE)[:4] == (Decimal("19.695"), 140, 317, 5)
    assert not Deprivation.objects.filter(area__code=HERTFORDSHIRE).exists()


def test_imd2025_for_stevenage(herts_lookups: Path) -> None:
    report = applied(
        import_imd(
            herts_lookups / "imd2025" / "imd2025_lsoa21_england.csv", edition="IMD2025", within=[STEVENAGE]
        )
    )
    assert report.counts()["area"]["create"] == 5  # LSOAs new in 2021
    assert figures("E01023750", "IMD2025")[:4] == (Decimal("36.098"), 5763, 33755, 2)
    assert area_get(code="E01035568").geography_year == 2021
    stevenage = deprivation_for(areas=[STEVENAGE], edition="IMD2025")[STEVENAGE]
    assert stevenage.derived
    assert stevenage.population is None  # the 2025 file has no denominators: a plain mean
    assert any("not population-weighted" in note for note in report.notes)


def test_wrong_edition_is_refused(shared_data: Path) -> None:
    with pytest.raises(InvalidInput, match="did you mean --edition IMD2025"):
        import_imd(shared_data / "imd2025" / "imd2025_lsoa21_england.csv", edition="IMD2019")
    with pytest.raises(InvalidInput, match="The edition must be one of IMD2019, IMD2025"):
        import_imd(shared_data / "imd2025" / "imd2025_lsoa21_england.csv", edition="IMD2015")


def test_a_file_without_scores_is_refused(shared_data: Path) -> None:
    with pytest.raises(InvalidInput, match="does not look like an IMD file: it has no IMD score column"):
        import_imd(shared_data / "imd2019" / "File_2_IoD2019_Domains_of_Deprivation.csv", edition="IMD2019")


def test_bad_rows_are_rejected_with_reasons(tmp_path: Path) -> None:
    path = tmp_path / "imd.csv"
    path.write_text(
        "lsoa11cd,lsoa11nm,lad19cd,lad19nm,imd_score,imd_rank,imd_decile\n"
        "E01000001,City of London 001A,E09000001,City of London,6.208,29199,9\n"
        "E01000001,City of London 001A,E09000001,City of London,6.208,29199,9\n"
        "W01000001,Welsh,W06000001,Anglesey,6.208,29199,9\n"
        "E01000002,City of London 001B,E09000001,City of London,5.1,30379,3\n"
        "E01000003,City of London 001C,E09000001,City of London,many,0,11\n",
        encoding="utf-8",
    )
    report = import_imd(path, edition="IMD2019")
    assert [str(r) for r in report.rejections] == [
        "row 3, column 'lsoa11cd': E01000001 appears again (first on row 2)",
        "row 4, column 'lsoa11cd': 'W01000001' is not an English LSOA code (E01 and 6 digits)",
        "row 5, column 'imd_decile': the decile 3 does not match rank 30,379 (that is decile 10)",
        "row 6, column 'imd_score': 'many' is not an IMD score (a number from 0 to 100)",
        "row 6, column 'imd_rank': the rank is outside 1 to 32,844",
        "row 6, column 'imd_decile': the decile is not from 1 to 10",
    ]
    assert not Deprivation.objects.exists()


def test_population_file_must_cover_every_lsoa(shared_data: Path, tmp_path: Path) -> None:
    populations = tmp_path / "pop.csv"
    populations.write_text("LSOA code (2011),Total population: mid 2015 (excluding prisoners)\nE01000001,5\n")
    with pytest.raises(InvalidInput, match=r"no figure for 1,224 of the LSOAs"):
        import_imd(
            shared_data / "imd2019" / "imd2019_lsoa11_herts_coventry_warwickshire.csv",
            edition="IMD2019",
            population_file=populations,
        )
