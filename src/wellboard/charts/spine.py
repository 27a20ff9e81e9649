"""The area profile 'spine chart', after the Fingertips profiles.

Each indicator is one row. The grey bar is the spread of values across comparable areas in
England (lowest to highest, the darker middle part the 25th to 75th percentiles), scaled so
that England's value sits in the centre and the better end is on the right. For an indicator
where neither direction is better, higher values are on the right. The marker is the area's
value, coloured and shaped by how it compares with England; its value and that comparison are
also written in a column on the right, so the colour is never the only signal.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from wellboard.charts.common import Spec, base_spec, described, tooltip_field
from wellboard.charts.data import SpineRow, higher_is_better
from wellboard.charts.formatting import clean, format_value, is_number
from wellboard.charts.significance import (
    LABELS,
    OUTLINE,
    Significance,
    attributed,
    attribution,
    colour_scale,
    outcomes_present,
    shape_scale,
    significance_of,
)
from wellboard.charts.tables import ChartTable, Column, table

OUTER_BAND = "#c9cacb"
# Beside a comparison that a publisher made (the figure has no confidence interval to test).
PUBLISHED_MARK = "*"
MIDDLE_BAND = "#6f777b"
CENTRE = "#0b0c0c"
TEXT_AT = 1.04
DOMAIN_END = 1.45
ROW_HEIGHT = 36


@dataclass(frozen=True)
class SpinePositions:
    """Where a row's figures sit on the 0..1 scale (0.5 is England; 1 the better end)."""

    worst: float
    worst_quartile: float
    best_quartile: float
    best: float
    value: float | None
    flipped: bool


def spine_positions(row: SpineRow) -> SpinePositions | None:
    """None when the row has no range of areas to draw against (no figures, or every area the
    same, as when only the area itself has a figure)."""
    if not (is_number(row.minimum) and is_number(row.maximum)):
        return None
    minimum, maximum = float(row.minimum or 0.0), float(row.maximum or 0.0)
    if minimum == maximum:
        return None
    centre = float(row.benchmark) if is_number(row.benchmark) else (minimum + maximum) / 2
    half = max(abs(centre - minimum), abs(maximum - centre)) or 1.0
    flipped = higher_is_better(row.polarity) is False
    sign = -1.0 if flipped else 1.0

    def place(v: float | None) -> float | None:
        if not is_number(v):
            return None
        return 0.5 + sign * (float(v or 0.0) - centre) / (2 * half)

    q25 = row.q25 if is_number(row.q25) else minimum
    q75 = row.q75 if is_number(row.q75) else maximum
    ends = sorted([place(minimum) or 0.0, place(maximum) or 0.0])
    quartiles = sorted([place(q25) or 0.0, place(q75) or 0.0])
    return SpinePositions(
        worst=ends[0],
        worst_quartile=quartiles[0],
        best_quartile=quartiles[1],
        best=ends[1],
        value=place(row.value),
        flipped=flipped,
    )


def _row_label(row: SpineRow) -> str:
    return f"{row.indicator} ({row.period})" if row.period else row.indicator


