"""Values by deprivation decile with 95% whiskers and the slope index of inequality (SII).

The SII follows the PHE convention: the fitted value at the least deprived end (relative rank 1)
minus the fitted value at the most deprived end (rank 0). The fitted line is drawn through each
decile's relative rank from the intercept the SII calculation gives (the fitted value at rank 0).
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from wellboard.charts.common import (
    LINE,
    TARGET,
    Spec,
    base_spec,
    described,
    number_axes,
    tooltip_field,
    whiskers,
)
from wellboard.charts.data import DecileValue, SlopeIndexSummary
from wellboard.charts.formatting import (
    axis_format,
    axis_title,
    clean,
    format_interval,
    format_number,
    format_value,
    is_number,
)
from wellboard.charts.significance import OUTLINE
from wellboard.charts.tables import ChartTable, Column, table


def decile_label(decile: int, count: int = 10) -> str:
    if decile == 1:
        return "1 (most deprived)"
    if decile == count:
        return f"{count} (least deprived)"
    return str(decile)


def relative_ranks(deciles: Sequence[DecileValue]) -> list[float]:
    """Each quantile's relative rank (0 most, 1 least deprived), in the order given (by decile).

    Given ranks are used as they are; otherwise the midpoint of each quantile's share of the
    population, or of equal shares when populations are not all known."""
    count = max((d.decile for d in deciles), default=10)
    if all(is_number(d.rank) for d in deciles):
        return [float(d.rank or 0.0) for d in deciles]
    populations = [d.population for d in deciles]
    if deciles and all(is_number(p) and p > 0 for p in populations):
        total = sum(float(p or 0.0) for p in populations)
        ranks, before = [], 0.0
        for p in populations:
            share = float(p or 0.0)
            ranks.append((before + share / 2) / total)
            before += share
        return ranks
    return [(d.decile - 0.5) / count for d in deciles]


def sii_sentence(sii: SlopeIndexSummary | None, *, unit: str = "", decimals: int = 1) -> str:
    """The SII in words, with its interval and what its sign means."""
    if sii is None or not is_number(sii.value):
        return "The slope index of inequality could not be calculated."
    gap = abs(sii.value)
    interval = format_interval(sii.lower, sii.upper, decimals)
    ci = f" (95% confidence interval {interval})" if interval else ""
    head = f"The slope index of inequality is {format_number(sii.value, decimals)}{ci}."
    if sii.value == 0:
        return head + " The modelled value is the same at both ends of the deprivation scale."
    direction = "higher" if sii.value > 0 else "lower"
    # A gap between two percentages is in percentage points, not per cent.
    amount = (
        f"{format_number(gap, decimals)} percentage points"
        if unit == "%"
        else format_value(gap, unit, decimals)
    )
    sentence = (
        f"{head} The modelled value in the least deprived areas is {amount} "
        f"{direction} than in the most deprived areas."
    )
    if is_number(sii.lower) and is_number(sii.upper):
        lower, upper = float(sii.lower or 0.0), float(sii.upper or 0.0)
        if lower <= 0 <= upper:
            sentence += " The interval includes zero, so the gap is not statistically significant."
        else:
            sentence += " The interval excludes zero, so the gap is statistically significant."
    return sentence


def inequality_chart(
    deciles: Sequence[DecileValue],
    *,
    sii: SlopeIndexSummary | None = None,
    unit: str = "",
    title: str = "Inequality by deprivation decile",
    decimals: int = 1,
) -> Spec:
    """Bars for deciles 1 (most deprived) to 10 with whiskers, and the SII's fitted line."""
    count = max((d.decile for d in deciles), default=10)
    ordered = sorted(deciles, key=lambda d: d.decile)
    rows = [
        {
            "decile": str(d.decile),
            "decile_text": d.label or decile_label(d.decile, count),
            "value": clean(d.value),
            "lower": clean(d.lower),
            "upper": clean(d.upper),
            "value_text": format_value(d.value, unit, decimals),
            "interval_text": format_interval(d.lower, d.upper, decimals) or "Not available",
        }
        for d in ordered
    ]
    for r in rows:
        r["aria"] = (
            f"Deprivation decile {r['decile_text']}: {r['value_text']}, "
            f"95% confidence interval {r['interval_text']}"
        )
    order = [r["decile"] for r in rows]
    y_title = axis_title("Value", unit)
    x = {
        "field": "decile",
        "type": "ordinal",
        "sort": order,
        "title": "Deprivation decile (1 = most deprived, 10 = least deprived)",
        "axis": {"labelAngle": 0, "labelLimit": 120},
    }
    tooltip = [
        tooltip_field("decile_text", "Deprivation decile"),
        tooltip_field("value_text", "Value"),
        tooltip_field("interval_text", "95% confidence interval"),
    ]
    layers: list[Spec] = [
        {
            "mark": {"type": "bar", "color": "#5694ca", "stroke": OUTLINE, "strokeWidth": 1},
            "transform": [{"filter": "isValid(datum.value)"}],
            "encoding": {
                "x": x,
                "y": {"field": "value", "type": "quantitative", "title": y_title},
                "tooltip": tooltip,
                "description": described(),
            },
        },
        {
            "mark": whiskers(TARGET),
            "transform": [{"filter": "isValid(datum.lower) && isValid(datum.upper)"}],
            "encoding": {
                "x": x,
                "y": {"field": "lower", "type": "quantitative", "title": y_title},
                "y2": {"field": "upper"},
                "tooltip": tooltip,
            },
        },
    ]
    sentence = sii_sentence(sii, unit=unit, decimals=decimals) if sii is not None else ""
    intercept = (
        float(sii.intercept or 0.0)
        if sii is not None and is_number(sii.value) and is_number(sii.intercept)
        else None
    )
    if sii is not None and intercept is not None:
        fitted = [
            {
                "decile": r["decile"],
                "decile_text": r["decile_text"],
                "fitted": intercept + sii.value * rank,
                "fitted_text": format_value(intercept + sii.value * rank, unit, decimals),
            }
            for r, rank in zip(rows, relative_ranks(ordered), strict=True)
        ]
        layers.append(
            {
                "data": {"values": fitted},
                "mark": {
                    "type": "line",
                    "color": LINE,
                    "strokeWidth": 3,
                    "strokeDash": [10, 4],
                    "aria": False,
                },
                "encoding": {
                    "x": x,
                    "y": {"field": "fitted", "type": "quantitative", "title": y_title},
                    "tooltip": [
                        tooltip_field("decile_text", "Deprivation decile"),
                        tooltip_field("fitted_text", "Fitted by the slope index"),
                    ],
                },
            }
        )
    subtitle = ""
    if sii is not None and is_number(sii.value):
        interval = format_interval(sii.lower, sii.upper, decimals)
        subtitle = f"Slope index of inequality: {format_number(sii.value, decimals)}" + (
            f" (95% CI {interval})" if interval else ""
        )
        if intercept is not None:
            subtitle += ". Dashed line: the fitted slope"
    spec = base_spec(
        title=title,
        subtitle=subtitle,
        description=_describe(title, rows, sentence),
        height=300,
    )
    spec["data"] = {"values": rows}
    spec["layer"] = layers
    return number_axes(spec, axis_format(decimals), whole_numbers=decimals <= 0)


