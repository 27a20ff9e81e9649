"""The spine chart itself: each row's words above its bar, laid out to the chart's full width, and
the description a screen reader is given."""

from __future__ import annotations

import textwrap
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from wellboard.charts.common import (
    AXIS_TITLE_LINE,
    LEGEND_TITLE_LINE,
    Spec,
    base_spec,
    described,
    tooltip_field,
    wrapped,
)
from wellboard.charts.data import SpineRow, higher_is_better
from wellboard.charts.formatting import format_value, is_number
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
from wellboard.charts.spine.rows import SpinePositions, _compared_by, spine_positions

OUTER_BAND = "#c9cacb"
# Beside a comparison that a publisher made (the figure has no confidence interval to test).
PUBLISHED_MARK = "*"
MIDDLE_BAND = "#6f777b"
CENTRE = "#0b0c0c"
# Each row is its words (the indicator, its period, value and comparison) above its bar, so the bar
# has the chart's full width and the words never crowd it out, on a desktop or on a phone. The words
# are given as lines that fit a phone-width chart (about 300 px of 13 px text).
LABEL_LINE = 44
LINE_HEIGHT = 16
LABEL_GAP = 4
BAR_HEIGHT = 14
ROW_GAP = 18
ENGLAND_OVERHANG = 4


def _row_label(row: SpineRow) -> str:
    return f"{row.indicator} ({row.period})" if row.period else row.indicator


@dataclass(frozen=True)
class _RowPlace:
    """Where a row is drawn, in pixels from the top of the plot."""

    top: float  # its first line of words
    bar_top: float
    bar_bottom: float

    @property
    def middle(self) -> float:
        return (self.bar_top + self.bar_bottom) / 2


def _layout(rows: Sequence[tuple[int, bool]]) -> tuple[list[_RowPlace], int]:
    """Each row's place, and the plot's height, from each row's number of lines of words and
    whether it has a bar (a row without a range of areas is its words alone)."""
    places, top = [], 0.0
    for lines, has_bar in rows:
        words_end = top + lines * LINE_HEIGHT
        bar_top = words_end + LABEL_GAP if has_bar else words_end
        bar_bottom = bar_top + BAR_HEIGHT if has_bar else bar_top
        places.append(_RowPlace(top=top, bar_top=bar_top, bar_bottom=bar_bottom))
        top = bar_bottom + ROW_GAP
    return places, max(1, round(top - ROW_GAP))


