"""What every Wellboard chart shares: the schema, an accessible description and the house style."""

from __future__ import annotations

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
        "title": {"text": title, **({"subtitle": subtitle} if subtitle else {})},
        "width": "container",
        "autosize": {"type": "fit-x", "contains": "padding"},
        "config": config(),
    }
    if height is not None:
        spec["height"] = height
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
