"""Assertions the chart tests share."""

from __future__ import annotations

from typing import Any

SCHEMA = "https://vega.github.io/schema/vega-lite/v6.json"


def assert_frame(spec: dict[str, Any]) -> None:
    """What every Wellboard spec must carry: the v6 schema, a title, a description, a fluid width."""
    assert spec["$schema"] == SCHEMA
    assert spec["title"]["text"]
    assert len(spec["description"]) > 20
    assert spec["width"] == "container"


def one_line(text: str | list[str]) -> str:
    """A chart, axis or legend title as one line, whether or not the spec gives it as lines."""
    return text if isinstance(text, str) else " ".join(text)


def layer_marks(spec: dict[str, Any]) -> list[str]:
    out = []
    for layer in spec["layer"]:
        mark = layer["mark"]
        out.append(mark if isinstance(mark, str) else mark["type"])
    return out


def layer_with(spec: dict[str, Any], mark_type: str) -> list[dict[str, Any]]:
    return [
        layer
        for layer in spec["layer"]
        if (layer["mark"] if isinstance(layer["mark"], str) else layer["mark"]["type"]) == mark_type
    ]


def layer_values(spec: dict[str, Any], layer: dict[str, Any]) -> list[dict[str, Any]]:
    """The rows a layer draws: its own data, or the spec's kept by the layer's ``valid`` filters."""
    if "data" in layer:
        return list(layer["data"]["values"])
    rows = list(spec["data"]["values"])
    for step in layer.get("transform", []):
        predicate = step["filter"]
        assert set(predicate) == {"field", "valid"}, f"a filter these tests cannot apply: {predicate}"
        rows = [r for r in rows if (r.get(predicate["field"]) is not None) == predicate["valid"]]
    return rows
