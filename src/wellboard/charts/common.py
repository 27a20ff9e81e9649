"""What every Wellboard chart shares: the schema, an accessible description and the house style."""

from __future__ import annotations

import textwrap
from typing import Any

SCHEMA = "https://vega.github.io/schema/vega-lite/v6.json"

FONT = "arial, sans-serif"
TEXT = "#0b0c0c"
SECONDARY_TEXT = "#505a5f"
GRID = "#b1b4b6"
LINE = "#1d70b8"  # GOV.UK blue: 5.2:1 on white
COMPARATOR = "#505a5f"
TARGET = "#0b0c0c"

Spec = dict[str, Any]

# Vega does not wrap titles: longer ones are given as lines that fit a phone-width chart (about
# 345 px: 16 px bold title, 12 px subtitle), so nothing is cut off at the chart's edge.
TITLE_LINE = 38
SUBTITLE_LINE = 52
AXIS_TITLE_LINE = 40
# A legend starts where the plot does, to the right of long row labels: its title wraps sooner.
LEGEND_TITLE_LINE = 20
PADDING = {"left": 20, "top": 5, "right": 20, "bottom": 5}
# A chart narrower than this (in pixels) is on a phone, or in a narrow column.
NARROW_CHART = 500


def config() -> dict[str, Any]:
    """House style: readable sizes, dark text, and visible focus and outlines."""
    return {
        "font": FONT,
        "background": "#ffffff",
        "view": {"stroke": None},
        "title": {"fontSize": 16, "anchor": "start", "color": TEXT, "subtitleColor": SECONDARY_TEXT},
        "axis": {
            "labelFontSize": 13,
            "titleFontSize": 14,
            "labelColor": TEXT,
            "titleColor": TEXT,
            "gridColor": GRID,
            "gridOpacity": 0.6,
            "domainColor": SECONDARY_TEXT,
            "tickColor": SECONDARY_TEXT,
            "labelLimit": 260,
            "titleLimit": 800,
        },
        "legend": {
            "labelFontSize": 13,
            "titleFontSize": 14,
            "labelColor": TEXT,
            "titleColor": TEXT,
            "orient": "bottom",
            "direction": "horizontal",
            "columns": 3,
            "titleLimit": 600,
            "labelLimit": 400,
        },
        "text": {"fontSize": 13, "color": TEXT},
    }


def base_spec(*, title: str, description: str, height: int | None = None, subtitle: str = "") -> Spec:
    """The frame of a spec. ``description`` is what screen readers announce for the chart."""
    spec: Spec = {
        "$schema": SCHEMA,
        "description": description,
        "title": {
            "text": wrapped(title, TITLE_LINE),
            **({"subtitle": wrapped(subtitle, SUBTITLE_LINE)} if subtitle else {}),
        },
        "width": "container",
        # Resize: lay the chart out again once its axis labels are measured. Without it, slanted
        # labels that reach past the y axis push the title and the first label off the left edge.
        "autosize": {"type": "fit-x", "contains": "padding", "resize": True},
        # Vega's estimate of text bounds (slanted axis labels, words at the ends of bars) can fall a
        # few pixels short of the drawn text, and the title starts where the labels do: wider side
        # margins keep all of it inside the chart.
        "padding": PADDING,
        "config": config(),
    }
    if height is not None:
        spec["height"] = height
    return spec


def when_narrow(narrow: float, wide: float) -> dict[str, str]:
    """A chart property that is ``narrow`` in a chart narrower than ``NARROW_CHART`` and ``wide``
    otherwise, worked out again whenever the chart's box changes size."""
    return {"expr": f"containerSize()[0] && containerSize()[0] < {NARROW_CHART} ? {narrow} : {wide}"}


def wrapped(text: str, width: int) -> str | list[str]:
    """``text`` as it is when it fits on a line of ``width`` characters, else as its lines."""
    lines = textwrap.wrap(text, width, break_long_words=False, break_on_hyphens=False)
    return text if len(lines) <= 1 else lines


def number_axes(spec: Spec, number_format: str, *, whole_numbers: bool = False) -> Spec:
    """Give every quantitative x or y axis of ``spec`` (and its layers) ``number_format`` and, for
    whole numbers, no ticks between them; what an encoding's own ``axis`` says is kept. Long axis and
    legend titles are given as lines, as chart titles are."""
    style: dict[str, Any] = {"format": number_format, **({"tickMinStep": 1} if whole_numbers else {})}
    for part in [spec, *spec.get("layer", [])]:
        for channel, encoding in part.get("encoding", {}).items():
            if not isinstance(encoding, dict):
                continue
            if isinstance(encoding.get("title"), str):
                encoding["title"] = wrapped(encoding["title"], AXIS_TITLE_LINE)
            legend = encoding.get("legend")
            if isinstance(legend, dict) and isinstance(legend.get("title"), str):
                legend["title"] = wrapped(legend["title"], LEGEND_TITLE_LINE)
            if channel not in ("x", "y") or encoding.get("type") != "quantitative":
                continue
            if encoding.get("axis", {}) is None:
                continue
            encoding["axis"] = {**style, **encoding.get("axis", {})}
    return spec


def whiskers(colour: str) -> dict[str, object]:
    """An error bar mark for pre-computed 95% limits, with short caps at each end."""
    return {
        "type": "errorbar",
        "ticks": {"size": 12, "color": colour, "aria": False},
        "rule": {"aria": False},
        "color": colour,
        "thickness": 1.5,
        # The limits are read out with each point (its ``description``), not as separate marks.
    }


def drop_empty_whiskers(layers: list[Spec], rows: list[dict[str, Any]]) -> list[Spec]:
    """Leave out the error bars when no row has both limits (Vega warns of an empty extent)."""
    if any(r.get("lower") is not None and r.get("upper") is not None for r in rows):
        return layers
    return [
        layer
        for layer in layers
        if not (isinstance(layer["mark"], dict) and layer["mark"]["type"] == "errorbar")
    ]


def described(field: str = "aria") -> dict[str, str]:
    """The encoding that gives each mark a sentence for screen readers."""
    return {"field": field, "type": "nominal"}


def tooltip_field(field: str, title: str) -> dict[str, str]:
    return {"field": field, "type": "nominal", "title": title}


def label_layer(
    x: dict[str, Any], y_title: str, *, period: str, value: float, text: str, colour: str
) -> Spec:
    """A direct label beside the end of a line, so the line is named without a legend."""
    return {
        "data": {"values": [{"period": period, "y": value, "label": text}]},
        "mark": {
            "type": "text",
            "align": "left",
            "dx": 10,
            "dy": -8,
            "fontWeight": "bold",
            "color": colour,
            "aria": False,
        },
        "encoding": {
            "x": x,
            "y": {"field": "y", "type": "quantitative", "title": y_title},
            "text": {"field": "label"},
        },
    }