def spine_chart(rows: Sequence[SpineRow], *, area_name: str = "", title: str = "Area profile") -> Spec:
    """One row per indicator: its words above England's range, England's value and the area's value.

    Every layer draws from the one list of rows at the top of the spec, each keeping the rows it
    draws with a filter: the words, tooltips and sentences of a row are written once, not once per
    mark, which keeps a profile of hundreds of indicators small enough to send with its page."""
    records: list[dict[str, Any]] = []
    outcomes = []
    who = area_name or "The area"
    written = []
    for row in rows:
        positions = spine_positions(row)
        outcome = significance_of(row.significance)
        value_text = format_value(row.value, row.unit, row.decimals)
        marker_label = _marker_label(value_text, row, positions, outcome)
        written.append(
            (row, positions, outcome, value_text, marker_label, _lines(f"{_row_label(row)}: {marker_label}"))
        )
    places, height = _layout([(len(lines), positions is not None) for _, positions, *_, lines in written])
    for (row, positions, outcome, value_text, marker_label, lines), place in zip(
        written, places, strict=True
    ):
        label = _row_label(row)
        record: dict[str, Any] = {
            "indicator": label,
            "value_text": value_text,
            "benchmark_text": format_value(row.benchmark, row.unit, row.decimals),
            "range_text": _range_text(row, positions),
            "significance": LABELS[outcome],
            "direction": _direction(row),
            "compared_by": _compared_by(row) or "",
        }
        verdict = attributed(
            f"{LABELS[outcome].lower()} compared with England ({record['benchmark_text']})",
            record["compared_by"],
        )
        record["aria"] = (
            f"{label}: {who} {value_text}, {verdict}; range of areas in England: {record['range_text']}"
        )
        record.update({"at": 0, "top": place.top, "lines": lines, "label": marker_label})
        records.append(record)
        if positions is None:
            continue
        record.update(
            {
                "worst": _at(positions.worst),
                "worst_quartile": _at(positions.worst_quartile),
                "best_quartile": _at(positions.best_quartile),
                "best": _at(positions.best),
                "bar_top": place.bar_top,
                "bar_bottom": place.bar_bottom,
            }
        )
        if is_number(row.benchmark):
            record.update(
                {
                    "centre": 0.5,
                    "centre_top": place.bar_top - ENGLAND_OVERHANG,
                    "centre_bottom": place.bar_bottom + ENGLAND_OVERHANG,
                }
            )
        if positions.value is not None:
            outcomes.append(outcome)
            record.update({"position": _at(min(1.0, max(0.0, positions.value))), "middle": place.middle})
    present = outcomes_present(outcomes)
    tooltip = [
        tooltip_field("indicator", "Indicator"),
        tooltip_field("value_text", who),
        tooltip_field("significance", "Compared with England"),
        *([tooltip_field("compared_by", "Compared by")] if any(r["compared_by"] for r in records) else []),
        tooltip_field("benchmark_text", "England"),
        tooltip_field("range_text", "Range of areas in England"),
        tooltip_field("direction", "Reading the bar"),
    ]
    # Pixels down from the top of the plot: the scale maps 0 to the top and the height to the bottom.
    y_scale = {"domain": [0, height], "range": [0, height], "nice": False, "zero": False}

    def y(field: str) -> dict[str, Any]:
        return {"field": field, "type": "quantitative", "scale": y_scale, "axis": None}

    x_scale = {"domain": [0, 1], "nice": False}
    x_axis = {
        "title": wrapped("Left: worse (or lower). Right: better (or higher).", AXIS_TITLE_LINE),
        "labels": False,
        "ticks": False,
        "grid": False,
        "domain": False,
    }

    def x(field: str) -> dict[str, Any]:
        return {"field": field, "type": "quantitative", "scale": x_scale, "axis": x_axis}

    def having(field: str) -> list[dict[str, Any]]:
        """Keep the rows that have ``field`` (a row without a range of areas has no bar)."""
        return [{"filter": {"field": field, "valid": True}}]

    layers: list[Spec] = [
        # The whole range, then its middle half drawn over it.
        *(
            {
                "transform": having("worst"),
                "mark": {"type": "rect", "color": colour, "aria": False},
                "encoding": {
                    "x": x(start),
                    "x2": {"field": end},
                    "y": y("bar_top"),
                    "y2": {"field": "bar_bottom"},
                    "tooltip": tooltip,
                },
            }
            for start, end, colour in (
                ("worst", "best", OUTER_BAND),
                ("worst_quartile", "best_quartile", MIDDLE_BAND),
            )
        ),
        {
            "transform": having("centre"),
            "mark": {"type": "rule", "color": CENTRE, "strokeWidth": 3, "aria": False},
            "encoding": {
                "x": x("centre"),
                "y": y("centre_top"),
                "y2": {"field": "centre_bottom"},
                "tooltip": tooltip,
            },
        },
        # Only when some row has a marker: an empty layer of described marks is an image without
        # words to screen readers.
        *(
            []
            if not outcomes
            else [
                {
                    "transform": having("position"),
                    "mark": {
                        "type": "point",
                        "filled": True,
                        "size": 160,
                        "stroke": OUTLINE,
                        "strokeWidth": 1,
                        "opacity": 1,
                    },
                    "encoding": {
                        "x": x("position"),
                        "y": y("middle"),
                        "color": {
                            "field": "significance",
                            "type": "nominal",
                            "scale": colour_scale(present or [Significance.NOT_COMPARED]),
                            "legend": {"title": wrapped(f"{who} compared with England", LEGEND_TITLE_LINE)},
                        },
                        "shape": {
                            "field": "significance",
                            "type": "nominal",
                            "scale": shape_scale(present or [Significance.NOT_COMPARED]),
                            "legend": {"title": wrapped(f"{who} compared with England", LEGEND_TITLE_LINE)},
                        },
                        "tooltip": tooltip,
                        "description": described(),
                    },
                }
            ]
        ),
        {
            "mark": {
                "type": "text",
                "align": "left",
                "baseline": "top",
                "lineHeight": LINE_HEIGHT,
                "aria": False,
            },
            "encoding": {"x": x("at"), "y": y("top"), "text": {"field": "lines"}, "tooltip": tooltip},
        },
    ]
    spec = base_spec(
        title=title,
        subtitle=(
            "Grey bar: range of areas in England (darker: middle half). "
            "Black line: England. Marker: " + (area_name or "this area")
        ),
        description=_describe(title, who, rows, outcomes),
        height=height,
    )
    spec["data"] = {"values": records}
    spec["layer"] = layers
    return spec


def _at(position: float) -> float:
    """A place on the 0..1 scale to a ten-thousandth: a tenth of a pixel on the widest chart."""
    return round(position, 4)


def _lines(text: str) -> list[str]:
    return textwrap.wrap(text, LABEL_LINE, break_long_words=False, break_on_hyphens=False) or [text]


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
