"""Areas for tests: a small real-looking hierarchy without reading the reference files."""

from __future__ import annotations

from dataclasses import dataclass, field

from wellboard.geography.models import Area, AreaLink, AreaType, Population


def make_area(code: str, name: str, area_type: str, year: int | None = None) -> Area:
    """An official area (created once: the same code answers the same area)."""
    area, _ = Area.objects.get_or_create(
        code=code, defaults={"name": name, "type": area_type, "geography_year": year}
    )
    return area


def link(child: Area, parent: Area, year: int | None = 2019) -> AreaLink:
    found, _ = AreaLink.objects.get_or_create(
        child=child, parent=parent, defaults={"first_year": year, "last_year": year, "source": "test"}
    )
    return found


@dataclass
class Place:
    """England > East of England > Hertfordshire > Stevenage > 2 wards > 4 LSOAs, plus Luton
    (a unitary authority in the same region) and North Hertfordshire (Stevenage's neighbour)."""

    england: Area
    region: Area
    county: Area
    stevenage: Area
    neighbour: Area
    unitary: Area
    wards: list[Area] = field(default_factory=list)
    lsoas: list[Area] = field(default_factory=list)


def make_place() -> Place:
    england = make_area("E92000001", "England", AreaType.COUNTRY)
    region = make_area("E12000006", "East of England", AreaType.REGION)
    county = make_area("E10000015", "Hertfordshire", AreaType.UTLA)
    stevenage = make_area("E07000243", "Stevenage", AreaType.LTLA)
    neighbour = make_area("E07000099", "North Hertfordshire", AreaType.LTLA)
    unitary = make_area("E06000032", "Luton", AreaType.LTLA)
    link(region, england)
    link(county, region)
    link(stevenage, county)
    link(neighbour, county)
    link(unitary, region)
    place = Place(england, region, county, stevenage, neighbour, unitary)
    for ward_code, ward_name, lsoa_codes in (
        ("E05004806", "Bedwell", ("E01023700", "E01023701")),
        ("E05004815", "Shephall", ("E01023750", "E01023751")),
    ):
        ward = make_area(ward_code, ward_name, AreaType.WARD, 2019)
        link(ward, stevenage)
        place.wards.append(ward)
        for code in lsoa_codes:
            lsoa = make_area(code, f"Stevenage {code[-3:]}", AreaType.LSOA, 2011)
            link(lsoa, ward)
            place.lsoas.append(lsoa)
    return place


def single_years(area: Area, *, year: int, counts: list[int], sex: str = "Persons") -> None:
    """Single years of age 0..89 and 90+ (91 counts) plus the all-ages total."""
    assert len(counts) == 91
    rows = [
        Population(area=area, year=year, sex=sex, age_band=str(age), age_from=age, age_to=age, count=count)
        for age, count in enumerate(counts[:90])
    ]
    rows.append(
        Population(area=area, year=year, sex=sex, age_band="90+", age_from=90, age_to=None, count=counts[90])
    )
    rows.append(
        Population(
            area=area, year=year, sex=sex, age_band="All ages", age_from=0, age_to=None, count=sum(counts)
        )
    )
    Population.objects.bulk_create(rows)
