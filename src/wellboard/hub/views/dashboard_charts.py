"""The hub dashboard's charts: Vega-Lite specs built from the (disclosed) figures, each with the table
of the same figures beside it and offered as CSV and JSON."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from wellboard.charts.common import LINE, Spec, base_spec, number_axes, tooltip_field
from wellboard.charts.tables import ChartTable, Column, table
from wellboard.hub.calculations import Shown

COST_COLOUR = "#0b0c0c"
# Colour-blind-safe, distinguishable on white (GOV.UK blue, orange, turquoise, purple).
SERIES = ["#1d70b8", "#f47738", "#28a197", "#4c2c92"]
# One entry a line under the chart, so a legend fits a phone's width.
NARROW_LEGEND = {"orient": "bottom", "direction": "vertical", "columns": 1}


@dataclass
class HubChart:
    """One chart: its spec, its table, and where to download the table (the names the shared chart
    partial, ``indicators/partials/chart.html``, reads)."""

    key: str
    title: str
    spec: Spec
    table: ChartTable
    intro: str = ""
    empty_message: str = "There is nothing to show for these dates."
    csv_url: str = ""
    json_url: str = ""
    extra: dict[str, Any] = field(default_factory=dict)
    # Every figure suppressed: an empty plot would be an unlabelled graphic, so the table stands alone.
    nothing_to_draw: bool = False

    @property
    def dom_id(self) -> str:
        return f"chart-{self.key}"

    @property
    def spec_id(self) -> str:
        return f"chart-{self.key}-spec"

    @property
    def is_empty(self) -> bool:
        return self.table.is_empty

    def with_downloads(self, base_url: str, query: str) -> HubChart:
        suffix = f"?{query}" if query else ""
        self.csv_url = f"{base_url}{self.key}.csv{suffix}"
        self.json_url = f"{base_url}{self.key}.json{suffix}"
        return self


def _cell(shown: Shown) -> int | str:
    """A count in a table and its downloads: the number, or the marker where it is suppressed."""
    return shown.text if shown.suppressed or shown.value is None else shown.value


def count_chart(
    *,
    key: str,
    title: str,
    category: str,
    rows: Sequence[tuple[str, str, Shown]],
    measure: str = "Contacts",
    intro: str = "",
    sort_by_count: bool = False,
) -> HubChart:
    """Horizontal bars, one per category (label, code, count), in the order given (or largest
    first). Suppressed counts are left out of the chart and shown as '*' in the table."""
    ordered = sorted(rows, key=lambda r: -(r[2].value or 0)) if sort_by_count else list(rows)
    data = [
        {"label": label, "count": shown.value, "text": shown.text, "aria": f"{label}: {shown.text}"}
        for label, _code, shown in ordered
    ]
    spec = base_spec(
        title=title,
        description=f"{title}: a bar for each {category.lower()}. The table gives every figure.",
        height=max(80, 26 * len(data)),
    )
    spec.update(
        {
            "data": {"values": data},
            "mark": {"type": "bar", "color": LINE},
            "encoding": {
                "y": {"field": "label", "type": "nominal", "sort": None, "title": category},
                "x": {"field": "count", "type": "quantitative", "title": measure},
                "tooltip": [tooltip_field("label", category), tooltip_field("text", measure)],
                "description": {"field": "aria", "type": "nominal"},
            },
        }
    )
    chart_table = table(
        title,
        [Column("label", category), Column("code", "Code", show=False), Column("count", measure)],
        [{"label": label, "code": code, "count": _cell(shown)} for label, code, shown in ordered],
    )
    return HubChart(
        key=key,
        title=title,
        spec=number_axes(spec, ",d", whole_numbers=True),
        table=chart_table,
        intro=intro,
        nothing_to_draw=all(d["count"] is None for d in data),
    )


@dataclass(frozen=True)
class RateRow:
    """One group's share of referrals reaching each outcome (percent and 95% limits; None if hidden)."""

    label: str
    total: Shown
    shares: dict[str, tuple[Shown, float | None, float | None, float | None]]


