"""A choropleth map of areas (e.g. wards) shaded by value in quantile groups.

Each area is also labelled with its group number, and the tooltip and the table beside the map
give the name, value and confidence limits, so the shading is never the only signal.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from wellboard.charts.common import Spec, base_spec, described, tooltip_field
from wellboard.charts.data import MapFeature, MapValue
from wellboard.charts.formatting import (
    MISSING,
    axis_title,
    clean,
    format_interval,
    format_number,
    format_value,
    is_number,
)
from wellboard.charts.significance import OUTLINE, significance_label, significance_of
from wellboard.charts.tables import ChartTable, Column, table

# Sequential blues, lightest for the lowest group; outlines keep every edge visible.
PALETTE = ["#deebf7", "#9ecae1", "#4292c6", "#2171b5", "#08306b"]
LABEL_TEXT = ["#0b0c0c", "#0b0c0c", "#0b0c0c", "#ffffff", "#ffffff"]
NO_DATA_FILL = "#f3f2f1"
NO_DATA = "No data"


@dataclass(frozen=True)
class Bins:
    """Upper bounds of each group (ascending) and each group's label."""

    bounds: tuple[float, ...]
    labels: tuple[str, ...]

    def group(self, value: float | None) -> int | None:
        """1-based group of ``value``; None when there is no value."""
        if not is_number(value):
            return None
        v = float(value or 0.0)
        for index, bound in enumerate(self.bounds):
            if v <= bound:
                return index + 1
        return len(self.bounds)


def _quantile(sorted_values: list[float], q: float) -> float:
    position = q * (len(sorted_values) - 1)
    below = int(position)
    above = min(below + 1, len(sorted_values) - 1)
    return sorted_values[below] + (sorted_values[above] - sorted_values[below]) * (position - below)


def quantile_bins(
    values: Sequence[float | None], *, groups: int = 5, unit: str = "", decimals: int = 1
) -> Bins:
    """Quantile groups (quintiles by default), fewer when there are few distinct values."""
    present = sorted(float(v or 0.0) for v in values if is_number(v))
    if not present:
        return Bins(bounds=(), labels=())
    k = max(1, min(groups, len(set(present))))
    bounds: list[float] = []
    for i in range(1, k + 1):
        bound = _quantile(present, i / k)
        if not bounds or bound > bounds[-1]:
            bounds.append(bound)
    labels = []
    lower = present[0]
    for index, bound in enumerate(bounds):
        members = [v for v in present if (index == 0 or v > bounds[index - 1]) and v <= bound]
        # Labelled by the values the group holds, so no label claims a value nobody has.
        low = members[0] if members else lower
        high = members[-1] if members else bound
        span = (
            format_value(high, unit, decimals)
            if format_number(low, decimals) == format_number(high, decimals)
            else f"{format_number(low, decimals)} to {format_value(high, unit, decimals)}"
        )
        labels.append(f"{index + 1}: {span}")
        lower = bound
    return Bins(bounds=tuple(bounds), labels=tuple(labels))


def _signed_area(ring: Sequence[Sequence[float]]) -> float:
    total = 0.0
    for (x1, y1), (x2, y2) in zip((p[:2] for p in ring), (p[:2] for p in [*ring[1:], ring[0]]), strict=True):
        total += x1 * y2 - x2 * y1
    return total / 2


def _rewind_polygon(rings: Sequence[Sequence[Sequence[float]]]) -> list[list[list[float]]]:
    """Outer ring clockwise and holes anticlockwise, as Vega's spherical geometry expects.

    GeoJSON (RFC 7946) asks for the opposite; drawn as is, a polygon would fill the whole globe
    except the area."""
    out = []
    for index, ring in enumerate(rings):
        points = [list(p) for p in ring]
        area = _signed_area(points)
        if (index == 0 and area > 0) or (index > 0 and area < 0):
            points.reverse()
        out.append(points)
    return out


