"""Mid-year estimates and census counts, imported from the real files in ../shared/data."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.integration.geography.conftest import HERTFORDSHIRE, STEVENAGE, applied, no_writes
from wellboard.core.errors import InvalidInput
from wellboard.geography.importers.population import import_population, year_from_name
from wellboard.geography.models import Population
from wellboard.geography.selectors import area_children, area_get, population_esp_bands, population_for

pytestmark = pytest.mark.django_db

MYE_SINGLE = "mye2019_lad2020_syoa_by_sex_herts_coventry_warwickshire.csv"
MYE_BANDS = "mye2019_lad2020_5yr_bands_by_sex_herts_coventry_warwickshire.csv"
LSOA_2019 = "population19_lsoa11_syoa_persons_herts_coventry_warwickshire.csv"


@pytest.mark.parametrize(
    ("name", "year"),
    [
        (LSOA_2019, 2019),
        ("population20_ltla21.csv", 2020),
        (MYE_BANDS, 2019),
        ("age_gender21_ltla21_ew.csv", 2021),
        ("populations.csv", None),
    ],
)
def test_year_from_file_name(name: str, year: int | None) -> None:
    assert year_from_name(name) == year


def test_lsoa_single_years_add_up_to_the_district_estimate(herts_lookups: Path) -> None:
    population = herts_lookups / "population"
    report = applied(import_population(population / LSOA_2019, within=[STEVENAGE]))
    assert report.counts()["population"]["create"] == 52 * 92  # 0..89, 90+ and the total
    assert any("no sex column" in note for note in report.notes)
    applied(import_population(population / MYE_SINGLE, within=[HERTFORDSHIRE]))
    stevenage = area_get(code=STEVENAGE)
    lsoas = list(area_children(area=stevenage, type="lsoa"))
    assert population_for(areas=["E01023750"], year=2019) == {"E01023750": 1182}
    from_lsoas = sum(population_for(areas=lsoas, year=2019).values())
    assert from_lsoas == population_for(areas=[stevenage], year=2019)[STEVENAGE] == 87845
    # a ward has no estimate of its own: its LSOAs are added up
    bedwell = population_for(areas=["E05004806"], year=2019, age_band="0-15")
    assert bedwell["E05004806"] > 0
    with no_writes():
        again = applied(import_population(population / LSOA_2019, within=[STEVENAGE]))
    assert set(again.totals()) == {"unchanged", "rejected"}


def test_single_years_and_five_year_bands_agree_for_dsrs(herts_lookups: Path) -> None:
    population = herts_lookups / "population"
    applied(import_population(population / MYE_SINGLE))
    report = applied(import_population(population / MYE_BANDS))
    assert any("E11" in note for note in report.notes)  # the West Midlands metropolitan county is skipped
    for sex in ("Persons", "Males", "Females"):
        from_single_years = population_esp_bands(
            areas=[STEVENAGE, HERTFORDSHIRE, "E92000001"], year=2019, sex=sex
        )
        Population.objects.filter(age_to__isnull=False).exclude(age_band__contains="-").update(year=1900)
        from_bands = population_esp_bands(areas=[STEVENAGE, HERTFORDSHIRE, "E92000001"], year=2019, sex=sex)
        Population.objects.filter(year=1900).update(year=2019)
        assert from_single_years == from_bands
        assert len(from_bands[STEVENAGE]) == 19
    assert population_for(areas=["E92000001"], year=2019)["E92000001"] == 56286961
    assert population_for(areas=[STEVENAGE], year=2019, sex="Females", age_band="85+") == {
        STEVENAGE: 823 + 530
    }
    assert area_get(code="K04000001").name == "England and Wales"


def test_census_totals_by_sex(herts_lookups: Path) -> None:
    report = applied(
        import_population(herts_lookups / "population" / "age_gender21_ltla21_ew.csv", within=[HERTFORDSHIRE])
    )
    assert report.counts()["population"]["create"] == 30
    assert population_for(areas=[STEVENAGE], year=2021, sex="Females") == {STEVENAGE: 45338}
    assert population_for(areas=[STEVENAGE], year=2021) == {STEVENAGE: 89500}
    assert any("do not add up to the totals" in note for note in report.notes)
    assert not Population.objects.exclude(age_band="All ages").exists()


def test_census_rows_for_unknown_areas_are_rejected(herts_lookups: Path) -> None:
    report = import_population(herts_lookups / "population" / "age_gender21_ltla21_ew.csv")
    assert not report.ok
    assert "there is no area E06000001: import a lookup that names it first" in str(report.rejections[0])
    assert not Population.objects.exists()


def write(tmp_path: Path, name: str, text: str) -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def test_rows_that_do_not_add_up_are_rejected(tmp_path: Path) -> None:
    ages = ",".join(str(a) for a in range(90))
    ones = ",".join("1" for _ in range(90))
    path = write(
        tmp_path,
        "population19_test.csv",
        f"ltla19_code,ltla19_name,total_population,{ages},90+\n"
        f"E07000243,Stevenage,91,{ones},1\n"
        f"E07000099,North Hertfordshire,100,{ones},1\n"
        f"E07000098,Hertsmere,91,{ones},x\n",
    )
    report = import_population(path)
    assert [str(r) for r in report.rejections] == [
        "row 3, column 'total_population': the ages add up to 91 but the total is 100",
        "row 4, column '90+': the count 'x' is not a whole number",
    ]
    assert not Population.objects.exists()


def test_long_files_reject_repeated_rows_and_unknown_sexes(tmp_path: Path) -> None:
    path = write(
        tmp_path,
        "bands.csv",
        "area_code,name,sex,age_band,population\n"
        "E07000243,Stevenage,Persons,0-4,5822\n"
        "E07000243,Stevenage,Persons,0 to 4,5822\n"
        "E07000243,Stevenage,Other,5-9,6136\n"
        "E07000243,Stevenage,Persons,old,1\n",
    )
    report = import_population(path, year=2019)
    assert [str(r) for r in report.rejections] == [
        "row 3: E07000243 Persons 0-4 appears again (first on row 2)",
        "row 4, column 'sex': 'Other' is not Persons, Males or Females",
        "row 5: 'old' is not an age band: use a single age (7), a range (0-4), 90+ or All ages",
    ]


def test_the_year_must_be_known(tmp_path: Path) -> None:
    path = write(
        tmp_path, "bands.csv", "area_code,name,sex,age_band,population\nE07000243,Stevenage,Persons,0-4,1\n"
    )
    with pytest.raises(InvalidInput, match=r"Give the year of the figures in bands\.csv with --year"):
        import_population(path)


def test_a_file_that_is_not_a_population_file_is_refused(shared_data: Path) -> None:
    with pytest.raises(InvalidInput, match="does not look like a population file"):
        import_population(shared_data / "esp2013" / "esp2013_19_bands_90plus.csv", year=2013)
