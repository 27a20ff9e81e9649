"""What partners delivered, period by period: bars for each period's figure and, for counts, a line
for the running total on its own axis (the reach dashboard)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass

from wellboard.charts.common import LINE, Spec, base_spec, number_axes
from wellboard.charts.formatting import axis_format

RUNNING_TOTAL_COLOUR = "#0b0c0c"


@dataclass(frozen=True)
class ReachPoint:
    """One period: its label on the axis, its first day (for the order), the figure and, for counts,
    the running total to the end of it."""

    period: str
    start: dt.date
    value: float | None
    cumulative: float | None = None


def reach_chart(
    *, title: str, subtitle: str, unit: str, points: Sequence[ReachPoint], running_total: bool
) -> Spec:
    """Bars for each period's figure; with ``running_total`` (counts), a dashed line for it on its own
    axis. Counts are labelled in whole numbers, percentages and rates to one place."""
    data = [
        {"period": p.period, "start": p.start.isoformat(), "value": p.value, "cumulative": p.cumulative}
        for p in points
    ]
    x = {
        "field": "period",
        "type": "ordinal",
        "sort": {"field": "start"},
        "title": "Period",
        "axis": {"labelAngle": -40},
    }
    description = f"{title} by period" + (" with the running total" if running_total else "")
    spec = base_spec(title=title, description=description, height=240, subtitle=subtitle)
    bars = {
        "mark": {"type": "bar", "color": LINE},
        "encoding": {
            "x": x,
            "y": {
                "field": "value",
                "type": "quantitative",
                "title": f"In the period ({unit})" if unit else "In the period",
            },
            "tooltip": [
                {"field": "period", "title": "Period"},
                {"field": "value", "title": "In the period", "format": ",.1f"},
            ],
        },
    }
    if not running_total:
        spec.update({"data": {"values": data}, **bars})
        return number_axes(spec, axis_format(1))
    line = {
        "mark": {"type": "line", "point": True, "color": RUNNING_TOTAL_COLOUR, "strokeDash": [6, 3]},
        "encoding": {
            "x": x,
            "y": {"field": "cumulative", "type": "quantitative", "title": "Running total"},
            "tooltip": [
                {"field": "period", "title": "Period"},
                {"field": "cumulative", "title": "Running total", "format": ",.0f"},
            ],
        },
    }
    spec.update({"data": {"values": data}, "layer": [bars, line], "resolve": {"scale": {"y": "independent"}}})
    return number_axes(spec, axis_format(0), whole_numbers=True)