def rewind(geometry: Mapping[str, Any]) -> dict[str, Any]:
    kind = geometry.get("type")
    coordinates = geometry.get("coordinates") or []
    if kind == "Polygon":
        return {"type": "Polygon", "coordinates": _rewind_polygon(coordinates)}
    if kind == "MultiPolygon":
        return {"type": "MultiPolygon", "coordinates": [_rewind_polygon(p) for p in coordinates]}
    return dict(geometry)


def centroid(geometry: Mapping[str, Any]) -> tuple[float, float] | None:
    """Centre of the largest polygon's outer ring (longitude, latitude), for the group label."""
    kind = geometry.get("type")
    coordinates = geometry.get("coordinates") or []
    polygons = [coordinates] if kind == "Polygon" else coordinates if kind == "MultiPolygon" else []
    best: tuple[float, float] | None = None
    best_area = 0.0
    for polygon in polygons:
        if not polygon or len(polygon[0]) < 3:
            continue
        ring = polygon[0]
        area = _signed_area(ring)
        if area == 0 or abs(area) <= best_area:
            continue
        cx = cy = 0.0
        for (x1, y1), (x2, y2) in zip(
            (p[:2] for p in ring), (p[:2] for p in [*ring[1:], ring[0]]), strict=True
        ):
            cross = x1 * y2 - x2 * y1
            cx += (x1 + x2) * cross
            cy += (y1 + y2) * cross
        best = (cx / (6 * area), cy / (6 * area))
        best_area = abs(area)
    return best


def choropleth_map(
    features: Sequence[MapFeature],
    values: Mapping[str, MapValue],
    *,
    unit: str,
    title: str = "Map",
    decimals: int = 1,
    groups: int = 5,
    comparator_name: str = "",
) -> Spec:
    """Areas shaded by quantile group of their value, each labelled with its group number."""
    bins = quantile_bins([v.value for v in values.values()], groups=groups, unit=unit, decimals=decimals)
    used_fills = PALETTE if len(bins.bounds) == len(PALETTE) else _spread(len(bins.bounds))
    shaped = []
    labels = []
    for feature in features:
        figure = values.get(feature.code)
        group = bins.group(figure.value if figure is not None else None)
        band = bins.labels[group - 1] if group is not None else NO_DATA
        properties = {
            "code": feature.code,
            "name": feature.name,
            "value": clean(figure.value) if figure is not None else None,
            "value_text": format_value(figure.value if figure else None, unit, decimals),
            "interval_text": (format_interval(figure.lower, figure.upper, decimals) if figure else "")
            or "Not available",
            "band": band,
            "significance": significance_label(figure.significance) if figure else "Not compared",
        }
        properties["aria"] = f"{feature.name}: {properties['value_text']}, group {band}"
        shaped.append({"type": "Feature", "properties": properties, "geometry": rewind(feature.geometry)})
        where = centroid(feature.geometry)
        if where is not None:
            labels.append(
                {
                    "longitude": where[0],
                    "latitude": where[1],
                    "label": str(group) if group is not None else MISSING,
                    "text_colour": _label_colour(group, used_fills),
                    **properties,
                }
            )
    domain = [*bins.labels, NO_DATA]
    fills = [*used_fills, NO_DATA_FILL]
    tooltip = [
        tooltip_field("properties.name", "Area"),
        tooltip_field("properties.value_text", "Value"),
        tooltip_field("properties.interval_text", "95% confidence interval"),
        tooltip_field("properties.band", "Group"),
    ]
    if comparator_name and any(
        significance_of(v.significance).value != "not_compared" for v in values.values()
    ):
        tooltip.append(tooltip_field("properties.significance", f"Compared with {comparator_name}"))
    layers: list[Spec] = [
        {
            "data": {
                "values": {"type": "FeatureCollection", "features": shaped},
                "format": {"type": "json", "property": "features"},
            },
            "mark": {"type": "geoshape", "stroke": OUTLINE, "strokeWidth": 0.8},
            "encoding": {
                "color": {
                    "field": "properties.band",
                    "type": "ordinal",
                    "scale": {"domain": domain, "range": fills},
                    "legend": {
                        "title": axis_title("Value", unit) + ", quantile group (1 = lowest)",
                        "orient": "bottom",
                        "direction": "vertical",
                        "columns": 1,
                        "symbolType": "square",
                    },
                },
                "tooltip": tooltip,
                "description": described("properties.aria"),
            },
        },
        # One layer of labels per text colour (dark on light fills, white on dark), so the
        # colour is a fixed mark property rather than a second colour scale.
        *(
            {
                "data": {"values": [label for label in labels if label["text_colour"] == colour]},
                "mark": {
                    "type": "text",
                    "fontWeight": "bold",
                    "fontSize": 13,
                    "color": colour,
                    "aria": False,
                },
                "encoding": {
                    "longitude": {"field": "longitude", "type": "quantitative"},
                    "latitude": {"field": "latitude", "type": "quantitative"},
                    "text": {"field": "label"},
                    "tooltip": [
                        tooltip_field("name", "Area"),
                        tooltip_field("value_text", "Value"),
                        tooltip_field("band", "Group"),
                    ],
                },
            }
            for colour in sorted({str(label["text_colour"]) for label in labels})
        ),
    ]
    spec = base_spec(
        title=title,
        subtitle="Each area is labelled with its group number; the table gives every value.",
        description=_describe(
            title, features=features, values=values, bins=bins, unit=unit, decimals=decimals
        ),
        height=420,
    )
    spec["projection"] = {"type": "mercator"}
    spec["layer"] = layers
    return spec