def spine_chart(rows: Sequence[SpineRow], *, area_name: str = "", title: str = "Area profile") -> Spec:
    """One row per indicator: England's range, England's value and the area's value."""
    labels = [_row_label(r) for r in rows]
    bands: list[dict[str, Any]] = []
    markers: list[dict[str, Any]] = []
    texts: list[dict[str, Any]] = []
    outcomes = []
    who = area_name or "The area"
    for row, label in zip(rows, labels, strict=True):
        positions = spine_positions(row)
        outcome = significance_of(row.significance)
        value_text = format_value(row.value, row.unit, row.decimals)
        tooltip_base = {
            "indicator": label,
            "value_text": value_text,
            "benchmark_text": format_value(row.benchmark, row.unit, row.decimals),
            "range_text": _range_text(row, positions),
            "significance": LABELS[outcome],
            "direction": _direction(row),
            "compared_by": _compared_by(row) or "",
        }
        verdict = attributed(
            f"{LABELS[outcome].lower()} compared with England ({tooltip_base['benchmark_text']})",
            tooltip_base["compared_by"],
        )
        tooltip_base["aria"] = (
            f"{label}: {who} {value_text}, {verdict}; range of areas in England: {tooltip_base['range_text']}"
        )
        texts.append(
            {
                **tooltip_base,
                "at": TEXT_AT,
                "label": _marker_label(value_text, row, positions, outcome),
            }
        )
        if positions is None:
            continue
        for start, end, kind in (
            (positions.worst, positions.worst_quartile, "outer"),
            (positions.worst_quartile, positions.best_quartile, "middle"),
            (positions.best_quartile, positions.best, "outer"),
        ):
            bands.append(
                {
                    **tooltip_base,
                    "start": start,
                    "end": end,
                    "band": kind,
                    "england": is_number(row.benchmark),
                }
            )
        if positions.value is not None:
            outcomes.append(outcome)
            markers.append({**tooltip_base, "position": min(1.0, max(0.0, positions.value))})
    present = outcomes_present(outcomes)
    tooltip = [
        tooltip_field("indicator", "Indicator"),
        tooltip_field("value_text", who),
        tooltip_field("significance", "Compared with England"),
        *([tooltip_field("compared_by", "Compared by")] if any(t["compared_by"] for t in texts) else []),
        tooltip_field("benchmark_text", "England"),
        tooltip_field("range_text", "Range of areas in England"),
        tooltip_field("direction", "Reading the bar"),
    ]
    y = {"field": "indicator", "type": "nominal", "sort": labels, "title": None, "axis": {"labelLimit": 320}}
    x_scale = {"domain": [0, DOMAIN_END], "nice": False}
    x_axis = {
        "title": "Left: worse (or lower). Right: better (or higher).",
        "labels": False,
        "ticks": False,
        "grid": False,
        "domain": False,
    }
    layers: list[Spec] = [
        {
            "data": {"values": [b for b in bands if b["band"] == "outer"]},
            "mark": {"type": "bar", "color": OUTER_BAND, "height": {"band": 0.6}, "aria": False},
            "encoding": {
                "y": y,
                "x": {"field": "start", "type": "quantitative", "scale": x_scale, "axis": x_axis},
                "x2": {"field": "end"},
                "tooltip": tooltip,
            },
        },
        {
            "data": {"values": [b for b in bands if b["band"] == "middle"]},
            "mark": {"type": "bar", "color": MIDDLE_BAND, "height": {"band": 0.6}, "aria": False},
            "encoding": {
                "y": y,
                "x": {"field": "start", "type": "quantitative", "scale": x_scale, "axis": x_axis},
                "x2": {"field": "end"},
                "tooltip": tooltip,
            },
        },
        {
            "data": {
                "values": [{**b, "centre": 0.5} for b in bands if b["band"] == "middle" and b["england"]]
            },
            "mark": {"type": "tick", "color": CENTRE, "thickness": 3, "bandSize": 26, "aria": False},
            "encoding": {
                "y": y,
                "x": {"field": "centre", "type": "quantitative", "scale": x_scale, "axis": x_axis},
                "tooltip": tooltip,
            },
        },
        {
            "data": {"values": markers},
            "mark": {
                "type": "point",
                "filled": True,
                "size": 160,
                "stroke": OUTLINE,
                "strokeWidth": 1,
                "opacity": 1,
            },
            "encoding": {
                "y": y,
                "x": {"field": "position", "type": "quantitative", "scale": x_scale, "axis": x_axis},
                "color": {
                    "field": "significance",
                    "type": "nominal",
                    "scale": colour_scale(present or [Significance.NOT_COMPARED]),
                    "legend": {"title": f"{who} compared with England"},
                },
                "shape": {
                    "field": "significance",
                    "type": "nominal",
                    "scale": shape_scale(present or [Significance.NOT_COMPARED]),
                    "legend": {"title": f"{who} compared with England"},
                },
                "tooltip": tooltip,
                "description": described(),
            },
        },
        {
            "data": {"values": texts},
            "mark": {"type": "text", "align": "left", "baseline": "middle", "aria": False},
            "encoding": {
                "y": y,
                "x": {"field": "at", "type": "quantitative", "scale": x_scale, "axis": x_axis},
                "text": {"field": "label"},
                "tooltip": tooltip,
            },
        },
    ]
    spec = base_spec(
        title=title,
        subtitle=(
            "Grey bar: range of areas in England (darker: middle half). "
            "Black line: England. Marker: " + (area_name or "this area")
        ),
        description=_describe(title, who, rows, outcomes),
        height=max(80, ROW_HEIGHT * max(1, len(rows))),
    )
    spec["layer"] = layers
    return spec


