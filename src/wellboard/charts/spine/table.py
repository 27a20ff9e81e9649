"""The spine chart's figures as a table, for reading without the chart."""

from __future__ import annotations

from collections.abc import Sequence

from wellboard.charts.data import SpineRow, higher_is_better
from wellboard.charts.formatting import clean, is_number
from wellboard.charts.significance import significance_of
from wellboard.charts.spine.rows import _compared_by
from wellboard.charts.tables import ChartTable, Column, table


def spine_table(rows: Sequence[SpineRow], *, area_name: str = "", title: str = "Area profile") -> ChartTable:
    who = area_name or "Area"
    columns = [
        Column("indicator", "Indicator"),
        Column("period", "Period"),
        Column("unit", "Unit", show=False),
        Column("value", who, "number"),
        Column("significance", "Compared with England", "significance"),
        *([Column("compared_by", "Compared by")] if any(_compared_by(r) for r in rows) else []),
        Column("england", "England", "number"),
        Column("minimum", "Lowest area", "number"),
        Column("q25", "25th percentile", "number"),
        Column("q75", "75th percentile", "number"),
        Column("maximum", "Highest area", "number"),
        Column("polarity", "Polarity", show=False),
    ]
    data = [
        {
            "indicator": f"{r.indicator} ({r.unit})" if r.unit else r.indicator,
            "period": r.period,
            "unit": r.unit,
            "value": clean(r.value),
            "significance": significance_of(r.significance) if is_number(r.value) else None,
            "compared_by": _compared_by(r),
            "england": clean(r.benchmark),
            "minimum": clean(r.minimum),
            "q25": clean(r.q25),
            "q75": clean(r.q75),
            "maximum": clean(r.maximum),
            "polarity": _polarity_words(r.polarity),
        }
        for r in rows
    ]
    return table(title, columns, data)


def _polarity_words(polarity: str) -> str:
    better = higher_is_better(polarity)
    if better is None:
        return "Neither higher nor lower is better"
    return "Higher is better" if better else "Lower is better"
