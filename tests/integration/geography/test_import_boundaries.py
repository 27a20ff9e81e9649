"""GeoJSON boundaries, imported from the real files in ../shared/data."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from tests.integration.geography.conftest import STEVENAGE, applied, no_writes
from wellboard.core.errors import InvalidInput
from wellboard.geography.importers.boundaries import import_boundaries
from wellboard.geography.models import Area
from wellboard.geography.selectors import area_children, area_get

pytestmark = pytest.mark.django_db


def test_2013_ward_boundaries(herts_lookups: Path) -> None:
    path = herts_lookups / "boundaries" / "stevenage_wards_2013_E07000243.geojson"
    report = applied(import_boundaries(path, area_type="ward"))
    assert "areas identified by 'WD13CD' (type ward, 2013 boundaries)" in report.notes
    assert report.counts()["boundary"]["create"] == 13
    wards = area_children(area=area_get(code=STEVENAGE), type="ward")
    assert all(w.geometry and w.geometry["type"] in {"Polygon", "MultiPolygon"} for w in wards)
    assert {w.geography_year for w in wards} == {2013}  # the earliest boundary set the code is seen in
    assert area_get(code="E05004805").name == "Bandley Hill"
    with no_writes():
        again = applied(import_boundaries(path))
    assert set(again.totals()) == {"unchanged", "rejected"}


def test_geographr_files_name_their_properties_differently(herts_lookups: Path) -> None:
    boundaries = herts_lookups / "boundaries"
    report = applied(import_boundaries(boundaries / "stevenage_wards_dec2022_bsc_E07000243.geojson"))
    assert "areas identified by 'ward22_code' (type ward, 2022 boundaries)" in report.notes
    report = applied(import_boundaries(boundaries / "stevenage_lsoa21_dec2021_bsc_E07000243.geojson"))
    assert "areas identified by 'lsoa21_code' (type lsoa, 2021 boundaries)" in report.notes
    assert report.counts()["area"]["create"] == 5  # LSOAs new in 2021
    assert area_get(code="E01035568").geography_year == 2021
    assert area_get(code="E01035568").name == "Stevenage 001E"
    districts = applied(
        import_boundaries(boundaries / "ltla24_buc_herts_coventry_warwickshire.geojson", within=["E10000015"])
    )
    assert districts.counts()["boundary"]["create"] == 10


def test_lsoa_file_named_after_the_old_district_code(herts_lookups: Path) -> None:
    """The file name carries Stevenage's code before 2018 (E07000101); its features do not."""
    path = herts_lookups / "boundaries" / "stevenage_lsoa11_E07000101.geojson"
    report = applied(import_boundaries(path, within=[STEVENAGE]))
    assert report.counts()["boundary"]["create"] == 52
    assert Area.objects.filter(type="lsoa", geometry__isnull=False).count() == 52


def test_dry_run_changes_nothing(herts_lookups: Path) -> None:
    path = herts_lookups / "boundaries" / "coventry_wards_2013_E08000026.geojson"
    with no_writes():
        report = import_boundaries(path, dry_run=True)
    assert report.counts()["boundary"]["create"] == 18
    assert not Area.objects.filter(geometry__isnull=False).exists()


def test_wrong_type_is_refused(shared_data: Path) -> None:
    with pytest.raises(InvalidInput, match="no property holding a distinct ONS code of type ward"):
        import_boundaries(
            shared_data / "boundaries" / "ltla24_buc_herts_coventry_warwickshire.geojson", area_type="ward"
        )


def geojson(tmp_path: Path, data: object) -> Path:
    path = tmp_path / "areas.geojson"
    path.write_text(json.dumps(data), encoding="utf-8")
    return path


def feature(code: str, ring: list[list[int]]) -> dict[str, object]:
    return {
        "type": "Feature",
        "properties": {"LSOA11CD": code, "LSOA11NM": "Somewhere"},
        "geometry": {"type": "Polygon", "coordinates": [ring]},
    }


def test_british_national_grid_is_rejected(tmp_path: Path) -> None:
    ring = [[524000, 224000], [525000, 224000], [525000, 225000], [524000, 224000]]
    path = geojson(tmp_path, {"type": "FeatureCollection", "features": [feature("E01023750", ring)]})
    report = import_boundaries(path)
    assert [str(r) for r in report.rejections] == [
        "sheet 'feature', row 1: E01023750: the coordinates are not longitude and latitude (they look like "
        "British National Grid metres): convert the file to WGS84 (EPSG:4326) first"
    ]
    assert not Area.objects.exists()


def test_a_projected_crs_is_refused(tmp_path: Path) -> None:
    path = geojson(
        tmp_path,
        {
            "type": "FeatureCollection",
            "crs": {"type": "name", "properties": {"name": "urn:ogc:def:crs:EPSG::27700"}},
            "features": [feature("E01023750", [[0, 51], [0, 52], [1, 52], [0, 51]])],
        },
    )
    with pytest.raises(InvalidInput, match="not in longitude/latitude"):
        import_boundaries(path)


def test_files_that_are_not_geojson_are_refused(tmp_path: Path, shared_data: Path) -> None:
    with pytest.raises(InvalidInput, match="is not a GeoJSON file"):
        import_boundaries(shared_data / "esp2013" / "esp2013_19_bands_90plus.csv")
    with pytest.raises(InvalidInput, match="is not a GeoJSON FeatureCollection"):
        import_boundaries(geojson(tmp_path, {"type": "Feature"}))
    with pytest.raises(InvalidInput, match="--type must be one of"):
        import_boundaries(geojson(tmp_path, {}), area_type="street")
