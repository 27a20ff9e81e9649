"""Nesting, deprivation and population reads on a small hand-made hierarchy."""

from __future__ import annotations

from decimal import Decimal

import pytest

from tests.factories.geography import Place, link, make_area, make_place, single_years
from wellboard.core.access import Actor
from wellboard.core.errors import NotFound
from wellboard.geography.models import Area, AreaType, Deprivation, Population
from wellboard.geography.selectors import (
    area_children,
    area_get,
    area_list,
    area_parents,
    areas_for_partnership,
    deprivation_deciles,
    deprivation_for,
    parent_codes,
    population_esp_bands,
    population_for,
)
from wellboard.geography.services import custom_area_create
from wellboard.partners.models import Partnership

pytestmark = pytest.mark.django_db


@pytest.fixture
def place(db: None) -> Place:
    return make_place()


def codes_of(areas: object) -> list[str]:
    return sorted(a.code for a in areas)  # type: ignore[attr-defined]


def test_children_at_any_depth_and_of_one_type(place: Place) -> None:
    assert codes_of(area_children(area=place.stevenage, type="ward")) == ["E05004806", "E05004815"]
    assert len(area_children(area=place.county, type="lsoa")) == 4
    assert codes_of(area_children(area=place.region, type="ltla")) == ["E06000032", "E07000099", "E07000243"]


def test_upper_tier_includes_unitary_authorities(place: Place) -> None:
    assert codes_of(area_list(type="utla", within=place.region)) == ["E06000032", "E10000015"]
    assert codes_of(area_list(type="utla", within="E12000006")) == ["E06000032", "E10000015"]


def test_parents_nearest_first(place: Place) -> None:
    lsoa = place.lsoas[0]
    assert [a.code for a in area_parents(area=lsoa)] == [
        "E05004806",
        "E07000243",
        "E10000015",
        "E12000006",
        "E92000001",
    ]


def test_newer_lookups_replace_older_children_but_years_still_reach_them(place: Place) -> None:
    """Stevenage's wards changed in May 2024: the 2024 lookup gives a new set of 13 codes."""
    new_ward = make_area("E05015626", "Bedwell", AreaType.WARD, 2024)
    link(new_ward, place.stevenage, year=2024)
    link(place.lsoas[0], new_ward, year=2024)
    assert codes_of(area_children(area=place.stevenage, type="ward")) == ["E05015626"]
    assert codes_of(area_children(area=place.stevenage, type="ward", year=2019)) == ["E05004806", "E05004815"]
    assert codes_of(area_children(area=place.stevenage, type="ward", year=2022)) == ["E05004806", "E05004815"]
    assert codes_of(area_children(area=place.stevenage, type="lsoa")) == [place.lsoas[0].code]
    assert parent_codes(child_codes=[place.lsoas[0].code], type="ward") == {place.lsoas[0].code: "E05015626"}
    assert parent_codes(child_codes=[place.lsoas[0].code], type="ward", year=2019) == {
        place.lsoas[0].code: "E05004806"
    }


def test_area_get_hides_other_partnerships_custom_areas(
    place: Place, partnership: Partnership, other_partnership: Partnership, cli_actor: Actor
) -> None:
    area = custom_area_create(by=cli_actor, name="Hub catchment", member_codes=[place.wards[0].code])
    assert area_get(code=area.code, actor=cli_actor) == area
    with pytest.raises(NotFound):
        area_get(code=area.code)
    with pytest.raises(NotFound):
        area_get(code=area.code, actor=Actor.command_line(other_partnership.pk))
    assert area in area_list(actor=cli_actor)
    assert area not in area_list(actor=Actor.command_line(other_partnership.pk))


def test_areas_for_partnership(place: Place, partnership: Partnership, cli_actor: Actor) -> None:
    partnership.area_code = "E07000243"
    partnership.save()
    hub = custom_area_create(by=cli_actor, name="Hub catchment", member_codes=[place.wards[1].code])
    found = set(codes_of(areas_for_partnership(actor=cli_actor)))
    expected = {"E92000001", "E12000006", "E10000015", "E07000243", "E07000099", hub.code}
    expected |= {w.code for w in place.wards} | {lsoa.code for lsoa in place.lsoas}
    assert found == expected  # Luton is in the region but not a Hertfordshire neighbour


def test_areas_for_partnership_without_a_place_is_its_custom_areas(place: Place, cli_actor: Actor) -> None:
    hub = custom_area_create(by=cli_actor, name="Hub catchment", member_codes=[place.wards[1].code])
    assert list(areas_for_partnership(actor=cli_actor)) == [hub]


def test_deprivation_selectors(place: Place) -> None:
    Deprivation.objects.create(
        area=place.lsoas[0], edition="IMD2019", score=Decimal("30.5"), rank=3000, ranked_areas=32844, decile=1
    )
    Deprivation.objects.create(
        area=place.wards[0],
        edition="IMD2019",
        score=Decimal("25"),
        rank=1,
        ranked_areas=2,
        decile=5,
        derived=True,
    )
    assert deprivation_deciles(areas=[place.lsoas[0], "E05004806", "E01023751"]) == {
        place.lsoas[0].code: 1,
        "E05004806": 5,
    }
    assert deprivation_deciles(areas=[place.lsoas[0]], edition="IMD2025") == {}
    assert deprivation_for(areas=["e05004806"])["E05004806"].derived


