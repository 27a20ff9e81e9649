"""Performance measure charts: a measure's figure for each period with its target, and one period's
figure split by organisation or category. No confidence intervals and no comparator: a performance
measure counts what an initiative did, and is judged against its target.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from wellboard.charts.common import (
    LINE,
    TARGET,
    Spec,
    base_spec,
    described,
    label_layer,
    tooltip_field,
    when_narrow,
)
from wellboard.charts.formatting import axis_title, clean, format_value, is_number
from wellboard.charts.tables import ChartTable, Column, table

ROW_HEIGHT = 28


@dataclass(frozen=True)
class PeriodFigure:
    """One period of a performance measure. ``label`` is the period as people read it;
    ``axis_label`` a short form of it for the chart's axis."""

    label: str
    axis_label: str
    value: float | None
    numerator: float | None = None
    denominator: float | None = None
    target: float | None = None
    rag: str = ""  # "Green", "Amber", "Red" or "Not rated"
    provisional: bool = False
    note: str = ""
    code: str = ""  # the stored period code, for the downloads


@dataclass(frozen=True)
class ShareFigure:
    """One organisation's or category's figure for a period, with its share of the total."""

    label: str
    value: float | None
    share: float | None = None  # percentage of the total
    numerator: float | None = None
    denominator: float | None = None
    provisional: bool = False
    note: str = ""


def period_chart(
    figures: Sequence[PeriodFigure],
    *,
    unit: str,
    title: str,
    decimals: int = 0,
    bars: bool = True,
    axis_name: str = "Period",
) -> Spec:
    """Bars (for figures that add up) or a line (for percentages and rates), one per period in the
    order given, with the target as a dashed line through each period's target."""
    order = [f.axis_label for f in figures]
    has_target = any(is_number(f.target) for f in figures)
    rows: list[dict[str, Any]] = []
    for f in figures:
        row = {
            "period": f.axis_label,
            "label": f.label,
            "value": clean(f.value),
            "target": clean(f.target),
            "value_text": format_value(f.value, unit, decimals),
            "target_text": format_value(f.target, unit, decimals) if is_number(f.target) else "No target",
            "rag": f.rag or "Not rated",
            **_status(f),
        }
        row["aria"] = _sentence(row, has_target)
        rows.append(row)
    x: dict[str, Any] = {
        "field": "period",
        "type": "ordinal",
        "sort": order,
        "title": axis_name,
        "axis": {"labelAngle": -40 if len(order) > 6 else 0},
    }
    y_title = axis_title("Value", unit)
    tooltip = [tooltip_field("label", "Period"), tooltip_field("value_text", "Value")]
    if has_target:
        tooltip += [tooltip_field("target_text", "Target"), tooltip_field("rag", "Against target")]
    if any(f.provisional for f in figures):
        tooltip.append(tooltip_field("status", "Status"))
    y: dict[str, Any] = {"field": "value", "type": "quantitative", "title": y_title}
    encoding: dict[str, Any] = {
        "x": x,
        "y": y,
        "tooltip": tooltip,
        "description": described(),
    }
    layers: list[Spec]
    if bars:
        layers = [
            {
                "mark": {"type": "bar", "color": LINE},
                "transform": [{"filter": "isValid(datum.value)"}],
                "encoding": encoding,
            }
        ]
    else:
        line_y = {**y, "scale": {"zero": False}}
        layers = [
            {
                "mark": {"type": "line", "color": LINE, "strokeWidth": 2, "aria": False},
                "transform": [{"filter": "isValid(datum.value)"}],
                "encoding": {"x": x, "y": line_y},
            },
            {
                "mark": {"type": "point", "filled": True, "size": 70, "color": LINE, "opacity": 1},
                "transform": [{"filter": "isValid(datum.value)"}],
                "encoding": {**encoding, "y": line_y},
            },
        ]
    if has_target:
        with_target = [r for r in rows if r["target"] is not None]
        layers.append(
            {
                "mark": {
                    "type": "line",
                    "color": TARGET,
                    "strokeDash": [8, 5],
                    "strokeWidth": 2,
                    "point": {"shape": "stroke", "size": 60, "color": TARGET},
                },
                "transform": [{"filter": "isValid(datum.target)"}],
                "encoding": {
                    "x": x,
                    "y": {"field": "target", "type": "quantitative", "title": y_title},
                    "tooltip": [tooltip_field("label", "Period"), tooltip_field("target_text", "Target")],
                    "description": {"field": "target_text", "type": "nominal"},
                },
            }
        )
        last = with_target[-1]
        layers.append(
            label_layer(x, y_title, period=last["period"], value=last["target"], text="Target", colour=TARGET)
        )
    spec = base_spec(title=title, description=_describe(title, rows, bars), height=280)
    spec["data"] = {"values": rows}
    spec["layer"] = layers
    return spec


