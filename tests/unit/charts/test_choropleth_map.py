from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from tests.unit.charts.helpers import assert_frame, layer_with
from wellboard.charts import MapFeature, MapValue, choropleth_map, map_table, quantile_bins
from wellboard.charts.choropleth import _signed_area, centroid, rewind

SQUARE_ANTICLOCKWISE = {"type": "Polygon", "coordinates": [[[0, 0], [1, 0], [1, 1], [0, 1], [0, 0]]]}


def test_quintiles_split_values_into_five_groups() -> None:
    bins = quantile_bins([float(v) for v in range(1, 11)], unit="%")
    assert len(bins.bounds) == 5
    assert [bins.group(v) for v in (1.0, 2.0, 3.0, 10.0)] == [1, 1, 2, 5]
    assert bins.group(None) is None
    assert bins.labels[0] == "1: 1.0 to 2.0%"


def test_few_distinct_values_give_fewer_groups() -> None:
    bins = quantile_bins([5.0, 5.0, 7.0, None])
    assert len(bins.bounds) == 2
    assert bins.group(5.0) == 1
    assert bins.group(7.0) == 2
    assert quantile_bins([None]).bounds == ()


@given(st.lists(st.floats(min_value=-1e6, max_value=1e6), min_size=1, max_size=60))
def test_groups_never_decrease_as_values_rise(values: list[float]) -> None:
    bins = quantile_bins(values)
    ordered = sorted(values)
    groups = [bins.group(v) for v in ordered]
    assert all(g is not None and 1 <= g <= len(bins.bounds) for g in groups)
    assert groups == sorted(groups)  # type: ignore[type-var]


def test_rings_are_wound_the_way_vega_expects() -> None:
    wound = rewind(SQUARE_ANTICLOCKWISE)
    assert _signed_area(wound["coordinates"][0]) < 0, "outer ring clockwise"
    with_hole = rewind(
        {
            "type": "MultiPolygon",
            "coordinates": [
                [
                    [[0, 0], [0, 4], [4, 4], [4, 0], [0, 0]],
                    [[1, 1], [1, 2], [2, 2], [2, 1], [1, 1]],
                ]
            ],
        }
    )
    outer, hole = with_hole["coordinates"][0]
    assert _signed_area(outer) < 0
    assert _signed_area(hole) > 0
    assert centroid(SQUARE_ANTICLOCKWISE) == pytest.approx((0.5, 0.5))


def _wards(shared_data: Path) -> list[MapFeature]:
    path = shared_data / "boundaries" / "stevenage_wards_dec2022_bsc_E07000243.geojson"
    collection = json.loads(path.read_text())
    return [
        MapFeature(f["properties"]["ward22_code"], f["properties"]["ward22_name"], f["geometry"])
        for f in collection["features"]
    ]


def test_ward_map_of_stevenage(shared_data: Path, renders: Callable[[dict[str, Any]], str]) -> None:
    wards = _wards(shared_data)
    values = {w.code: MapValue(10.0 + i, 8.0 + i, 12.0 + i) for i, w in enumerate(wards) if i != 0}
    spec = choropleth_map(wards, values, unit="%", title="Smoking by ward")
    assert_frame(spec)
    shapes = layer_with(spec, "geoshape")[0]
    features = shapes["data"]["values"]["features"]
    assert len(features) == 13
    first = features[0]["properties"]
    assert first["band"] == "No data"
    assert first["value_text"] == "No data"
    domain = shapes["encoding"]["color"]["scale"]["domain"]
    assert len(domain) == 6
    assert domain[-1] == "No data"
    label_layers = layer_with(spec, "text")
    assert {layer["mark"]["color"] for layer in label_layers} == {"#0b0c0c", "#ffffff"}
    labels = [label for layer in label_layers for label in layer["data"]["values"]]
    assert {label["label"] for label in labels} >= {"1", "5"}
    # Every label sits within Stevenage.
    assert all(-0.3 < label["longitude"] < -0.1 and 51.85 < label["latitude"] < 51.95 for label in labels)
    svg = renders(spec)
    assert "Smoking by ward" in svg
    assert svg.count("<path") >= 13


def test_map_table_sorted_by_name(shared_data: Path) -> None:
    wards = _wards(shared_data)
    values = {wards[0].code: MapValue(3.0, 2.0, 4.5, "better")}
    table = map_table(wards, values, unit="%", comparator_name="Stevenage")
    records = table.records()
    names = [r["area"] for r in records]
    assert names == sorted(names)
    filled = next(r for r in records if r["code"] == wards[0].code)
    assert filled["value"] == 3.0
    assert filled["group"] == "1"
    assert filled["significance"] == "Better"
    empty = next(r for r in records if r["code"] != wards[0].code)
    assert empty["group"] == "No data"
    assert empty["significance"] is None


def test_a_group_of_one_value_is_labelled_with_that_value() -> None:
    bins = quantile_bins([10.8, 20.0], unit="%")
    assert bins.labels == ("1: 10.8%", "2: 20.0%")