def _marker_label(
    value_text: str, row: SpineRow, positions: SpinePositions | None, outcome: Significance
) -> str:
    """What is written beside each row: the value and, when there is one, the comparison."""
    if not is_number(row.value):
        return value_text
    if positions is None:
        return f"{value_text} (no range of areas)"
    if outcome is Significance.NOT_COMPARED:
        return value_text
    # A comparison Wellboard did not make itself is marked; the page's note says who made it.
    published = PUBLISHED_MARK if attribution(row.compared_by) else ""
    return f"{value_text}, {LABELS[outcome].lower()}{published}"


def _direction(row: SpineRow) -> str:
    better = higher_is_better(row.polarity)
    if better is None:
        return "Higher values to the right; neither direction is better"
    if better:
        return "Higher is better: better to the right"
    return "Lower is better: better (lower) values to the right"


def _range_text(row: SpineRow, positions: SpinePositions | None) -> str:
    if positions is None:
        return "Not available"
    parts = [
        f"lowest {format_value(row.minimum, row.unit, row.decimals)}",
        f"25th percentile {format_value(row.q25, row.unit, row.decimals)}",
        f"75th percentile {format_value(row.q75, row.unit, row.decimals)}",
        f"highest {format_value(row.maximum, row.unit, row.decimals)}",
    ]
    return ", ".join(parts)


def _describe(title: str, who: str, rows: Sequence[SpineRow], outcomes: list[Significance]) -> str:
    if not rows:
        return f"{title}: there are no indicators to show."
    counts: dict[str, int] = {}
    for outcome in outcomes:
        counts[LABELS[outcome].lower()] = counts.get(LABELS[outcome].lower(), 0) + 1
    summary = ", ".join(f"{n} {word}" for word, n in counts.items()) or "none compared"
    return (
        f"Spine chart of {title}: {who} against the range of areas in England for {len(rows)} "
        f"indicators, better to the right. Compared with England: {summary}."
    )


def spine_table(rows: Sequence[SpineRow], *, area_name: str = "", title: str = "Area profile") -> ChartTable:
    who = area_name or "Area"
    columns = [
        Column("indicator", "Indicator"),
        Column("period", "Period"),
        Column("unit", "Unit", show=False),
        Column("value", who, "number"),
        Column("significance", "Compared with England", "significance"),
        *([Column("compared_by", "Compared by")] if any(_compared_by(r) for r in rows) else []),
        Column("england", "England", "number"),
        Column("minimum", "Lowest area", "number"),
        Column("q25", "25th percentile", "number"),
        Column("q75", "75th percentile", "number"),
        Column("maximum", "Highest area", "number"),
        Column("polarity", "Polarity", show=False),
    ]
    data = [
        {
            "indicator": f"{r.indicator} ({r.unit})" if r.unit else r.indicator,
            "period": r.period,
            "unit": r.unit,
            "value": clean(r.value),
            "significance": significance_of(r.significance) if is_number(r.value) else None,
            "compared_by": _compared_by(r),
            "england": clean(r.benchmark),
            "minimum": clean(r.minimum),
            "q25": clean(r.q25),
            "q75": clean(r.q75),
            "maximum": clean(r.maximum),
            "polarity": _polarity_words(r.polarity),
        }
        for r in rows
    ]
    return table(title, columns, data)


def _compared_by(row: SpineRow) -> str | None:
    """Who compared the row's figure with England (None when it was not compared)."""
    if not is_number(row.value) or significance_of(row.significance) is Significance.NOT_COMPARED:
        return None
    return row.compared_by or None


def _polarity_words(polarity: str) -> str:
    better = higher_is_better(polarity)
    if better is None:
        return "Neither higher nor lower is better"
    return "Higher is better" if better else "Lower is better"
