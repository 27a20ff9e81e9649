"""Wellboard's statistics: pure numpy/scipy implementations of the public health methods.

Every estimator takes array-likes (one entry per input row), sums rows per group when
``groups=`` is given, and returns an :class:`Estimate` of values with confidence limits.
The methods follow OHID/PHE's published methods as implemented in PHEindicatormethods and
used by Fingertips; ``docs/statistics.md`` maps each function to its reference.

This package imports nothing from Django or other Wellboard packages.
"""

from wellboard.stats._grouping import GroupKeys, factorise
from wellboard.stats.compare import compare
from wellboard.stats.disclosure import (
    Suppressed,
    SuppressedTable,
    suppress_counts,
    suppress_derived,
    suppress_table,
    suppress_totals,
)
from wellboard.stats.dsr import dsr
from wellboard.stats.esp2013 import ESP2013, ESP2013_BANDS, ESP2013_START_AGES
from wellboard.stats.estimate import Estimate
from wellboard.stats.funnels import FunnelLimits, funnel_limits, funnel_points, funnel_significance
from wellboard.stats.inequality import SlopeIndex, sii
from wellboard.stats.isr import isr, smr
from wellboard.stats.life_expectancy import life_expectancy
from wellboard.stats.means import mean
from wellboard.stats.proportions import proportion
from wellboard.stats.quantiles import quantiles
from wellboard.stats.rates import rate
from wellboard.stats.trend import Trend, trend, trend_from_limits
from wellboard.stats.wellbeing import (
    PairedChange,
    ons4_band_counts,
    ons4_band_index,
    ons4_bands,
    paired_change,
    swemwbs_metric,
    swemwbs_raw_total,
)

__all__ = [
    "ESP2013",
    "ESP2013_BANDS",
    "ESP2013_START_AGES",
    "Estimate",
    "FunnelLimits",
    "GroupKeys",
    "PairedChange",
    "SlopeIndex",
    "Suppressed",
    "SuppressedTable",
    "Trend",
    "compare",
    "dsr",
    "factorise",
    "funnel_limits",
    "funnel_points",
    "funnel_significance",
    "isr",
    "life_expectancy",
    "mean",
    "ons4_band_counts",
    "ons4_band_index",
    "ons4_bands",
    "paired_change",
    "proportion",
    "quantiles",
    "rate",
    "sii",
    "smr",
    "suppress_counts",
    "suppress_derived",
    "suppress_table",
    "suppress_totals",
    "swemwbs_metric",
    "swemwbs_raw_total",
    "trend",
    "trend_from_limits",
]