def _rate(row: RateRow, code: str) -> tuple[Shown, float | None, float | None, float | None]:
    """One outcome's share, blanked when its count or the group's total is suppressed: a rate worked
    out from a hidden count is never published, and never drawn as 0%."""
    count, percent, lower, upper = row.shares[code]
    if count.suppressed or row.total.suppressed or percent is None:
        return count, None, None, None
    return count, percent, lower, upper


def rates_chart(
    *, key: str, title: str, category: str, rows: Sequence[RateRow], outcomes: dict[str, str], intro: str = ""
) -> HubChart:
    """For each group, a bar per outcome (its percentage) with a line for its 95% confidence interval.
    Only the rates that may be shown are drawn; the groups with none are left out of the chart, and
    the table beside it marks what is suppressed."""
    data = []
    for row in rows:
        for code, label in outcomes.items():
            count, percent, lower, upper = _rate(row, code)
            if percent is None:
                continue
            data.append(
                {
                    "group": row.label,
                    "outcome": label,
                    "percent": percent,
                    "lower": lower,
                    "upper": upper,
                    "aria": f"{row.label}, {label}: {percent:.1f}% ({count.text} of {row.total.text})",
                }
            )
    y = {"field": "group", "type": "nominal", "sort": None, "title": category}
    offset = {"field": "outcome", "type": "nominal", "sort": list(outcomes.values())}
    colour = {
        "field": "outcome",
        "type": "nominal",
        "sort": list(outcomes.values()),
        "scale": {"domain": list(outcomes.values()), "range": SERIES[: len(outcomes)]},
        "title": "Outcome",
        # Squares, as for the bars, though the marks at 0% are dots.
        "legend": {**NARROW_LEGEND, "symbolType": "square"},
    }
    spec = base_spec(
        title=title,
        description=f"{title}: for each {category.lower()}, the share of referrals reaching each outcome "
        "with its 95% confidence interval. The table gives every figure.",
        # A band for each group drawn, as tall as the outcomes drawn side by side in it.
        height=max(120, 22 * len({d["group"] for d in data}) * len({d["outcome"] for d in data})),
    )
    spec.update(
        {
            "data": {"values": data},
            "encoding": {"y": y, "yOffset": offset},
            "layer": [
                {
                    "mark": {"type": "bar"},
                    "encoding": {
                        "x": {
                            "field": "percent",
                            "type": "quantitative",
                            "title": "Share of referrals (%)",
                            "scale": {"domain": [0, 100]},
                        },
                        "color": colour,
                        "tooltip": [
                            tooltip_field("group", category),
                            tooltip_field("outcome", "Outcome"),
                            {"field": "percent", "title": "Share (%)", "format": ".1f"},
                            {"field": "lower", "title": "Lower 95% limit", "format": ".1f"},
                            {"field": "upper", "title": "Upper 95% limit", "format": ".1f"},
                        ],
                        "description": {"field": "aria", "type": "nominal"},
                    },
                },
                {
                    "mark": {"type": "rule", "color": COST_COLOUR, "aria": False},
                    "encoding": {
                        "x": {"field": "lower", "type": "quantitative"},
                        "x2": {"field": "upper"},
                    },
                },
                # A share of 0% has a bar of no length: a mark at 0 in its outcome's colour says which
                # outcome the interval beside it belongs to.
                {
                    "transform": [{"filter": "datum.percent === 0"}],
                    "mark": {"type": "point", "filled": True, "size": 50, "opacity": 1, "aria": False},
                    "encoding": {"x": {"field": "percent", "type": "quantitative"}, "color": colour},
                },
            ],
        }
    )
    columns = [Column("label", category), Column("total", "Referrals")]
    for code, label in outcomes.items():
        columns += [
            Column(f"{code}_count", label),
            Column(f"{code}_percent", f"{label} (%)", "number", 1),
            Column(f"{code}_lower", f"{label}: lower 95% limit", "number", 1, show=False),
            Column(f"{code}_upper", f"{label}: upper 95% limit", "number", 1, show=False),
        ]
    records = []
    for row in rows:
        record: dict[str, Any] = {"label": row.label, "total": _cell(row.total)}
        for code in outcomes:
            count, percent, lower, upper = _rate(row, code)
            record |= {
                f"{code}_count": _cell(count),
                f"{code}_percent": percent,
                f"{code}_lower": lower,
                f"{code}_upper": upper,
            }
        records.append(record)
    return HubChart(
        key=key,
        title=title,
        spec=spec,
        table=table(title, columns, records),
        intro=intro,
        nothing_to_draw=not data,
    )