def _sentence(row: dict[str, Any], has_target: bool) -> str:
    text = f"{row['label']}: {row['value_text'] if row['value'] is not None else 'no figure'}"
    if has_target and row["target"] is not None:
        text += f", target {row['target_text']}, {row['rag'].lower()}"
    if row["status"] == "Provisional":
        text += ", provisional"
    return text


def _describe(title: str, rows: list[dict[str, Any]], bars: bool) -> str:
    valued = [r for r in rows if r["value"] is not None]
    if not valued:
        return f"{title}: there are no figures to chart."
    kind = "Bar chart" if bars else "Line chart"
    first, last = valued[0], valued[-1]
    text = (
        f"{kind} of {title}, {len(valued)} periods from {first['label']} to {last['label']}. "
        f"Latest figure {last['value_text']} for {last['label']}."
    )
    if last["target"] is not None:
        text += f" Target {last['target_text']}: {last['rag'].lower()}."
    return text


def period_table(figures: Sequence[PeriodFigure], *, unit: str, title: str, decimals: int = 0) -> ChartTable:
    """The figures by period: value, numerator and denominator where there are any, target and
    RAG where a target is set, status where a figure is provisional, and notes."""
    columns = [Column("period", "Period")]
    # Codes such as 2020-09-14/2W go in the downloads only, and only when they differ from the labels.
    if any(f.code and f.code != f.label for f in figures):
        columns.append(Column("period_code", "Period code", show=False))
    columns.append(Column("value", axis_title("Value", unit), "number", decimals))
    if any(is_number(f.denominator) for f in figures):
        columns += [
            Column("numerator", "Numerator", "number", 0),
            Column("denominator", "Denominator", "number", 0),
        ]
    if any(is_number(f.target) for f in figures):
        columns += [Column("target", "Target", "number", decimals), Column("rag", "Against target")]
    columns += _status_columns(figures)
    rows = [
        {
            "period": f.label,
            "period_code": f.code,
            "value": clean(f.value),
            "numerator": clean(f.numerator),
            "denominator": clean(f.denominator),
            "target": clean(f.target),
            "rag": (f.rag or "Not rated") if is_number(f.target) else "",
            **_status(f),
        }
        for f in figures
    ]
    return table(title, columns, rows)


def _status_columns(figures: Sequence[PeriodFigure | ShareFigure]) -> list[Column]:
    """A note where any figure has one or is provisional; the status itself in the downloads."""
    if not any(f.provisional or f.note for f in figures):
        return []
    return [Column("note", "Note"), Column("status", "Status", show=False)]


def _status(figure: PeriodFigure | ShareFigure) -> dict[str, str]:
    """The figure's status, and its note with "Provisional" in front where it is."""
    note = figure.note
    if figure.provisional:
        note = f"Provisional: {note}" if note else "Provisional"
    return {"status": "Provisional" if figure.provisional else "Final", "note": note}


