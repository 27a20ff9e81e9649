"""ONS lookups, imported from the real files in ../shared/data."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from tests.integration.geography.conftest import HERTFORDSHIRE, STEVENAGE, applied, no_writes
from wellboard.core.errors import InvalidInput
from wellboard.geography.importers.files import CsvTable
from wellboard.geography.importers.lookups import detect_lookup, import_lookups
from wellboard.geography.models import Area, AreaChange, AreaLink
from wellboard.geography.selectors import area_children, area_get, area_list, area_parents

pytestmark = pytest.mark.django_db

WD19 = "WD19_LAD19_CTY19_RGN19_CTRY19_UK_LU_Dec2019.csv"


def names(areas: object) -> list[str]:
    return sorted(a.name for a in areas)  # type: ignore[attr-defined]


@pytest.mark.slow
def test_uk_ward_lookup_builds_england_and_its_tiers(shared_data: Path) -> None:
    path = shared_data / "geography" / WD19
    report = applied(import_lookups(path))
    assert report.rows_read == 8887
    assert report.counts()["area"]["create"] == Area.objects.count()
    england = area_get(code="E92000001")
    assert len(area_children(area=england, type="region")) == 9
    herts = area_get(code=HERTFORDSHIRE)
    assert herts.type == "utla"
    assert names(area_children(area=herts, type="ltla")) == [
        "Broxbourne",
        "Dacorum",
        "East Hertfordshire",
        "Hertsmere",
        "North Hertfordshire",
        "St Albans",
        "Stevenage",
        "Three Rivers",
        "Watford",
        "Welwyn Hatfield",
    ]
    stevenage = area_get(code=STEVENAGE)
    assert len(area_children(area=stevenage, type="ward")) == 13
    assert [a.name for a in area_parents(area=stevenage)] == ["Hertfordshire", "East of England", "England"]
    # unitary and metropolitan councils hang off their region; Wales and Scotland off their country
    assert [a.code for a in area_parents(area=area_get(code="E08000026"))] == ["E12000005", "E92000001"]
    assert area_get(code="E08000026").is_upper_tier
    assert [a.code for a in area_parents(area=area_get(code="W06000015"))] == ["W92000004"]
    assert area_get(code="S13002516").type == "ward"
    # metropolitan counties and Inner/Outer London are not councils
    assert not Area.objects.filter(code__startswith="E11").exists()
    assert any("metropolitan counties" in note for note in report.notes)
    assert area_list(type="utla", within="E12000006").count() == 11  # 5 counties and 6 unitaries

    with no_writes():
        again = applied(import_lookups(path))
    assert set(again.totals()) == {"unchanged", "rejected"}
    assert not again.applied


@pytest.mark.slow
def test_the_lsoa_lookup_for_all_of_england_and_wales(shared_data: Path) -> None:
    geography = shared_data / "geography"
    applied(import_lookups(geography / WD19))
    report = applied(import_lookups(geography / "LSOA11_WD19_LAD19_EW_LU_Dec2019.csv"))
    assert report.rows_read == 34753
    assert Area.objects.filter(type="lsoa").count() == 34753
    stevenage = area_get(code=STEVENAGE)
    lsoas = area_children(area=stevenage, type="lsoa", year=2019)
    assert len(lsoas) == 52
    assert {a.geography_year for a in lsoas} == {2011}
    assert area_children(area=area_get(code="E92000001"), type="lsoa").count() == 32844


def test_dry_run_changes_nothing(shared_data: Path) -> None:
    with no_writes():
        report = import_lookups(shared_data / "geography" / WD19, dry_run=True, within=[HERTFORDSHIRE])
    assert report.ok
    assert report.counts()["area"]["create"] == 192  # 179 wards, 10 districts, county, region, England
    assert report.summary_lines()[0] == "Dry run: nothing has been changed."
    assert not Area.objects.exists()


def test_within_keeps_rows_about_an_area_and_what_lies_in_it(herts_lookups: Path) -> None:
    assert Area.objects.filter(type="ltla").count() == 10
    assert area_children(area=area_get(code=STEVENAGE), type="lsoa").count() == 52
    assert (
        Area.objects.filter(type="lsoa").count()
        == area_children(area=area_get(code=HERTFORDSHIRE), type="lsoa").count()
    )


def test_2024_wards_replace_the_2019_wards_but_2019_is_still_there(herts_lookups: Path) -> None:
    report = applied(
        import_lookups(herts_lookups / "geography" / "lookup_lsoa21_ward24_ltla24.csv", within=[STEVENAGE])
    )
    assert "Lookup: lsoa21 → ward24 → ltla24 (vintage 2024)" in report.notes
    stevenage = area_get(code=STEVENAGE)
    current = area_children(area=stevenage, type="ward")
    assert "Almond Hill" in names(current)
    assert len(current) == 13
    old = area_children(area=stevenage, type="ward", year=2019)
    assert "Pin Green" in names(old)
    assert len(old) == 13
    assert area_children(area=stevenage, type="lsoa").count() == 54
    assert area_children(area=stevenage, type="lsoa", year=2019).count() == 52
    # an LSOA that kept its code sits in a 2019 and a 2024 ward; its link to Stevenage spans both
    link = AreaLink.objects.get(child__code="E05015626", parent__code=STEVENAGE)
    assert (link.first_year, link.last_year) == (2024, 2024)


def test_lsoa_2011_to_2021_changes(herts_lookups: Path) -> None:
    report = applied(
        import_lookups(herts_lookups / "geography" / "lookup_lsoa11_lsoa21_ltla22.csv", within=[STEVENAGE])
    )
    changes = AreaChange.objects.filter(
        successor__code__in=["E01035568", "E01035569", "E01035582", "E01023750"]
    )
    kinds = {(c.predecessor.code, c.successor.code): c.kind for c in changes}
    assert kinds == {
        ("E01023789", "E01035568"): "S",
        ("E01023789", "E01035569"): "S",
        ("E01023768", "E01035582"): "X",
        ("E01023508", "E01035582"): "X",
        ("E01023750", "E01023750"): "U",
    }
    assert area_get(code="E01035568").geography_year == 2021
    assert area_get(code="E01023750").geography_year == 2011
    assert any("stored the areas but no links" in note for note in report.notes)


def test_district_lookups_link_only_the_next_level_up(shared_data: Path) -> None:
    geography = shared_data / "geography"
    applied(import_lookups(geography / "lookup_ltla23_utla23.csv"))
    applied(import_lookups(geography / "lookup_ltla24_region24.csv"))
    stevenage = area_get(code=STEVENAGE)
    assert [a.code for a in area_parents(area=stevenage)] == [HERTFORDSHIRE]  # no county-to-region link yet
    assert [a.code for a in area_parents(area=area_get(code="E06000032"))] == ["E12000006"]
    assert not AreaLink.objects.filter(child=stevenage, parent__type="region").exists()
    assert not AreaLink.objects.filter(child=area_get(code="E06000032"), parent__code="E06000032").exists()


def test_msoas_belong_to_districts_not_wards(herts_lookups: Path) -> None:
    applied(
        import_lookups(
            herts_lookups / "geography" / "MSOA11_WD19_LAD19_EW_LU_Dec2019.csv", within=[STEVENAGE]
        )
    )
    stevenage = area_get(code=STEVENAGE)
    assert area_children(area=stevenage, type="msoa").count() == 12
    assert not AreaLink.objects.filter(child__type="msoa", parent__type="ward").exists()


def test_nhs_and_county_lookups(herts_lookups: Path) -> None:
    geography = herts_lookups / "geography"
    applied(import_lookups(geography / "LSOA11_CCG20_LAD20_EN_LU_Apr2020_herts_coventry_warwickshire.csv"))
    ccg = area_get(code="E38000049")
    assert ccg.type == "ccg"
    assert ccg.name == "NHS East and North Hertfordshire CCG"
    assert area_children(area=ccg, type="lsoa").filter(parent_links__parent__code="E05004806").exists()
    report = applied(import_lookups(geography / "LSOA11_UTLA19_EW_LU_2019_herts_coventry_warwickshire.csv"))
    assert any("stored the areas but no links" in note for note in report.notes)
    assert not AreaLink.objects.filter(child__type="lsoa", parent__type="utla").exists()
    phe = applied(import_lookups(geography / "LAD19_PHEC19_PHEREG19_EN_LU_Dec2019.csv", dry_run=True))
    assert any("PHEC19" in note and "not a geography" in note for note in phe.notes)


def write(tmp_path: Path, text: str, name: str = "lookup.csv") -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def test_a_file_that_is_not_a_lookup_is_refused(tmp_path: Path) -> None:
    path = write(tmp_path, "FID,Name,Value\n1,x,2\n")
    with pytest.raises(
        InvalidInput, match="does not look like an ONS lookup: expected columns like LSOA11CD, WD19CD"
    ):
        import_lookups(path)


def test_a_missing_file_is_refused(tmp_path: Path) -> None:
    with pytest.raises(InvalidInput, match="There is no file at"):
        import_lookups(tmp_path / "nowhere.csv")


def test_bad_rows_are_reported_with_row_numbers_and_nothing_is_written(tmp_path: Path) -> None:
    path = write(
        tmp_path,
        "WD19CD,WD19NM,LAD19CD,LAD19NM\n"
        "E05004805,Bandley Hill,E07000243,Stevenage\n"
        "E0500480,Broken,E07000243,Stevenage\n"
        "E05004806,Bedwell,E07000243,Stevenage Borough\n"
        "E05004805,Bandley Hill,E07000099,North Hertfordshire\n"
        "E05004807,Chells,E10000015,Hertfordshire\n",
    )
    report = import_lookups(path)
    assert not report.ok
    reasons = [str(r) for r in report.rejections]
    assert reasons == [
        "row 3, column 'WD19CD': 'E0500480' is not an ONS GSS code",
        "row 4, column 'LAD19': E07000243 is called 'Stevenage Borough' here but 'Stevenage' on row 2",
        "row 5: E05004805 lies in E07000099 here but in E07000243 on row 2",
        "row 6, column 'LAD19CD': E10000015 is the code of a county or unitary authority, "
        "not a district or unitary authority",
    ]
    assert not Area.objects.exists()


def test_a_bad_change_code_is_rejected(tmp_path: Path) -> None:
    path = write(
        tmp_path,
        "lsoa11_code,lsoa11_name,change_code,lsoa21_code,lsoa21_name\nE01023789,A,Q,E01035568,B\n",
    )
    report = import_lookups(path)
    assert [str(r) for r in report.rejections] == [
        "row 2, column 'change_code': 'Q' is not a change code: use U (unchanged), S (split), M (merged) "
        "or X (redrawn)"
    ]


ENTITIES = {"LSOA": "lsoa", "MSOA": "msoa", "WD": "ward", "LAD": "ltla", "CTY": "utla", "RGN": "region"}


@given(st.lists(st.sampled_from(sorted(ENTITIES)), min_size=1, max_size=4, unique=True), st.data())
def test_detect_lookup_reads_levels_and_years_from_any_ons_header(
    entities: list[str], data: st.DataObject
) -> None:
    years = [data.draw(st.integers(min_value=11, max_value=30)) for _ in entities]
    header = ["FID"]
    for entity, yy in zip(entities, years, strict=True):
        header += [f"{entity}{yy}CD", f"{entity}{yy}NM"]
    shape = detect_lookup(CsvTable(name="x.csv", header=header, rows=[]))
    assert [level.type for level in shape.levels] == [ENTITIES[e] for e in entities]
    assert [level.year for level in shape.levels] == [2000 + y for y in years]
    assert shape.vintage == 2000 + max(years)
    assert all(level.name_column == level.code_column + 1 for level in shape.levels)
