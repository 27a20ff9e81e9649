"""What the indicator pages, dashboards and the API show, read through the selectors and computed
with the calculations: a handful of queries per page, whatever the number of figures."""

from wellboard.indicators.calculations.summaries.breakdowns import (
    BreakdownGroup,
    BreakdownRow,
    IndicatorBreakdowns,
    indicator_breakdowns,
)
from wellboard.indicators.calculations.summaries.context import (
    ComparatorSpec,
    Figure,
    SummaryContext,
    comparator_specs,
    summary_context,
)
from wellboard.indicators.calculations.summaries.indicator import (
    Comparison,
    IndicatorSummary,
    indicator_summaries,
    indicator_summary,
    node_summaries,
)
from wellboard.indicators.calculations.summaries.inequality import Inequality, QuantileRow, inequality
from wellboard.indicators.calculations.summaries.places import (
    MANY_AREAS,
    WITHIN_TYPES,
    AreaProfile,
    AreaRow,
    AreasCompared,
    MapRow,
    ProfileRow,
    RugColumn,
    RugFigure,
    TartanRug,
    WardMap,
    area_profile,
    areas_compared,
    tartan_rug,
    ward_map,
)
from wellboard.indicators.calculations.summaries.series import (
    ComparatorSeries,
    IndicatorSeries,
    SeriesPoint,
    TargetLinePoint,
    indicator_series,
)

__all__ = [
    "MANY_AREAS",
    "WITHIN_TYPES",
    "AreaProfile",
    "AreaRow",
    "AreasCompared",
    "BreakdownGroup",
    "BreakdownRow",
    "ComparatorSeries",
    "ComparatorSpec",
    "Comparison",
    "Figure",
    "IndicatorBreakdowns",
    "IndicatorSeries",
    "IndicatorSummary",
    "Inequality",
    "MapRow",
    "ProfileRow",
    "QuantileRow",
    "RugColumn",
    "RugFigure",
    "SeriesPoint",
    "SummaryContext",
    "TargetLinePoint",
    "TartanRug",
    "WardMap",
    "area_profile",
    "areas_compared",
    "comparator_specs",
    "indicator_breakdowns",
    "indicator_series",
    "indicator_summaries",
    "indicator_summary",
    "inequality",
    "node_summaries",
    "summary_context",
    "tartan_rug",
    "ward_map",
]
