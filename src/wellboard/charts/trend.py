"""The trend chart: an indicator's value over time with 95% confidence whiskers and its target."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from wellboard.charts.common import (
    COMPARATOR,
    LINE,
    TARGET,
    Spec,
    base_spec,
    described,
    drop_empty_whiskers,
    label_layer,
    number_axes,
    tooltip_field,
    whiskers,
)
from wellboard.charts.data import TargetPoint, TrendPoint
from wellboard.charts.formatting import (
    axis_format,
    axis_title,
    clean,
    format_interval,
    format_value,
    is_number,
)
from wellboard.charts.significance import (
    LABELS,
    OUTLINE,
    Significance,
    attributed,
    colour_scale,
    outcomes_present,
    shape_scale,
    significance_of,
)
from wellboard.charts.tables import ChartTable, Column, table

TargetArg = float | Sequence[TargetPoint] | None


def _targets(target: TargetArg) -> list[TargetPoint]:
    if target is None:
        return []
    if isinstance(target, int | float):
        return [TargetPoint(period="", value=float(target))]
    return [t for t in target if is_number(t.value)]


def trend_chart(
    points: Sequence[TrendPoint],
    *,
    unit: str,
    title: str,
    target: TargetArg = None,
    comparator_name: str = "England",
    decimals: int = 1,
) -> Spec:
    """Value line with points and 95% whiskers; optional target (dashed) and comparator line.

    Points are drawn in the order given; targets for later periods extend the axis. When points
    carry a significance, each marker takes its colour and shape, and the legend explains both.
    A single target (a number, or one period's target) is a dashed line across the chart;
    several targets (a trajectory) are a dashed line through their periods.
    """
    targets = _targets(target)
    periods = [p.period for p in points]
    # Targets for periods after the data (a trajectory to 2030) extend the axis to the right.
    if len(targets) > 1:
        periods += [t.period for t in targets if t.period and t.period not in periods]
    rows: list[dict[str, Any]] = []
    for order, p in enumerate(points):
        outcome = significance_of(p.significance)
        rows.append(
            {
                "period": p.period,
                "order": order,
                "value": clean(p.value),
                "lower": clean(p.lower),
                "upper": clean(p.upper),
                "comparator": clean(p.comparator_value),
                "value_text": format_value(p.value, unit, decimals),
                "interval_text": format_interval(p.lower, p.upper, decimals) or "Not available",
                "comparator_text": format_value(p.comparator_value, unit, decimals),
                "significance": LABELS[outcome],
                "compared_by": p.compared_by if outcome is not Significance.NOT_COMPARED else "",
            }
        )
        rows[-1]["aria"] = _point_sentence(rows[-1], comparator_name)
    with_values = [r for r in rows if r["value"] is not None]
    outcomes = outcomes_present([significance_of(p.significance) for p in points if is_number(p.value)])
    compared = any(o is not Significance.NOT_COMPARED for o in outcomes)

    tooltip = [
        tooltip_field("period", "Period"),
        tooltip_field("value_text", "Value"),
        tooltip_field("interval_text", "95% confidence interval"),
    ]
    if compared:
        tooltip.append(tooltip_field("significance", f"Compared with {comparator_name}"))
    if any(r["compared_by"] for r in rows):
        tooltip.append(tooltip_field("compared_by", "Compared by"))
    x: dict[str, Any] = {
        "field": "period",
        "type": "ordinal",
        "sort": periods,
        "title": "Period",
        "axis": {"labelAngle": -40 if len(periods) > 6 else 0},
    }
    y_title = axis_title("Value", unit)
    layers: list[Spec] = [
        {
            "mark": whiskers(COMPARATOR),
            "transform": [{"filter": "isValid(datum.lower) && isValid(datum.upper)"}],
            "encoding": {
                "x": x,
                "y": {"field": "lower", "type": "quantitative", "title": y_title},
                "y2": {"field": "upper"},
                "tooltip": tooltip,
            },
        },
        {
            "mark": {"type": "line", "color": LINE, "strokeWidth": 2, "aria": False},
            "transform": [{"filter": "isValid(datum.value)"}],
            "encoding": {
                "x": x,
                "y": {
                    "field": "value",
                    "type": "quantitative",
                    "title": y_title,
                    "scale": {"zero": False},
                },
            },
        },
    ]
    point_encoding: dict[str, Any] = {
        "x": x,
        "y": {"field": "value", "type": "quantitative", "title": y_title},
        "tooltip": tooltip,
        "description": described(),
    }
    if compared:
        legend = {"title": f"Compared with {comparator_name}"}
        point_encoding["color"] = {
            "field": "significance",
            "type": "nominal",
            "scale": colour_scale(outcomes),
            "legend": legend,
        }
        point_encoding["shape"] = {
            "field": "significance",
            "type": "nominal",
            "scale": shape_scale(outcomes),
            "legend": legend,
        }
        point_mark: dict[str, Any] = {
            "type": "point",
            "filled": True,
            "size": 110,
            "stroke": OUTLINE,
            "strokeWidth": 1,
            "opacity": 1,
        }
    else:
        point_mark = {"type": "point", "filled": True, "size": 70, "color": LINE, "opacity": 1}
    layers.append(
        {"mark": point_mark, "transform": [{"filter": "isValid(datum.value)"}], "encoding": point_encoding}
    )

    if any(r["comparator"] is not None for r in rows):
        last_comparator = [r for r in rows if r["comparator"] is not None][-1]
        layers.append(
            {
                "mark": {
                    "type": "line",
                    "color": COMPARATOR,
                    "strokeDash": [2, 3],
                    "strokeWidth": 2,
                    "aria": False,
                },
                "transform": [{"filter": "isValid(datum.comparator)"}],
                "encoding": {
                    "x": x,
                    "y": {"field": "comparator", "type": "quantitative", "title": y_title},
                    "tooltip": [
                        tooltip_field("period", "Period"),
                        tooltip_field("comparator_text", comparator_name),
                    ],
                },
            }
        )
        layers.append(
            label_layer(
                x,
                y_title,
                period=str(last_comparator["period"]),
                value=float(last_comparator["comparator"]),
                text=comparator_name,
                colour=COMPARATOR,
            )
        )

    target_text = ""
    if len(targets) == 1:
        only = targets[0]
        when = f" for {only.period}" if only.period else ""
        target_text = f"Target{when}: {format_value(only.value, unit, decimals)}"
        layers.append(
            {
                "data": {"values": [{"target": only.value, "target_text": target_text}]},
                "mark": {"type": "rule", "color": TARGET, "strokeDash": [8, 5], "strokeWidth": 2},
                "encoding": {
                    "y": {"field": "target", "type": "quantitative", "title": y_title},
                    "tooltip": [tooltip_field("target_text", "Target")],
                    "description": described("target_text"),
                },
            }
        )
        if periods:
            layers.append(
                label_layer(x, y_title, period=periods[-1], value=only.value, text="Target", colour=TARGET)
            )
    elif targets:
        target_rows = [
            {
                "period": t.period,
                "target": t.value,
                "target_text": f"Target for {t.period}: {format_value(t.value, unit, decimals)}",
            }
            for t in targets
        ]
        target_text = "Target trajectory: " + ", ".join(
            f"{t.period} {format_value(t.value, unit, decimals)}" for t in targets
        )
        layers.append(
            {
                "data": {"values": target_rows},
                "mark": {
                    "type": "line",
                    "color": TARGET,
                    "strokeDash": [8, 5],
                    "strokeWidth": 2,
                    "point": {"shape": "stroke", "size": 60, "color": TARGET},
                },
                "encoding": {
                    "x": x,
                    "y": {"field": "target", "type": "quantitative", "title": y_title},
                    "tooltip": [tooltip_field("period", "Period"), tooltip_field("target_text", "Target")],
                    "description": described("target_text"),
                },
            }
        )
        layers.append(
            label_layer(
                x,
                y_title,
                period=targets[-1].period,
                value=targets[-1].value,
                text="Target",
                colour=TARGET,
            )
        )

    spec = base_spec(
        title=title,
        description=_describe(title, with_values, target_text, comparator_name),
        height=300,
    )
    spec["data"] = {"values": rows}
    spec["layer"] = drop_empty_whiskers(layers, rows)
    spec["resolve"] = {"scale": {"y": "shared"}}
    return number_axes(spec, axis_format(decimals), whole_numbers=decimals <= 0)


def _point_sentence(row: dict[str, Any], comparator_name: str) -> str:
    text = f"{row['period']}: {row['value_text']}"
    if row["interval_text"] != "Not available":
        text += f", 95% confidence interval {row['interval_text']}"
    if row["significance"] != LABELS[Significance.NOT_COMPARED]:
        text += attributed(
            f", {row['significance'].lower()} compared with {comparator_name}", row["compared_by"]
        )
    return text


def _describe(title: str, with_values: list[dict[str, Any]], target_text: str, comparator_name: str) -> str:
    if not with_values:
        return f"{title}: there are no values to chart."
    first, last = with_values[0], with_values[-1]
    parts = [
        f"Line chart of {title}, {len(with_values)} periods from {first['period']} to {last['period']}.",
        f"Latest value {last['value_text']} in {last['period']}",
    ]
    if last["interval_text"] != "Not available":
        parts[-1] += f" (95% confidence interval {last['interval_text']})"
    parts[-1] += "."
    if last["significance"] != LABELS[Significance.NOT_COMPARED]:
        parts.append(
            attributed(f"{last['significance']} compared with {comparator_name}", last["compared_by"]) + "."
        )
    if target_text:
        parts.append(f"{target_text}.")
    return " ".join(parts)


def trend_table(
    points: Sequence[TrendPoint],
    *,
    unit: str,
    title: str,
    target: TargetArg = None,
    comparator_name: str = "England",
    decimals: int = 1,
) -> ChartTable:
    """The trend chart's figures: one row per period."""
    targets = _targets(target)
    # A bare number applies to every period; a target for a period, only to that period.
    single = targets[0].value if len(targets) == 1 and not targets[0].period else None
    by_period = {t.period: t.value for t in targets if t.period}
    has_comparator = any(is_number(p.comparator_value) for p in points)
    has_significance = any(significance_of(p.significance) is not Significance.NOT_COMPARED for p in points)
    value_label = axis_title("Value", unit)
    columns = [Column("period", "Period")]
    # Codes such as 2020-09-14/2W go in the downloads only, and only when they differ from the labels.
    with_codes = any(p.code and p.code != p.period for p in points) or any(
        t.code and t.code != t.period for t in targets
    )
    if with_codes:
        columns.append(Column("period_code", "Period code", show=False))
    columns += [
        Column("value", value_label, "number", decimals),
        Column("lower95", "Lower 95% limit", "number", decimals),
        Column("upper95", "Upper 95% limit", "number", decimals),
    ]
    if has_comparator:
        columns.append(Column("comparator", comparator_name, "number", decimals))
    if has_significance:
        columns.append(Column("significance", f"Compared with {comparator_name}", "significance"))
    by_whom = has_significance and any(p.compared_by for p in points)
    if by_whom:
        columns.append(Column("compared_by", "Compared by"))
    if targets:
        columns.append(Column("target", "Target", "number", decimals))
    rows = []
    for p in points:
        row: dict[str, Any] = {
            "period": p.period,
            **({"period_code": p.code} if with_codes else {}),
            "value": clean(p.value),
            "lower95": clean(p.lower),
            "upper95": clean(p.upper),
        }
        if has_comparator:
            row["comparator"] = clean(p.comparator_value)
        if has_significance:
            row["significance"] = significance_of(p.significance) if is_number(p.value) else None
        if by_whom:
            compared = row["significance"] not in (None, Significance.NOT_COMPARED)
            row["compared_by"] = (p.compared_by or None) if compared else None
        if targets:
            row["target"] = single if single is not None else by_period.get(p.period)
        rows.append(row)
    shown = {p.period for p in points}
    for t in targets if len(targets) > 1 else ():
        if t.period and t.period not in shown:
            rows.append(
                {
                    **dict.fromkeys(c.key for c in columns),
                    "period": t.period,
                    **({"period_code": t.code} if with_codes else {}),
                    "target": t.value,
                }
            )
    return table(title, columns, rows)
