"""Checking and compacting GeoJSON boundaries."""

from __future__ import annotations

import math
from typing import Any

from hypothesis import given
from hypothesis import strategies as st

from wellboard.geography.geometry import (
    compact_geometry,
    geometry_problem,
    outside_uk,
    simplify_ring,
    size_of,
)

SQUARE = {
    "type": "Polygon",
    "coordinates": [[[-0.2, 51.9], [-0.1, 51.9], [-0.1, 52.0], [-0.2, 52.0], [-0.2, 51.9]]],
}


def test_a_valid_polygon_has_no_problem() -> None:
    assert geometry_problem(SQUARE) is None
    assert not outside_uk(SQUARE)


def test_british_national_grid_is_refused_with_a_hint() -> None:
    bng = {
        "type": "Polygon",
        "coordinates": [[[524000, 224000], [525000, 224000], [525000, 225000], [524000, 224000]]],
    }
    assert "British National Grid" in (geometry_problem(bng) or "")


def test_points_and_short_rings_are_refused() -> None:
    assert geometry_problem({"type": "Point", "coordinates": [0, 51]}) == (
        "the geometry is a Point, not a Polygon or MultiPolygon"
    )
    assert geometry_problem({"type": "Polygon", "coordinates": [[[0, 51], [1, 51], [0, 51]]]}) == (
        "a ring has fewer than 4 points"
    )
    assert geometry_problem(None) == "the feature has no geometry"


def test_swapped_coordinates_lie_outside_the_uk() -> None:
    swapped = {"type": "Polygon", "coordinates": [[[y, x] for x, y in SQUARE["coordinates"][0]]]}
    assert outside_uk(swapped)


def test_compact_rounds_and_drops_repeated_points() -> None:
    ring = [[-0.123456789, 51.9], [-0.123456711, 51.9], [-0.1, 51.9], [-0.1, 52.0], [-0.123456789, 51.9]]
    compact = compact_geometry({"type": "Polygon", "coordinates": [ring]})
    assert compact["coordinates"][0] == [[-0.12346, 51.9], [-0.1, 51.9], [-0.1, 52.0], [-0.12346, 51.9]]


def _circle(points: int) -> list[list[float]]:
    ring = [
        [-0.2 + 0.1 * math.cos(2 * math.pi * i / points), 51.9 + 0.1 * math.sin(2 * math.pi * i / points)]
        for i in range(points)
    ]
    return [*ring, ring[0]]


def test_large_boundaries_are_simplified_under_the_limit() -> None:
    geometry: dict[str, Any] = {"type": "MultiPolygon", "coordinates": [[_circle(20_000)]]}
    compact = compact_geometry(geometry, max_bytes=20_000)
    assert size_of(compact) <= 20_000
    ring = compact["coordinates"][0][0]
    assert ring[0] == ring[-1]
    assert len(ring) >= 4


@given(st.integers(min_value=4, max_value=400), st.floats(min_value=0.0, max_value=0.2))
def test_simplified_rings_stay_closed_rings_of_original_points(points: int, tolerance: float) -> None:
    ring = _circle(points)
    simplified = simplify_ring(ring, tolerance)
    assert simplified[0] == simplified[-1]
    assert len(simplified) >= 4
    assert all(point in ring for point in simplified)