def _spread(count: int) -> list[str]:
    """``count`` colours from the palette, lightest to darkest."""
    if count <= 0:
        return []
    if count == 1:
        return [PALETTE[2]]
    step = (len(PALETTE) - 1) / (count - 1)
    return [PALETTE[round(i * step)] for i in range(count)]


def _label_colour(group: int | None, fills: list[str]) -> str:
    if group is None:
        return "#0b0c0c"
    fill = fills[group - 1]
    return LABEL_TEXT[PALETTE.index(fill)]


def _describe(
    title: str,
    *,
    features: Sequence[MapFeature],
    values: Mapping[str, MapValue],
    bins: Bins,
    unit: str,
    decimals: int,
) -> str:
    valued = [
        (f.name, values[f.code].value)
        for f in features
        if f.code in values and is_number(values[f.code].value)
    ]
    if not valued:
        return f"{title}: a map of {len(features)} areas with no values to shade."
    valued.sort(key=lambda item: float(item[1] or 0.0))
    low, high = valued[0], valued[-1]
    return (
        f"Map of {title}: {len(features)} areas shaded in {len(bins.bounds)} groups. "
        f"Lowest {low[0]} ({format_value(low[1], unit, decimals)}), "
        f"highest {high[0]} ({format_value(high[1], unit, decimals)})."
    )


def map_table(
    features: Sequence[MapFeature],
    values: Mapping[str, MapValue],
    *,
    unit: str,
    title: str = "Map",
    decimals: int = 1,
    groups: int = 5,
    comparator_name: str = "",
) -> ChartTable:
    bins = quantile_bins([v.value for v in values.values()], groups=groups, unit=unit, decimals=decimals)
    columns = [
        Column("area", "Area"),
        Column("code", "Code"),
        Column("value", axis_title("Value", unit), "number", decimals),
        Column("lower95", "Lower 95% limit", "number", decimals),
        Column("upper95", "Upper 95% limit", "number", decimals),
        Column("group", "Group (1 = lowest)"),
    ]
    if comparator_name:
        columns.append(Column("significance", f"Compared with {comparator_name}", "significance"))
    rows = []
    for feature in sorted(features, key=lambda f: f.name):
        figure = values.get(feature.code)
        group = bins.group(figure.value if figure else None)
        row: dict[str, Any] = {
            "area": feature.name,
            "code": feature.code,
            "value": clean(figure.value) if figure else None,
            "lower95": clean(figure.lower) if figure else None,
            "upper95": clean(figure.upper) if figure else None,
            "group": str(group) if group is not None else NO_DATA,
        }
        if comparator_name:
            row["significance"] = (
                significance_of(figure.significance) if figure and is_number(figure.value) else None
            )
        rows.append(row)
    return table(title, columns, rows)