def _ages(seed: int) -> list[int]:
    return [seed + (age % 7) for age in range(91)]


def test_population_for_bands_from_single_years(place: Place) -> None:
    single_years(place.stevenage, year=2019, counts=_ages(10))
    expected_all = sum(_ages(10))
    assert population_for(areas=[place.stevenage], year=2019) == {"E07000243": expected_all}
    assert population_for(areas=["E07000243"], year=2019, age_band="0-4") == {"E07000243": sum(_ages(10)[:5])}
    assert population_for(areas=["E07000243"], year=2019, age_band="65+") == {
        "E07000243": sum(_ages(10)[65:])
    }
    assert population_for(areas=["E07000243"], year=2019, age_band="95+") == {}
    assert population_for(areas=["E07000243"], year=2020) == {}
    assert population_for(areas=["E07000243"], year=2019, sex="Males") == {}


def test_population_for_never_adds_overlapping_or_partial_bands(place: Place) -> None:
    for label, low, high, count in (
        ("0-4", 0, 4, 50),
        ("5-9", 5, 9, 60),
        ("10-14", 10, 14, 70),
        ("3", 3, 3, 9),
    ):
        Population.objects.create(
            area=place.neighbour,
            year=2019,
            sex="Persons",
            age_band=label,
            age_from=low,
            age_to=high,
            count=count,
        )
    assert population_for(areas=[place.neighbour], year=2019, age_band="0-9") == {"E07000099": 110}
    assert population_for(areas=[place.neighbour], year=2019, age_band="0-14") == {"E07000099": 180}
    assert population_for(areas=[place.neighbour], year=2019, age_band="2-9") == {}
    assert population_for(areas=[place.neighbour], year=2019) == {}


def test_wards_and_custom_areas_add_up_their_lsoas(place: Place, cli_actor: Actor) -> None:
    for index, lsoa in enumerate(place.lsoas):
        single_years(lsoa, year=2019, counts=_ages(index + 1))
    hub = custom_area_create(by=cli_actor, name="Hub catchment", member_codes=[place.wards[1].code])
    totals = {lsoa.code: sum(_ages(i + 1)) for i, lsoa in enumerate(place.lsoas)}
    result = population_for(areas=[*place.wards, hub], year=2019, age_band="0-4")
    assert result["E05004806"] == sum(_ages(1)[:5]) + sum(_ages(2)[:5])
    assert result[hub.code] == sum(_ages(3)[:5]) + sum(_ages(4)[:5])
    assert population_for(areas=[place.stevenage], year=2019) == {"E07000243": sum(totals.values())}
    Population.objects.filter(area=place.lsoas[3]).delete()
    assert "E05004815" not in population_for(areas=place.wards, year=2019)


def test_esp_bands_from_single_years_or_from_stored_bands(place: Place) -> None:
    counts = _ages(100)
    single_years(place.stevenage, year=2019, counts=counts)
    bands = population_esp_bands(areas=[place.stevenage], year=2019)["E07000243"]
    assert len(bands) == 19
    assert bands[0] == sum(counts[0:5])
    assert bands[17] == sum(counts[85:90])
    assert bands[18] == counts[90]
    assert sum(bands) == sum(counts)
    for index, low in enumerate(range(0, 95, 5)):
        label, high = (f"{low}-{low + 4}", low + 4) if low < 90 else ("90+", None)
        Population.objects.create(
            area=place.neighbour,
            year=2019,
            sex="Females",
            age_band=label,
            age_from=low,
            age_to=high,
            count=index,
        )
    assert population_esp_bands(areas=["E07000099"], year=2019, sex="Females") == {
        "E07000099": list(range(19))
    }
    Population.objects.filter(area=place.stevenage, age_band="37").delete()
    assert population_esp_bands(areas=[place.stevenage], year=2019) == {}


def test_area_list_filters(place: Place) -> None:
    assert codes_of(area_list(codes=["E07000243", "E07000099", "E99999999"])) == ["E07000099", "E07000243"]
    assert area_list(type="country").get() == place.england
    assert isinstance(area_list(type="lsoa", within=place.stevenage).first(), Area)


def test_esp_bands_of_a_ward_or_custom_area_add_up_its_lsoas(place: Place, cli_actor: Actor) -> None:
    for index, lsoa in enumerate(place.lsoas):
        single_years(lsoa, year=2019, counts=_ages(index))
    hub = custom_area_create(by=cli_actor, name="Hub", member_codes=[place.wards[0].code])
    bands = population_esp_bands(areas=[place.wards[0], hub], year=2019)
    expected = [sum(_ages(0)[a : a + 5]) + sum(_ages(1)[a : a + 5]) for a in range(0, 90, 5)]
    expected.append(_ages(0)[90] + _ages(1)[90])
    assert bands == {"E05004806": expected, hub.code: expected}
    Population.objects.filter(area=place.lsoas[1], age_band="3").delete()
    assert population_esp_bands(areas=[place.wards[0]], year=2019) == {}
