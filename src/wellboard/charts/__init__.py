"""Vega-Lite chart specifications built in Python from plain data (no database access).

Each builder returns one Vega-Lite v6 spec (a dict). The browser draws it with vega-embed. Each
builder has a matching ``*_table`` function giving the same figures as a table, shown beside the
chart and offered as CSV and JSON.
"""

from wellboard.charts.choropleth import choropleth_map, map_table, quantile_bins
from wellboard.charts.compare import compare_bar_chart, compare_table
from wellboard.charts.data import (
    Benchmark,
    CompareRow,
    DecileValue,
    MapFeature,
    MapValue,
    SlopeIndexSummary,
    SpineRow,
    TargetPoint,
    TrendPoint,
    higher_is_better,
)
from wellboard.charts.inequality import inequality_chart, inequality_table, sii_sentence
from wellboard.charts.reach import ReachPoint, reach_chart
from wellboard.charts.rug import RugCell, RugColumn, RugRow, rug_cell, rug_rows, rug_table
from wellboard.charts.significance import (
    Significance,
    significance_css_class,
    significance_label,
    significance_of,
    significance_sentence,
)
from wellboard.charts.spine import spine_chart, spine_positions, spine_table
from wellboard.charts.tables import Cell, ChartTable, Column
from wellboard.charts.trend import trend_chart, trend_table

__all__ = [
    "Benchmark",
    "Cell",
    "ChartTable",
    "Column",
    "CompareRow",
    "DecileValue",
    "MapFeature",
    "MapValue",
    "ReachPoint",
    "RugCell",
    "RugColumn",
    "RugRow",
    "Significance",
    "SlopeIndexSummary",
    "SpineRow",
    "TargetPoint",
    "TrendPoint",
    "choropleth_map",
    "compare_bar_chart",
    "compare_table",
    "higher_is_better",
    "inequality_chart",
    "inequality_table",
    "map_table",
    "quantile_bins",
    "reach_chart",
    "rug_cell",
    "rug_rows",
    "rug_table",
    "significance_css_class",
    "significance_label",
    "significance_of",
    "significance_sentence",
    "sii_sentence",
    "spine_chart",
    "spine_positions",
    "spine_table",
    "trend_chart",
    "trend_table",
]