def _describe(title: str, rows: list[dict[str, Any]], sentence: str) -> str:
    valued = [r for r in rows if r["value"] is not None]
    if not valued:
        return f"{title}: there are no values by deprivation decile."
    first, last = valued[0], valued[-1]
    text = (
        f"Bar chart of {title} across {len(valued)} deprivation deciles: "
        f"decile {first['decile_text']} {first['value_text']}, "
        f"decile {last['decile_text']} {last['value_text']}."
    )
    return f"{text} {sentence}".strip()


def inequality_table(
    deciles: Sequence[DecileValue],
    *,
    sii: SlopeIndexSummary | None = None,
    unit: str = "",
    title: str = "Inequality by deprivation decile",
    decimals: int = 1,
) -> ChartTable:
    count = max((d.decile for d in deciles), default=10)
    columns = [
        Column("decile", "Deprivation decile"),
        Column("value", axis_title("Value", unit), "number", decimals),
        Column("lower95", "Lower 95% limit", "number", decimals),
        Column("upper95", "Upper 95% limit", "number", decimals),
    ]
    data: list[dict[str, Any]] = [
        {
            "decile": d.label or decile_label(d.decile, count),
            "value": clean(d.value),
            "lower95": clean(d.lower),
            "upper95": clean(d.upper),
        }
        for d in sorted(deciles, key=lambda d: d.decile)
    ]
    if sii is not None and is_number(sii.value):
        data.append(
            {
                "decile": "Slope index of inequality",
                "value": clean(sii.value),
                "lower95": clean(sii.lower),
                "upper95": clean(sii.upper),
            }
        )
    return table(title, columns, data)