def share_chart(
    figures: Sequence[ShareFigure],
    *,
    unit: str,
    title: str,
    decimals: int = 0,
    label_title: str = "Organisation",
    subtitle: str = "",
) -> Spec:
    """Horizontal bars in the order given, each labelled with its figure (and share of the total)."""
    rows: list[dict[str, Any]] = []
    for f in figures:
        text = format_value(f.value, unit, decimals)
        # Beside the bar, the number alone (the axis gives the unit) so that it fits on a phone.
        short = format_value(f.value, "%" if unit == "%" else "", decimals)
        if is_number(f.share):
            text += f" ({f.share:.0f}%)"
            short += f" ({f.share:.0f}%)"
        rows.append(
            {
                "label": f.label,
                "value": clean(f.value),
                "value_text": text,
                "short_text": short,
                "aria": f"{f.label}: {text}",
            }
        )
    y = {
        "field": "label",
        "type": "nominal",
        "sort": [f.label for f in figures],
        "title": label_title,
        # Long names are cut short on a phone, so that the bars and their labels fit beside them.
        "axis": {"labelLimit": when_narrow(110, 200)},
    }
    valued = [r for r in rows if r["value"] is not None]
    largest = max((float(r["value"]) for r in valued), default=0.0)
    # Room to the right of the longest bar for its label.
    x: dict[str, Any] = {"field": "value", "type": "quantitative", "title": axis_title("Value", unit)}
    if largest > 0:
        x["scale"] = {"domain": [0, largest * 1.6], "nice": False}
        x["axis"] = {"tickCount": 5}
    spec = base_spec(
        title=title,
        subtitle=subtitle,
        description=(
            f"Bar chart of {title}: " + "; ".join(r["aria"] for r in valued) + "."
            if valued
            else f"{title}: there are no figures to chart."
        ),
        height=ROW_HEIGHT * max(len(rows), 1),
    )
    spec["data"] = {"values": rows}
    spec["encoding"] = {"y": y}
    spec["layer"] = [
        {
            "mark": {"type": "bar", "color": LINE},
            "transform": [{"filter": "isValid(datum.value)"}],
            "encoding": {
                "x": x,
                "tooltip": [tooltip_field("label", label_title), tooltip_field("value_text", "Value")],
                "description": described(),
            },
        },
        {
            "mark": {"type": "text", "align": "left", "dx": 4, "aria": False},
            "transform": [{"filter": "isValid(datum.value)"}],
            "encoding": {"x": x, "text": {"field": "short_text"}},
        },
    ]
    return spec


def share_table(
    figures: Sequence[ShareFigure],
    *,
    unit: str,
    title: str,
    decimals: int = 0,
    label_title: str = "Organisation",
    total: float | None = None,
    total_label: str = "Total",
) -> ChartTable:
    """One period's figures split one way, with the share of the total, and the total itself (or the
    overall figure, for percentages and rates) as the last row."""
    columns = [Column("label", label_title), Column("value", axis_title("Value", unit), "number", decimals)]
    if any(is_number(f.denominator) for f in figures):
        columns += [
            Column("numerator", "Numerator", "number", 0),
            Column("denominator", "Denominator", "number", 0),
        ]
    shares = any(is_number(f.share) for f in figures)
    if shares:
        columns.append(Column("share", "Share of the total (%)", "number", 1))
    columns += _status_columns(figures)
    rows = [
        {
            "label": f.label,
            "value": clean(f.value),
            "numerator": clean(f.numerator),
            "denominator": clean(f.denominator),
            "share": clean(f.share),
            **_status(f),
        }
        for f in figures
    ]
    if total is not None:
        rows.append(
            {
                **dict.fromkeys(c.key for c in columns),
                "label": total_label,
                "value": clean(total),
                "share": 100.0 if shares else None,
                "note": "",
            }
        )
    return table(title, columns, rows, highlighted=[len(rows) - 1] if total is not None else [])
