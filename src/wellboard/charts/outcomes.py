"""Wellbeing before and after: each measure's mean change with its 95% confidence interval, against
a line at no change (a programme's outcome results)."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from wellboard.charts.common import (
    LINE,
    TEXT,
    Spec,
    base_spec,
    described,
    drop_empty_whiskers,
    number_axes,
    whiskers,
)
from wellboard.charts.formatting import axis_format, format_interval, format_number
from wellboard.charts.tables import ChartTable, Column, table


@dataclass(frozen=True)
class ChangePoint:
    """One measure (the SWEMWBS metric score, or an ONS4 item) and its paired change."""

    measure: str
    paired: int | str | None
    change: float | None
    lower: float | None
    upper: float | None
    better: str  # "higher" or "lower": which way is an improvement


def _rows(points: Sequence[ChangePoint]) -> list[dict[str, Any]]:
    rows = []
    for p in points:
        interval = format_interval(p.lower, p.upper, 2)
        rows.append(
            {
                "measure": p.measure,
                "change": p.change,
                "lower": p.lower,
                "upper": p.upper,
                "aria": (
                    f"{p.measure}: mean change {format_number(p.change, 2)} points"
                    + (f", 95% confidence interval {interval}" if p.lower is not None else "")
                    + f"; {p.better} is better"
                ),
            }
        )
    return rows


def change_chart(*, title: str, subtitle: str, points: Sequence[ChangePoint]) -> Spec:
    """A dot for each measure's mean change with whiskers for its interval, and a rule at zero."""
    rows = [r for r in _rows(points) if r["change"] is not None]
    spec = base_spec(
        title=title,
        description=f"{title}: mean change after minus before for each measure, "
        "with 95% confidence intervals",
        subtitle=subtitle,
        height=max(80, 46 * len(rows)),
    )
    y = {"field": "measure", "type": "nominal", "title": None, "sort": None}
    x_title = "Mean change (after minus before), points"
    layers: list[Spec] = [
        {
            "mark": whiskers(LINE),
            "encoding": {
                "y": y,
                "x": {"field": "lower", "type": "quantitative", "title": x_title},
                "x2": {"field": "upper"},
            },
        },
        {
            "mark": {"type": "point", "filled": True, "size": 90, "color": LINE},
            "encoding": {
                "y": y,
                "x": {"field": "change", "type": "quantitative", "title": x_title},
                "description": described(),
                "tooltip": [{"field": "aria", "type": "nominal", "title": "Change"}],
            },
        },
        {
            "data": {"values": [{"zero": 0}]},
            "mark": {"type": "rule", "color": TEXT, "strokeDash": [4, 3], "aria": False},
            "encoding": {"x": {"field": "zero", "type": "quantitative"}},
        },
    ]
    spec.update({"data": {"values": rows}, "layer": drop_empty_whiskers(layers, rows)})
    return number_axes(spec, axis_format(1))


def change_table(*, caption: str, points: Sequence[ChangePoint]) -> ChartTable:
    """The chart's figures as a table (and its downloads)."""
    columns = (
        Column("measure", "Measure"),
        Column("paired", "Participants paired"),
        Column("value", "Mean change", "number", decimals=2),
        Column("lower", "Lower 95% limit", "number", decimals=2),
        Column("upper", "Upper 95% limit", "number", decimals=2),
        Column("better", "Better is"),
    )
    rows = [
        {
            "measure": p.measure,
            "paired": "" if p.paired is None else str(p.paired),
            "value": p.change,
            "lower": p.lower,
            "upper": p.upper,
            "better": p.better,
        }
        for p in points
    ]
    return table(caption, columns, rows)