@dataclass(frozen=True)
class MoneyRow:
    label: str
    month: str
    room_bookings: Shown
    memberships: Shown
    room_hire_income: float
    membership_income: float
    other_income: float
    running_cost: float

    @property
    def income(self) -> float:
        return round(self.room_hire_income + self.membership_income + self.other_income, 2)


def money_chart(*, key: str, title: str, rows: Sequence[MoneyRow], intro: str = "") -> HubChart:
    """Each month's income, stacked by source, against a line for its running cost."""
    sources = {
        "room_hire_income": "Room hire",
        "membership_income": "Referral memberships",
        "other_income": "Other income",
    }
    bars = [
        {
            "month": row.label,
            "start": row.month,
            "source": label,
            "pounds": getattr(row, name),
            "aria": f"{row.label}, {label}: £{getattr(row, name):,.2f}",
        }
        for row in rows
        for name, label in sources.items()
    ]
    cost = [
        {"month": row.label, "start": row.month, "cost": row.running_cost, "income": row.income}
        for row in rows
    ]
    # Months in time order, each a band for its bars, labelled as people say them.
    x = {
        "field": "start",
        "type": "ordinal",
        "timeUnit": "utcyearmonth",
        "title": "Month",
        "axis": {"labelAngle": -40, "format": "%b %Y", "formatType": "utc"},
    }
    spec = base_spec(
        title=title,
        description=f"{title}: each month's income from room hire, memberships and other sources, "
        "stacked, with a line for the running cost. The table gives every figure.",
        subtitle="Bars: income by source. Dashed line: running cost.",
        height=260,
    )
    spec["layer"] = [
        {
            "data": {"values": bars},
            "mark": {"type": "bar"},
            "encoding": {
                "x": x,
                "y": {"field": "pounds", "type": "quantitative", "stack": "zero", "title": "Pounds (£)"},
                "color": {
                    "field": "source",
                    "type": "nominal",
                    "scale": {"domain": list(sources.values()), "range": SERIES[:3]},
                    "title": "Income",
                    "legend": NARROW_LEGEND,
                },
                "tooltip": [
                    tooltip_field("month", "Month"),
                    tooltip_field("source", "Income"),
                    {"field": "pounds", "title": "£", "format": ",.2f"},
                ],
                "description": {"field": "aria", "type": "nominal"},
            },
        },
        {
            "data": {"values": cost},
            "mark": {"type": "line", "point": True, "color": COST_COLOUR, "strokeDash": [6, 3]},
            "encoding": {
                "x": x,
                "y": {"field": "cost", "type": "quantitative", "title": "Pounds (£)"},
                "tooltip": [
                    tooltip_field("month", "Month"),
                    {"field": "cost", "title": "Running cost (£)", "format": ",.2f"},
                    {"field": "income", "title": "Income (£)", "format": ",.2f"},
                ],
            },
        },
    ]
    columns = [
        Column("month", "Month"),
        Column("room_bookings", "Room bookings"),
        Column("room_hire_income", "Room hire (£)", "number", 2),
        Column("memberships", "Memberships sold"),
        Column("membership_income", "Memberships (£)", "number", 2),
        Column("other_income", "Other income (£)", "number", 2),
        Column("income", "Income (£)", "number", 2),
        Column("running_cost", "Running cost (£)", "number", 2),
        Column("balance", "Income less cost (£)", "number", 2),
    ]
    records = [
        {
            "month": row.label,
            "room_bookings": _cell(row.room_bookings),
            "room_hire_income": row.room_hire_income,
            "memberships": _cell(row.memberships),
            "membership_income": row.membership_income,
            "other_income": row.other_income,
            "income": row.income,
            "running_cost": row.running_cost,
            "balance": round(row.income - row.running_cost, 2),
        }
        for row in rows
    ]
    return HubChart(
        key=key,
        title=title,
        spec=number_axes(spec, ",.0f"),
        table=table(title, columns, records),
        intro=intro,
    )
