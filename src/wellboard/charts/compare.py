"""Areas compared: one bar per area, sorted by value, with 95% whiskers and the benchmark line."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import wellboard.charts.formatting as fmt
from wellboard.charts.common import (
    COMPARATOR,
    TARGET,
    Spec,
    base_spec,
    described,
    number_axes,
    tooltip_field,
    when_narrow,
    whiskers,
)
from wellboard.charts.data import Benchmark, CompareRow
from wellboard.charts.significance import (
    LABELS,
    OUTLINE,
    Significance,
    attributed,
    colour_scale,
    outcomes_present,
    significance_of,
)
from wellboard.charts.tables import ChartTable, Column, table

HIGHLIGHT_SUFFIX = " (this area)"
ROW_HEIGHT = 26
WORD_GAP = 6  # pixels between a bar (or its whisker) and the word at its end
TEXT_WIDTH = 7.5  # a generous width, in pixels, of a character of the chart's 13 px text


def sort_rows(rows: Sequence[CompareRow], *, descending: bool = True) -> list[CompareRow]:
    """Highest value first (or lowest first); areas without a value go last, by name."""
    valued = [r for r in rows if fmt.is_number(r.value)]
    valued.sort(key=lambda r: (float(r.value or 0.0), r.area_name), reverse=descending)
    missing = sorted((r for r in rows if not fmt.is_number(r.value)), key=lambda r: r.area_name)
    return valued + missing


def _label(row: CompareRow) -> str:
    return row.area_name + (HIGHLIGHT_SUFFIX if row.highlight else "")


def _ordered(rows: Sequence[CompareRow], *, descending: bool, keep_order: bool) -> list[CompareRow]:
    return list(rows) if keep_order else sort_rows(rows, descending=descending)


def compare_bar_chart(
    rows: Sequence[CompareRow],
    *,
    benchmark: Benchmark | None,
    unit: str,
    title: str = "Areas compared",
    decimals: int = 1,
    descending: bool = True,
    keep_order: bool = False,
    label_title: str = "Area",
) -> Spec:
    """Horizontal bars sorted by value, coloured by significance against ``benchmark``.

    The significance is also written at the end of each bar and in the tooltip, the benchmark
    line is labelled with its name and value, and the chosen area is named "(this area)".
    ``keep_order`` keeps the rows as given (age bands, deprivation deciles) instead of sorting.
    """
    ordered = _ordered(rows, descending=descending, keep_order=keep_order)
    benchmark_name = benchmark.name if benchmark is not None else "the benchmark"
    data: list[dict[str, Any]] = []
    for row in ordered:
        outcome = significance_of(row.significance)
        value = fmt.clean(row.value)
        upper = fmt.clean(row.upper)
        data.append(
            {
                "area": _label(row),
                "code": row.area_code,
                "value": value,
                "lower": fmt.clean(row.lower),
                "upper": upper,
                "value_text": fmt.format_value(row.value, unit, decimals),
                "interval_text": fmt.format_interval(row.lower, row.upper, decimals) or "Not available",
                "significance": LABELS[outcome],
                "label_at": max(v for v in (value, upper, 0.0) if v is not None),
                "label": LABELS[outcome] if value is not None else "No data",
                "highlight": row.highlight,
                "compared_by": row.compared_by if outcome is not Significance.NOT_COMPARED else "",
            }
        )
        data[-1]["aria"] = attributed(
            f"{data[-1]['area']}: {data[-1]['value_text']}, 95% confidence interval "
            f"{data[-1]['interval_text']}, {data[-1]['significance'].lower()} compared with {benchmark_name}",
            data[-1]["compared_by"],
        )
    values = [v for d in data for v in (d["value"], d["lower"], d["upper"]) if v is not None]
    if benchmark is not None and fmt.is_number(benchmark.value):
        values.append(float(benchmark.value or 0.0))
    low = min([0.0, *values])
    high = max([0.0, *values])
    span = (high - low) or 1.0
    # Room on the right for the word at the end of the longest bar: the scale runs on past the
    # highest value by as much as the longest word needs at the width the chart is drawn, so the
    # word stays inside the chart on a phone as on a desktop.
    room = WORD_GAP + TEXT_WIDTH * max(len(d["label"]) for d in data) if data else WORD_GAP
    domain_max = {"expr": f"{high} + {span} * {room} / max(width - {room}, {room})"}
    outcomes = outcomes_present([significance_of(r.significance) for r in ordered if fmt.is_number(r.value)])
    order = [d["area"] for d in data]
    x_title = fmt.axis_title("Value", unit)
    # On a phone, long names are cut short (the table beside the chart has them in full), so that
    # the bars, the words at their ends and the legend below them fit beside the names.
    y = {
        "field": "area",
        "type": "nominal",
        "sort": order,
        "title": None,
        "axis": {"labelLimit": when_narrow(120, 240)},
    }
    tooltip = [
        tooltip_field("area", label_title),
        tooltip_field("value_text", "Value"),
        tooltip_field("interval_text", "95% confidence interval"),
        tooltip_field("significance", f"Compared with {benchmark_name}"),
    ]
    if any(d["compared_by"] for d in data):
        tooltip.append(tooltip_field("compared_by", "Compared by"))
    x = {
        "field": "value",
        "type": "quantitative",
        "title": x_title,
        "scale": {"domainMin": low, "domainMax": domain_max, "nice": False},
    }
    layers: list[Spec] = [
        {
            "mark": {"type": "bar", "stroke": OUTLINE, "strokeWidth": 1, "height": {"band": 0.7}},
            "transform": [{"filter": "isValid(datum.value)"}],
            "encoding": {
                "y": y,
                "x": x,
                "color": {
                    "field": "significance",
                    "type": "nominal",
                    "scale": colour_scale(outcomes or [Significance.NOT_COMPARED]),
                    "legend": {"title": f"Compared with {benchmark_name}", "columns": when_narrow(1, 3)},
                },
                "strokeWidth": {"condition": {"test": "datum.highlight", "value": 3}, "value": 1},
                "tooltip": tooltip,
                "description": described(),
            },
        },
        {
            "mark": whiskers(TARGET),
            "transform": [{"filter": "isValid(datum.lower) && isValid(datum.upper)"}],
            "encoding": {
                "y": y,
                "x": {"field": "lower", "type": "quantitative", "title": x_title},
                "x2": {"field": "upper"},
                "tooltip": tooltip,
            },
        },
        {
            "mark": {"type": "text", "align": "left", "dx": WORD_GAP, "baseline": "middle", "aria": False},
            "encoding": {
                "y": y,
                "x": {"field": "label_at", "type": "quantitative", "title": x_title},
                "text": {"field": "label"},
                "tooltip": tooltip,
            },
        },
    ]
    if benchmark is not None and fmt.is_number(benchmark.value):
        bench_text = f"{benchmark.name}: {fmt.format_value(benchmark.value, unit, decimals)}"
        layers.append(
            {
                "data": {"values": [{"benchmark": benchmark.value, "benchmark_text": bench_text}]},
                "mark": {"type": "rule", "color": COMPARATOR, "strokeDash": [6, 4], "strokeWidth": 2},
                "encoding": {
                    "x": {"field": "benchmark", "type": "quantitative", "title": x_title},
                    "tooltip": [tooltip_field("benchmark_text", "Benchmark")],
                    "description": described("benchmark_text"),
                },
            }
        )
    spec = base_spec(
        title=title,
        subtitle=(
            f"Dashed line: {benchmark.name} {fmt.format_value(benchmark.value, unit, decimals)}"
            if benchmark is not None and fmt.is_number(benchmark.value)
            else ""
        ),
        description=_describe(
            title, data=data, benchmark_name=benchmark_name, benchmark=benchmark, unit=unit, decimals=decimals
        ),
        height=max(120, ROW_HEIGHT * max(1, len(data))),
    )
    spec["data"] = {"values": data}
    spec["layer"] = layers
    number_axes(spec, fmt.axis_format(decimals), whole_numbers=decimals <= 0)
    return spec


def _describe(
    title: str,
    *,
    data: list[dict[str, Any]],
    benchmark_name: str,
    benchmark: Benchmark | None,
    unit: str,
    decimals: int,
) -> str:
    valued = [d for d in data if d["value"] is not None]
    if not valued:
        return f"{title}: no area has a value to chart."
    text = (
        f"Bar chart of {title}: {len(valued)} areas sorted by value, highest {valued[0]['area']} "
        f"({valued[0]['value_text']}), lowest {valued[-1]['area']} ({valued[-1]['value_text']})."
    )
    if benchmark is not None and fmt.is_number(benchmark.value):
        text += f" {benchmark_name} is {fmt.format_value(benchmark.value, unit, decimals)}."
    counts: dict[str, int] = {}
    for d in valued:
        counts[d["significance"]] = counts.get(d["significance"], 0) + 1
    compared = {k: v for k, v in counts.items() if k != LABELS[Significance.NOT_COMPARED]}
    if compared:
        text += " " + ", ".join(f"{k}: {v}" for k, v in compared.items()) + "."
    highlighted = [d for d in data if d["highlight"]]
    if highlighted:
        chosen = highlighted[0]
        text += f" {chosen['area']}: {chosen['value_text']}, {chosen['significance'].lower()}."
    return text


def compare_table(
    rows: Sequence[CompareRow],
    *,
    benchmark: Benchmark | None,
    unit: str,
    title: str = "Areas compared",
    decimals: int = 1,
    descending: bool = True,
    keep_order: bool = False,
    label_title: str = "Area",
    with_codes: bool = True,
) -> ChartTable:
    ordered = _ordered(rows, descending=descending, keep_order=keep_order)
    benchmark_name = benchmark.name if benchmark is not None else "the benchmark"
    columns = [
        Column("area", label_title),
        *([Column("code", "Code")] if with_codes else []),
        Column("value", fmt.axis_title("Value", unit), "number", decimals),
        Column("lower95", "Lower 95% limit", "number", decimals),
        Column("upper95", "Upper 95% limit", "number", decimals),
        Column("significance", f"Compared with {benchmark_name}", "significance"),
    ]
    by_whom = any(r.compared_by for r in ordered)
    if by_whom:
        columns.append(Column("compared_by", "Compared by"))
    data = [
        {
            "area": _label(r),
            "code": r.area_code,
            "value": fmt.clean(r.value),
            "lower95": fmt.clean(r.lower),
            "upper95": fmt.clean(r.upper),
            "significance": significance_of(r.significance) if fmt.is_number(r.value) else None,
            "compared_by": _compared_by(r),
        }
        for r in ordered
    ]
    if benchmark is not None:
        data.append(
            {
                "area": benchmark.name,
                "code": "",
                "value": fmt.clean(benchmark.value),
                "lower95": None,
                "upper95": None,
                "significance": None,
                "compared_by": None,
            }
        )
    highlighted = [i for i, r in enumerate(ordered) if r.highlight]
    return table(title, columns, data, highlighted=highlighted)


def _compared_by(row: CompareRow) -> str | None:
    """Who compared the row's figure (None when it was not compared)."""
    if not fmt.is_number(row.value) or significance_of(row.significance) is Significance.NOT_COMPARED:
        return None
    return row.compared_by or None
