"""GeoJSON boundaries: checking them and keeping them small. Pure Python, no database.

Coordinates are longitude/latitude (WGS84). Stored boundaries are rounded to 5 decimal places
(about a metre), repeated points are dropped, and a boundary still larger than ``max_bytes`` is
simplified (Douglas-Peucker) with a growing tolerance until it fits. Rings never fall below the
four points a closed ring needs.
"""

from __future__ import annotations

import json
import math
from typing import Any

Ring = list[list[float]]
DEFAULT_DECIMALS = 5
DEFAULT_MAX_BYTES = 150_000
UK_LONGITUDE = (-9.0, 3.0)
UK_LATITUDE = (49.0, 61.5)


def _rings(geometry: dict[str, Any]) -> list[list[Any]]:
    coordinates = geometry.get("coordinates")
    if geometry.get("type") == "Polygon":
        return list(coordinates or [])
    if geometry.get("type") == "MultiPolygon":
        return [ring for polygon in coordinates or [] for ring in polygon]
    return []


def geometry_problem(geometry: Any) -> str | None:
    """Why ``geometry`` cannot be stored as an area boundary, or None when it can."""
    if not isinstance(geometry, dict):
        return "the feature has no geometry"
    kind = geometry.get("type")
    if kind not in {"Polygon", "MultiPolygon"}:
        return f"the geometry is a {kind}, not a Polygon or MultiPolygon"
    rings = _rings(geometry)
    if not rings:
        return "the geometry has no coordinates"
    for ring in rings:
        if not isinstance(ring, list) or len(ring) < 4:
            return "a ring has fewer than 4 points"
        for point in ring:
            if (
                not isinstance(point, list | tuple)
                or len(point) < 2
                or not all(isinstance(v, int | float) and math.isfinite(v) for v in point[:2])
            ):
                return "a point is not a pair of numbers"
            lon, lat = point[0], point[1]
            if abs(lon) > 180 or abs(lat) > 90:
                return (
                    "the coordinates are not longitude and latitude (they look like British National Grid "
                    "metres): convert the file to WGS84 (EPSG:4326) first"
                )
    return None


def outside_uk(geometry: dict[str, Any]) -> bool:
    """True when no point lies in a box around the UK (a file with latitude and longitude swapped)."""
    for ring in _rings(geometry):
        for lon, lat, *_ in ring:
            if UK_LONGITUDE[0] <= lon <= UK_LONGITUDE[1] and UK_LATITUDE[0] <= lat <= UK_LATITUDE[1]:
                return False
    return True


def _round_ring(ring: list[Any], decimals: int) -> Ring:
    rounded: Ring = []
    for point in ring:
        pair = [round(float(point[0]), decimals), round(float(point[1]), decimals)]
        if not rounded or rounded[-1] != pair:
            rounded.append(pair)
    if rounded[0] != rounded[-1]:
        rounded.append(list(rounded[0]))
    return rounded


def _distance_to_segment(p: list[float], a: list[float], b: list[float]) -> float:
    (px, py), (ax, ay), (bx, by) = p, a, b
    dx, dy = bx - ax, by - ay
    if dx == 0 and dy == 0:
        return math.hypot(px - ax, py - ay)
    t = max(0.0, min(1.0, ((px - ax) * dx + (py - ay) * dy) / (dx * dx + dy * dy)))
    return math.hypot(px - (ax + t * dx), py - (ay + t * dy))


def simplify_ring(ring: Ring, tolerance: float) -> Ring:
    """Douglas-Peucker on a closed ring; the result is closed and keeps at least 4 points."""
    if len(ring) <= 4 or tolerance <= 0:
        return ring
    keep = [False] * len(ring)
    keep[0] = keep[-1] = True
    # a closed ring's two ends coincide, so split it at the point farthest from the start
    far = max(
        range(1, len(ring) - 1), key=lambda i: math.hypot(ring[i][0] - ring[0][0], ring[i][1] - ring[0][1])
    )
    keep[far] = True
    stack = [(0, far), (far, len(ring) - 1)]
    while stack:
        start, end = stack.pop()
        best, best_distance = -1, tolerance
        for i in range(start + 1, end):
            distance = _distance_to_segment(ring[i], ring[start], ring[end])
            if distance > best_distance:
                best, best_distance = i, distance
        if best >= 0:
            keep[best] = True
            stack.extend([(start, best), (best, end)])
    simplified = [point for point, kept in zip(ring, keep, strict=True) if kept]
    if len(simplified) < 4:
        # too simple to be a ring: keep the original's corners spread along it
        step = (len(ring) - 1) / 3
        simplified = [ring[0], ring[round(step)], ring[round(2 * step)], ring[-1]]
    return simplified


def _rebuild(geometry: dict[str, Any], transform: Any) -> dict[str, Any]:
    if geometry["type"] == "Polygon":
        return {"type": "Polygon", "coordinates": [transform(r) for r in geometry["coordinates"]]}
    return {
        "type": "MultiPolygon",
        "coordinates": [[transform(r) for r in polygon] for polygon in geometry["coordinates"]],
    }


def size_of(geometry: dict[str, Any]) -> int:
    return len(json.dumps(geometry, separators=(",", ":")))


def compact_geometry(
    geometry: dict[str, Any], *, decimals: int = DEFAULT_DECIMALS, max_bytes: int = DEFAULT_MAX_BYTES
) -> dict[str, Any]:
    """A rounded (and if need be simplified) copy of a valid Polygon or MultiPolygon."""
    result = _rebuild(geometry, lambda ring: _round_ring(ring, decimals))
    tolerance = 10.0**-decimals
    while size_of(result) > max_bytes and tolerance < 0.05:
        tolerance *= 2
        rounded = result
        result = _rebuild(rounded, lambda ring, t=tolerance: simplify_ring(ring, t))
    return result
